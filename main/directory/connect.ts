/**
 * The engine's only door to Active Directory (docs/domain-facts.md §1, §6): LDAPS, or LDAP with
 * mandatory StartTLS, so a simple bind never crosses the wire in clear text. The certificate
 * is verified against the system store plus the admin's CA, or pinned by SHA-256.
 * Credentials stay in this closure; nothing here logs them.
 */
import { fileProblem } from '../platform/file-problem';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  connect as tlsConnect,
  rootCertificates,
  type ConnectionOptions,
  type TLSSocket,
} from 'node:tls';
import type { Client } from 'ldapts';
import { BoundTlsClient } from './secure-session';
import { refuseDisabledTlsVerification } from '../platform/tls-verification';
import { ExitCode, WizardError } from '../../shared/errors';
import { certificateFacts, probeCertificate } from './certificate-probe';
import { classifyConnectError, notAnAdDc } from './connect-errors';
import { LdapDirectory, type Directory } from './directory';
import { text, texts } from './entry';
import { field } from '../../shared/fields';

export type { Directory } from './directory';

export interface DirectoryOptions {
  /** `ldaps://host[:636]` or `ldap://host[:389]` (StartTLS is then mandatory). */
  readonly url: string;
  /** UPN (`admin@contoso.com`) or DN. */
  readonly bindUser: string;
  readonly password: string;
  /** PEM text of a CA to trust besides the system store. */
  readonly caPem?: string;
  /** A PEM file of a CA to trust besides the system store. */
  readonly caFile?: string;
  /** SHA-256 of the DC certificate (hex, colons optional): pinned instead of CA trust. */
  readonly tlsFingerprint?: string;
  readonly connectTimeoutMs?: number;
  readonly operationTimeoutMs?: number;
}

/** LDAP_CAP_ACTIVE_DIRECTORY_OID (MS-ADTS 3.1.1.3.4.3.1). */
export const AD_CAPABILITY = '1.2.840.113556.1.4.800';

export function normaliseFingerprint(value: string): string {
  const hex = value.replace(/[:\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new WizardError(
      'tls-fingerprint-invalid',
      `${field('tlsFingerprint')} must be a SHA-256 fingerprint (64 hex digits, colons allowed); got ${value.length} characters.`,
      'Copy the SHA-256 fingerprint shown in the certificate error, or from the DC certificate’s Details tab.',
      ExitCode.usage,
    );
  }
  return hex;
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    url = new URL('invalid://');
  }
  if ((url.protocol !== 'ldaps:' && url.protocol !== 'ldap:') || !url.hostname) {
    throw new WizardError(
      'dc-url-invalid',
      `The DC address "${raw}" is not ldaps://host[:port] or ldap://host[:port].`,
      `Give ${field('dc')} as ldaps://dc1.contoso.com (LDAPS) or ldap://dc1.contoso.com (StartTLS is then used).`,
      ExitCode.usage,
    );
  }
  return url;
}

/** TLS options: system CAs plus the given CA, or a pinned certificate. */
export function tlsOptionsFor(options: DirectoryOptions, host: string): ConnectionOptions {
  const extraCa = options.caPem ?? (options.caFile ? readCaFile(options.caFile) : undefined);
  const servername = /^[\d.:]+$/.test(host) ? undefined : host;
  if (options.tlsFingerprint) {
    normaliseFingerprint(options.tlsFingerprint);
    // Pinning replaces CA trust and host name checks: pinnedConnect checks the certificate
    // is exactly the pinned one before the socket is handed to LDAP (so before any bind).
    return { servername, rejectUnauthorized: false };
  }
  // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED cannot turn the check off for the DC.
  return {
    servername,
    rejectUnauthorized: true,
    ...(extraCa ? { ca: [...rootCertificates, extraCa] } : {}),
  };
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new WizardError(
      'ca-file-unreadable',
      `The CA file ${path} cannot be read: ${fileProblem(error)}.`,
      `Give ${field('ca')} the path of the PEM file of the CA that issued the DC certificate.`,
      ExitCode.usage,
      { cause: error },
    );
  }
}

/**
 * tls.connect that refuses, before anyone sees the connection, a certificate whose SHA-256 is
 * not the pinned one: 'secureConnect' becomes an 'error' carrying the certificate.
 */
