/**
 * Turns a failed connect or bind into the one WizardError an admin can act on (exit 3). Pure:
 * it reads the error's code and AD's diagnostic text, so each case is unit-tested on the exact
 * strings a Windows DC or Samba sends.
 */
import { ExitCode, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';

/** What the admin needs to compare an untrusted certificate with the DC's own. */
export interface CertificateFacts {
  readonly sha256: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
}

function connectError(code: string, message: string, fix: string, cause: unknown): WizardError {
  return new WizardError(code, message, fix, ExitCode.connect, { cause });
}

function describeCertificate(cert: CertificateFacts | undefined): string {
  if (!cert) return '';
  return (
    ` Its certificate: SHA-256 ${cert.sha256}; subject ${cert.subject}; issuer ${cert.issuer};` +
    ` valid ${cert.validFrom} to ${cert.validTo}.`
  );
}

/**
 * AD's invalid-credentials sub-codes (the "data XXX" of the bind diagnostic,
 * e.g. `80090308: LdapErr: DSID-0C09042F, comment: AcceptSecurityContext error, data 775, v4563`).
 * They are Win32 error codes: 52e ERROR_LOGON_FAILURE, 775 ERROR_ACCOUNT_LOCKED_OUT,
 * 532 ERROR_PASSWORD_EXPIRED, 773 ERROR_PASSWORD_MUST_CHANGE, 533 ERROR_ACCOUNT_DISABLED,
 * 701 ERROR_ACCOUNT_EXPIRED, 530/531 logon hours / workstation restrictions.
 */
const bindSubCodes: Record<string, { code: string; what: string; fix: string }> = {
  '52e': {
    code: 'bind-wrong-password',
    what: 'the user name or password is wrong',
    fix: `Check ${field('bindUser')} (UPN or DN) and the password in the ${field('password')} variable.`,
  },
  '775': {
    code: 'bind-locked-out',
    what: 'the account is locked out',
    fix: 'Unlock the account in Active Directory Users and Computers (Account tab), or wait for the lockout duration, then retry.',
  },
  '532': {
    code: 'bind-password-expired',
    what: 'the account’s password has expired',
    fix: 'Set a new password for the account (it cannot bind until it does), then retry.',
  },
  '773': {
    code: 'bind-must-change-password',
    what: 'the account must change its password at next logon',
    fix: 'Set a new password for the account, or clear "User must change password at next logon", then retry.',
  },
  '533': {
    code: 'bind-account-disabled',
    what: 'the account is disabled',
    fix: 'Enable the account in Active Directory Users and Computers, or bind with another account.',
  },
  '701': {
    code: 'bind-account-expired',
    what: 'the account has expired',
    fix: 'Extend the account expiration date (Account tab, "Account expires"), then retry.',
  },
  '530': {
    code: 'bind-logon-hours',
    what: 'the account may not log on at this time (logon hours)',
    fix: 'Allow logon at this time for the account (Account tab, "Logon Hours").',
  },
  '531': {
    code: 'bind-workstation',
    what: 'the account may not log on from this computer',
    fix: 'Allow this computer under "Log On To" for the account.',
  },
};

/** The AD sub-code in a bind diagnostic, lower case, or undefined. */
export function bindSubCode(diagnostic: string): string | undefined {
  return /\bdata ([0-9a-f]{3,8})\b/i.exec(diagnostic)?.[1]?.toLowerCase();
}

export interface ConnectContext {
  readonly url: string;
  readonly bindUser: string;
  readonly connectTimeoutMs: number;
  /** Filled when a TLS failure let us read the server's certificate. */
  readonly certificate?: CertificateFacts;
}

const trustFix = `Give the CA that issued the DC certificate with ${field('ca', '<file.pem>')}, or pin the certificate with ${field('tlsFingerprint', '<sha256>')} after comparing it with the DC’s (certlm.msc on the DC).`;

/** What a thrown value says about itself, read once for every classifier below. */
interface Failure {
  readonly error: unknown;
  /** Node's error code (ENOTFOUND, CERT_HAS_EXPIRED, …), '' when none. */
  readonly code: string;
  /** The LDAP result code (RFC 4511 §4.1.9), when the DC answered with one. */
  readonly resultCode: number | undefined;
  readonly name: unknown;
  readonly message: string;
  readonly host: string;
  readonly where: string;
}

/** The WizardError for anything thrown while connecting, starting TLS or binding. */
export function classifyConnectError(error: unknown, context: ConnectContext): WizardError {
  if (error instanceof WizardError) return error;
  const err = error as { code?: unknown; message?: unknown; name?: unknown };
  const failure: Failure = {
    error,
    code: typeof err.code === 'string' ? err.code : '',
    resultCode: typeof err.code === 'number' ? err.code : undefined,
    name: err.name,
    message: typeof err.message === 'string' ? err.message : String(error),
    host: safeHost(context.url),
    where: context.url,
  };
  return (
    networkError(failure, context) ??
    certificateError(failure, context) ??
    ldapResultError(failure, context) ??
    connectError(
      'dc-connect-failed',
      `Cannot connect to ${failure.where} as ${context.bindUser}: ${failure.message}`,
      `Check ${field('dc')}, ${field('bindUser')} and the network path to the DC.`,
      error,
    )
  );
}

/** The DC's name, address or port: nothing TLS or LDAP was reached. */
function networkError(f: Failure, context: ConnectContext): WizardError | undefined {
  const { code, host, where, error } = f;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return connectError(
      'dc-name-not-resolved',
      `The DC name ${host} does not resolve in DNS.`,
      `Check the spelling of ${field('dc')}, and that this computer uses the domain’s DNS servers (nslookup ` +
        host +
        ').',
      error,
    );
  }
  if (code === 'ECONNREFUSED') {
    return connectError(
      'dc-port-closed',
      `${where} refused the connection: nothing listens on that port.`,
      'Check the port (LDAPS is 636, LDAP with StartTLS 389) and that the DC has an LDAPS certificate enrolled.',
      error,
    );
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return connectError(
      'dc-unreachable',
      `${where} cannot be reached from this computer (${code}).`,
      'Check routing and firewalls between this computer and the DC.',
      error,
    );
  }
  if (
    code === 'ETIMEDOUT' ||
    /timeout|timed out/i.test(f.message) ||
    (f.name === 'TimeoutError' && f.resultCode === undefined)
  ) {
    return connectError(
      'dc-timeout',
      `${where} did not answer within ${context.connectTimeoutMs / 1000} s: the port is filtered or the server is not an LDAP server.`,
      'Check that a firewall allows TCP 636 (or 389 for StartTLS) from this computer to the DC.',
      error,
    );
  }
  return undefined;
}

