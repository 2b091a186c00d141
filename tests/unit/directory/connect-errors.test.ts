import { describe, expect, it } from 'vitest';
import { InvalidCredentialsError } from 'ldapts';
import { bindSubCode, classifyConnectError } from '../../../main/directory/connect-errors';

const context = {
  url: 'ldaps://dc1.contoso.com',
  bindUser: 'admin@contoso.com',
  connectTimeoutMs: 5000,
};

function windowsBindError(sub: string): Error {
  return new InvalidCredentialsError(
    `80090308: LdapErr: DSID-0C09042F, comment: AcceptSecurityContext error, data ${sub}, v4563`,
  );
}

describe('classifyConnectError', () => {
  it.each([
    ['52e', 'bind-wrong-password', /wrong/],
    ['775', 'bind-locked-out', /locked out/],
    ['532', 'bind-password-expired', /expired/],
    ['773', 'bind-must-change-password', /must change/],
    ['533', 'bind-account-disabled', /disabled/],
    ['701', 'bind-account-expired', /account has expired/],
  ])('tells AD sub-code %s apart on the exact Windows diagnostic', (sub, code, words) => {
    const error = classifyConnectError(windowsBindError(sub), context);
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(words);
    expect(error.message).toContain(`AD code ${sub}`);
  });

  it('reads the sub-code from Samba and Windows strings', () => {
    expect(
      bindSubCode(
        '80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1',
      ),
    ).toBe('52e');
    expect(bindSubCode('no sub code')).toBeUndefined();
  });

  it.each([
    ['ENOTFOUND', 'dc-name-not-resolved'],
    ['ECONNREFUSED', 'dc-port-closed'],
    ['ETIMEDOUT', 'dc-timeout'],
    ['CERT_HAS_EXPIRED', 'dc-cert-expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'dc-cert-wrong-host'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'dc-cert-untrusted'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'dc-cert-untrusted'],
  ])('maps %s to %s with exit 3', (errno, code) => {
    const error = classifyConnectError(Object.assign(new Error('x'), { code: errno }), context);
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(3);
    expect(error.fix.length).toBeGreaterThan(10);
  });

  it('shows the certificate facts when the certificate is not trusted', () => {
    const error = classifyConnectError(
      Object.assign(new Error('x'), { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }),
      {
        ...context,
        certificate: {
          sha256: 'AA:BB',
          subject: 'CN=dc1',
          issuer: 'CN=CA',
          validFrom: 'a',
          validTo: 'b',
        },
      },
    );
    expect(error.message).toContain('SHA-256 AA:BB');
    expect(error.message).toContain('issuer CN=CA');
  });

  it('strong authentication required is its own error', () => {
    const error = classifyConnectError(
      Object.assign(new Error('Strong auth'), { code: 8, name: 'StrongAuthRequiredError' }),
      context,
    );
    expect(error.code).toBe('dc-strong-auth-required');
  });
});
