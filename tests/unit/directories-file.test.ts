/**
 * The directories file (docs/cli.md "directories file (format)"): the forests of one run, with
 * no secret in it. Every bad file is exit 2 with a message that names the field and never
 * echoes its value.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode, WizardError } from '../../shared/errors';
import { parseDirectoriesFile } from '../../shared/directories-file';

const contoso = {
  forest: 'contoso.com',
  dc: 'ldaps://dc1.contoso.com',
  bindUser: 'admin@contoso.com',
  passwordEnv: 'CONTOSO_DC_PASSWORD',
  ca: '/etc/writeback/contoso-ca.pem',
  account: 'MSOL_1a2b3c4d5e6f',
};
const fabrikam = {
  forest: 'fabrikam.com',
  dc: 'ldap://dc01.fabrikam.com:389',
  bindUser: 'CN=Writeback Admin,OU=Admins,DC=fabrikam,DC=com',
  passwordEnv: 'FABRIKAM_DC_PASSWORD',
  tlsFingerprint:
    '9F:86:D0:81:88:4C:7D:65:9A:2F:EA:A0:C5:5A:D0:15:A3:BF:4F:1B:2B:0B:82:2C:D1:5D:6C:15:B0:F0:0A:08',
  scope: ['OU=Staff,DC=fabrikam,DC=com', 'OU=Sales,DC=emea,DC=fabrikam,DC=com'],
};
const file = (directories: unknown[], extra: object = {}) =>
  JSON.stringify({ formatVersion: 1, directories, ...extra });

function refusal(text: string): WizardError {
  try {
    parseDirectoriesFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(WizardError);
    expect((error as WizardError).exitCode).toBe(ExitCode.usage);
    return error as WizardError;
  }
  throw new Error('expected the file to be refused');
}

describe('the directories file', () => {
  it('reads two forests, each with its DC, bind account, password variable and trust', () => {
    const parsed = parseDirectoriesFile(`\uFEFF${file([contoso, fabrikam])}`);
    expect(parsed).toEqual({ formatVersion: 1, directories: [contoso, fabrikam] });
  });

  it('takes a DC by name or address, with or without a port', () => {
    for (const dc of ['ldaps://dc1.contoso.com:636', 'ldaps://10.0.0.4', 'ldap://[fd00::4]:389/']) {
      expect(parseDirectoriesFile(file([{ ...contoso, dc }])).directories[0]!.dc).toBe(dc);
    }
  });

  it.each([
    ['password', { ...contoso, password: 'Pa55w0rd!' }, 'directories[0].password'],
    ['bindPassword', { ...contoso, bindPassword: 'x' }, 'directories[0].bindPassword'],
    ['token', { ...contoso, token: 'eyJ0eXAi' }, 'directories[0].token'],
    ['client secret', { ...contoso, clientSecret: 'x' }, 'directories[0].clientSecret'],
    ['credentials', { ...contoso, credentials: { user: 'a' } }, 'directories[0].credentials'],
    ['nested pwd', { ...contoso, extra: { pwd: 'x' } }, 'directories[0].extra.pwd'],
  ])('refuses a field holding a secret (%s), naming it, never its value', (_, entry, where) => {
    const error = refusal(file([entry]));
    expect(error.code).toBe('directories-file-secret');
    expect(error.message).toContain(where);
    expect(error.message).not.toMatch(/Pa55w0rd|eyJ0eXAi/);
    expect(error.fix).toContain('passwordEnv');
  });

  it('refuses a secret at the top of the file too', () => {
    expect(refusal(file([contoso], { adminPassword: 'x' })).message).toContain('adminPassword');
  });

  it('refuses credentials in the DC address, without printing them', () => {
    const error = refusal(file([{ ...contoso, dc: 'ldaps://admin:S3cret!@dc1.contoso.com' }]));
    expect(error.code).toBe('directories-file-invalid');
    expect(error.message).toContain('directories[0].dc holds an account or password');
    expect(error.message).not.toContain('S3cret');
  });

  it('passwordEnv is a variable name, not the password itself', () => {
    const error = refusal(file([{ ...contoso, passwordEnv: 'Pa55w0rd!' }]));
    expect(error.message).toContain(
      'directories[0].passwordEnv is not the name of an environment variable',
    );
    expect(error.message).not.toContain('Pa55w0rd');
  });

  it.each([
    [
      'a field the format does not name',
      { ...contoso, site: 'HQ' },
      'directories[0] has "site", which the format does not name',
    ],
    [
      'another scheme',
      { ...contoso, dc: 'https://dc1.contoso.com' },
      'directories[0].dc is not ldaps://host[:port]',
    ],
    [
      'a path after the host',
      { ...contoso, dc: 'ldaps://dc1.contoso.com/DC=contoso,DC=com' },
      'directories[0].dc is not',
    ],
    [
      'a forest that is not a DNS name',
      { ...contoso, forest: 'CONTOSO' },
      'directories[0].forest is not a DNS name',
    ],
    [
      'both ways of trusting the DC',
      { ...contoso, tlsFingerprint: fabrikam.tlsFingerprint },
      'directories[0] gives both ca and tlsFingerprint',
    ],
    [
      'a short fingerprint',
      { ...fabrikam, tlsFingerprint: 'ab:cd' },
      'directories[0].tlsFingerprint is not a SHA-256',
    ],
    ['no bind account', { ...contoso, bindUser: undefined }, 'directories[0].bindUser'],
    ['an empty OU scope', { ...contoso, scope: [] }, 'directories[0].scope'],
    [
      'a control character',
      { ...contoso, bindUser: 'admin\u001b[2J@contoso.com' },
      'directories[0].bindUser contains control characters',
    ],
  ])('refuses %s, saying where', (_, entry, expected) => {
    const error = refusal(file([entry]));
    expect(error.code).toBe('directories-file-invalid');
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain('\u001b');
    expect(error.fix).toContain('directories file (format)');
  });

  it('refuses the same forest twice, another format version, no directories, and text that is not JSON', () => {
    expect(refusal(file([contoso, { ...fabrikam, forest: 'Contoso.com' }])).message).toContain(
      'directories[1].forest names a forest already listed above',
    );
    expect(refusal(JSON.stringify({ formatVersion: 2, directories: [contoso] })).message).toContain(
      'formatVersion',
    );
    expect(refusal(file([])).message).toContain('directories');
    expect(refusal('{"formatVersion": 1, "directories": [').code).toBe('directories-file-not-json');
  });
});