export function pinnedConnect(pin: string): (...args: unknown[]) => TLSSocket {
  return (...args: unknown[]) => {
    const socket = (tlsConnect as (...a: unknown[]) => TLSSocket)(...args);
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...rest: unknown[]) => {
      if (event !== 'secureConnect') return emit(event, ...rest);
      const raw = socket.getPeerCertificate().raw;
      const actual = new X509Certificate(raw).fingerprint256.replace(/:/g, '').toLowerCase();
      if (actual === pin) return emit(event, ...rest);
      const error = Object.assign(new Error('pinned fingerprint mismatch'), {
        code: 'pinned-fingerprint-mismatch',
        raw,
      });
      socket.destroy(error);
      return true;
    }) as typeof socket.emit;
    return socket;
  };
}

/**
 * How this connection is opened, and reopened after a drop: TLS (LDAPS, or StartTLS before
 * anything else), the certificate checked or pinned, then the bind. Every connection the
 * Directory holds comes from here; nobody else builds TLS options or binds.
 */
export function boundClientOpener(options: DirectoryOptions): () => Promise<Client> {
  refuseDisabledTlsVerification();
  const url = parseUrl(options.url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const operationTimeoutMs = options.operationTimeoutMs ?? 120_000;
  const tlsOptions = tlsOptionsFor(options, url.hostname);
  const pin = options.tlsFingerprint ? normaliseFingerprint(options.tlsFingerprint) : undefined;

  const open = async (): Promise<Client> => {
    // Every operation on this client runs TLS-protected and bound, or reopens through this
    // same path (secure-session.ts): ldapts would otherwise reconnect in clear and unbound.
    const client = new BoundTlsClient(
      {
        url: options.url,
        connectTimeout: connectTimeoutMs,
        timeout: operationTimeoutMs,
        // ldapts treats tlsOptions as "connect with TLS": on ldap:// they go to StartTLS only.
        ...(url.protocol === 'ldaps:' ? { tlsOptions } : {}),
        strictDN: false,
        ...(pin ? { createSecureConnection: pinnedConnect(pin) as never } : {}),
      },
      {
        ...(url.protocol === 'ldap:' ? { startTls: { ...tlsOptions, host: url.hostname } } : {}),
        pinned: pin !== undefined,
        authenticate: (bound) => bound.bind(options.bindUser, options.password),
      },
    );
    try {
      await client.establish();
      return client;
    } catch (error) {
      await client.unbind().catch(() => undefined);
      const code = (error as { code?: unknown }).code;
      let certificate;
      if (code === 'pinned-fingerprint-mismatch') {
        certificate = certificateFacts((error as unknown as { raw: Buffer }).raw);
      } else if (
        url.protocol === 'ldaps:' &&
        typeof code === 'string' &&
        /CERT|SELF_SIGNED|UNABLE_TO|ALTNAME/.test(code)
      ) {
        certificate = await probeCertificate(
          url.hostname,
          Number(url.port || 636),
          connectTimeoutMs,
        );
      }
      throw classifyConnectError(error, {
        url: options.url,
        bindUser: options.bindUser,
        connectTimeoutMs,
        certificate,
      });
    }
  };

  return open;
}

/** The same account at another DC, trusting only that DC's pinned certificate. */
function pinnedTo(
  options: DirectoryOptions,
  url: string,
  tlsFingerprint: string,
): DirectoryOptions {
  const { caPem: _caPem, caFile: _caFile, ...rest } = options;
  return { ...rest, url, tlsFingerprint };
}

/** Connects, starts TLS when needed, binds and checks the server is an AD DC. */
export async function connectDirectory(options: DirectoryOptions): Promise<Directory> {
  const open = boundClientOpener(options);
  const client = await open();
  // Another DC, with everything but the address as given here (the password never leaves).
  const directory = new LdapDirectory(client, open, (other, trust) =>
    connectDirectory(
      trust?.tlsFingerprint
        ? pinnedTo(options, other, trust.tlsFingerprint)
        : { ...options, url: other },
    ),
  );
  try {
    const root = await directory.rootDse();
    if (!texts(root, 'supportedCapabilities').includes(AD_CAPABILITY)) {
      throw notAnAdDc(options.url, text(root, 'vendorName'));
    }
  } catch (error) {
    await directory.close();
    throw error;
  }
  return directory;
}
