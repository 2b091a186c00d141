/**
 * A verified LDAP connection for plan/apply/rollback until main/directory provides one:
 * LDAPS, or LDAP with mandatory StartTLS (a simple bind never goes in clear text); the
 * system CAs plus --ca, or a pinned certificate fingerprint. Failures exit 3.
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates, type PeerCertificate } from 'node:tls';
import { Client } from 'ldapts';
import { ExitCode, WizardError } from '../../shared/errors';

export interface LdapConnectionOptions {
  readonly url: string;
  readonly bindUser: string;
  readonly password: string;
  /** PEM text of an extra CA to trust. */
  readonly caPem?: string;
  /** sha256 of the DC certificate (hex, colons allowed), pinned instead of CA trust. */
  readonly tlsFingerprint?: string;
}

export async function connectLdap(options: LdapConnectionOptions): Promise<Client> {
  const url = new URL(options.url);
  if (url.protocol !== 'ldaps:' && url.protocol !== 'ldap:') {
    throw new WizardError(
      'dc-url',
      `--dc ${options.url} is not ldaps://host[:port] or ldap://host[:port].`,
      'Give the DC as ldaps://dc1.contoso.com.',
      ExitCode.usage,
    );
  }
  const pin = options.tlsFingerprint?.replace(/:/g, '').toLowerCase();
  const tlsOptions = {
    ...(options.caPem ? { ca: [...rootCertificates, options.caPem] } : {}),
    ...(pin
      ? {
          // Pinning replaces CA trust: the certificate must be exactly this one.
          rejectUnauthorized: false,
          checkServerIdentity: (_host: string, certificate: PeerCertificate) => {
            const actual = new X509Certificate(certificate.raw).fingerprint256
              .replace(/:/g, '')
              .toLowerCase();
            return actual === pin
              ? undefined
              : new Error(`the DC certificate's sha256 is ${actual}, not the pinned ${pin}`);
          },
        }
      : {}),
  };
  const client = new Client({
    url: options.url,
    connectTimeout: 10_000,
    timeout: 60_000,
    tlsOptions,
  });
  try {
    if (url.protocol === 'ldap:') await client.startTLS(tlsOptions);
    await client.bind(options.bindUser, options.password);
  } catch (error) {
    await client.unbind().catch(() => undefined);
    const message = (error as Error).message;
    throw new WizardError(
      'dc-connect',
      `Cannot connect to ${options.url} as ${options.bindUser}: ${message}.`,
      /certificate|self.signed|CERT|pinned/i.test(message)
        ? 'Trust the DC certificate: give --ca <issuing CA.pem> or --tls-fingerprint <sha256>.'
        : /credential|49/i.test(message)
          ? 'Check --bind-user and the password in --password-env.'
          : 'Check --dc (LDAPS on port 636 must be reachable from here).',
      ExitCode.connect,
      { cause: error },
    );
  }
  return client;
}