/** The DC's certificate: expired, for another name, not the pinned one, or not trusted. */
function certificateError(f: Failure, context: ConnectContext): WizardError | undefined {
  const { code, host, where, error } = f;
  const certificate = describeCertificate(context.certificate);
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return connectError(
      code === 'CERT_HAS_EXPIRED' ? 'dc-cert-expired' : 'dc-cert-not-yet-valid',
      `The certificate of ${host} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not yet valid'}.${certificate}`,
      'Renew the DC’s LDAPS certificate (it re-enrolls from the Domain Controller template), then retry.',
      error,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return connectError(
      'dc-cert-wrong-host',
      `The certificate presented at ${where} is not for ${host}.${certificate}`,
      `Give ${field('dc')} the DC name written in its certificate (its DNS name, e.g. ldaps://dc1.contoso.com), not an alias or address it does not list.`,
      error,
    );
  }
  if (code === 'pinned-fingerprint-mismatch') {
    return connectError(
      'dc-cert-fingerprint-mismatch',
      `The certificate of ${host} is not the one pinned with ${field('tlsFingerprint')}.${certificate}`,
      'Compare the fingerprint above with the DC’s certificate; if the DC renewed it, pin the new one.',
      error,
    );
  }
  if (
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code) ||
    /self[- ]signed|unable to verify|certificate/i.test(f.message)
  ) {
    return connectError(
      'dc-cert-untrusted',
      `The certificate of ${host} is not trusted by this computer.${certificate}`,
      trustFix,
      error,
    );
  }
  return undefined;
}

/** A dropped handshake, or the DC's answer to the bind (RFC 4511 §4.1.9 result codes). */
function ldapResultError(f: Failure, context: ConnectContext): WizardError | undefined {
  const { code, resultCode, where, error } = f;
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|closed/i.test(f.message)) {
    return connectError(
      'dc-connection-dropped',
      `${where} closed the connection during the TLS handshake or bind.`,
      'Check that the port speaks LDAPS (636) or plain LDAP with StartTLS (389), and that the DC has a certificate.',
      error,
    );
  }
  if (resultCode === 49 || f.name === 'InvalidCredentialsError') {
    const sub = bindSubCode(f.message);
    const known = sub ? bindSubCodes[sub] : undefined;
    return connectError(
      known?.code ?? 'bind-invalid-credentials',
      `The DC refused the bind of ${context.bindUser}: ${known?.what ?? 'invalid credentials'}${sub ? ` (AD code ${sub})` : ''}.`,
      known?.fix ?? bindSubCodes['52e']!.fix,
      error,
    );
  }
  if (resultCode === 8 || resultCode === 13 || /StrongAuth|Confidentiality/.test(String(f.name))) {
    return connectError(
      'dc-strong-auth-required',
      `${where} requires stronger authentication than this connection offers (LDAP result ${resultCode ?? String(f.name)}).`,
      'Use ldaps:// or ldap:// (StartTLS is then used); if the DC enforces LDAP channel binding, use LDAPS on 636.',
      error,
    );
  }
  return undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** The server answered but is not Active Directory (no LDAP_CAP_ACTIVE_DIRECTORY_OID). */
export function notAnAdDc(url: string, vendor: string | undefined): WizardError {
  return new WizardError(
    'dc-not-active-directory',
    `${url} is an LDAP server but not an Active Directory domain controller${vendor ? ` (it says it is ${vendor})` : ''}: its rootDSE does not list the Active Directory capability 1.2.840.113556.1.4.800.`,
    `Give ${field('dc')} the name of a domain controller of the domain where password writeback is turned on.`,
    ExitCode.connect,
  );
}
