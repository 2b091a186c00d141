/**
 * When the DC's certificate is refused, read it once more without trusting it, only to show
 * the admin its fingerprint, subject, issuer and validity (nothing is sent over that socket).
 */
import { X509Certificate } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';
import type { CertificateFacts } from './connect-errors';

export function certificateFacts(raw: Uint8Array): CertificateFacts {
  const cert = new X509Certificate(raw);
  return {
    sha256: cert.fingerprint256,
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    validFrom: cert.validFrom,
    validTo: cert.validTo,
  };
}

/** The certificate an LDAPS port presents, or undefined when it cannot be read in time. */
export function probeCertificate(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<CertificateFacts | undefined> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host,
      port,
      servername: /^[\d.:]+$/.test(host) ? undefined : host,
      rejectUnauthorized: false,
    });
    const done = (facts: CertificateFacts | undefined) => {
      socket.destroy();
      resolve(facts);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      done(peer?.raw ? certificateFacts(peer.raw) : undefined);
    });
  });
}
