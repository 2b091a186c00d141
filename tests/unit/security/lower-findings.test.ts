/**
 * Finding 6, the lower ones, one test each: TLS verification cannot be switched off by the
 * environment; the packaged app ignores ELECTRON_RENDERER_URL and has no DevTools; "by hand"
 * commands quote directory names safely; the bridge's reports go to a private folder and never
 * through a symlink; Windows programs are started by full path; the DC password leaves the
 * environment once read and child processes get a filtered one; non-ASCII filter values reach
 * the wire once encoded; tokens are redacted in every form; the CLI opener refuses look-alike
 * hosts; the directory door has no password-reset code.
 */
import { lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilterParser, type EqualityFilter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { tlsOptionsFor } from '../../../main/directory/connect';
import { escapeFilterValue } from '../../../main/directory/escape';
import { LdapDirectory } from '../../../main/directory/directory';
import { dsaclsEnableInheritance, dsaclsGrant } from '../../../main/steps/permissions/dsacls';
import { WRITEBACK_RIGHTS } from '../../../main/domain/writeback-rights';
import { redactSecrets } from '../../../main/entra/redact';
import { openInSystemBrowser } from '../../../main/entra/system-browser';
import { readPassword } from '../../../main/cli/options/connection';
import { PowerShellRunner } from '../../../main/adsync/powershell-runner';
import { refuseDisabledTlsVerification } from '../../../main/platform/tls-verification';
import { childEnvironment } from '../../../main/platform/child-environment';
import { windowsSystemProgram } from '../../../main/platform/windows-system';
import { privateReportFolder, writeReportFile } from '../../../main/dev-bridge/report-folder';
import { shellMode } from '../../../main/shell/shell-mode';
import { minPasswordAgeCommand } from '../../../main/steps/min-password-age/pso-command';

describe('finding 6: the lower ones', () => {
  it('TLS: certificates are checked explicitly, and NODE_TLS_REJECT_UNAUTHORIZED=0 is refused', () => {
    const options = tlsOptionsFor(
      { url: 'ldaps://dc1.contoso.test', bindUser: 'a', password: 'b' },
      'dc1.contoso.test',
    );
    expect(options.rejectUnauthorized).toBe(true);
    expect(() => refuseDisabledTlsVerification({ NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toThrow(
      /NODE_TLS_REJECT_UNAUTHORIZED/,
    );
    expect(() => refuseDisabledTlsVerification({})).not.toThrow();
  });

  it('the packaged app ignores ELECTRON_RENDERER_URL and has no DevTools, whatever NODE_ENV says', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://127.0.0.1:9999/' };
    expect(shellMode(true, env)).toEqual({ devServer: undefined, devTools: false });
    expect(shellMode(false, env)).toEqual({ devServer: 'http://127.0.0.1:9999/', devTools: true });
  });

  it('"by hand" commands quote names so cmd.exe and PowerShell cannot be broken out of', () => {
    const dn = 'OU=R"&calc&"D,DC=contoso,DC=test';
    const grant = dsaclsGrant(dn, 'CONTOSO\\MSOL_1', WRITEBACK_RIGHTS[0]!, 'descendant-users');
    // Inside double quotes a doubled quote keeps cmd.exe inside the quotes: & stays literal.
    expect(grant).toBe(
      'dsacls "OU=R""&calc&""D,DC=contoso,DC=test" /I:S /G "CONTOSO\\MSOL_1:CA;Reset Password;user"',
    );
    expect(outsideQuotes(grant)).not.toMatch(/[&|<>^]/);
    // % expands even inside quotes: no cmd.exe line is offered for such a name.
    expect(dsaclsEnableInheritance('CN=100%USERNAME%,DC=contoso,DC=test')).toMatch(/^rem /);
    expect(minPasswordAgeCommand("Admins' ; Remove-ADUser x; '")).toBe(
      "Set-ADFineGrainedPasswordPolicy -Identity 'Admins'' ; Remove-ADUser x; ''' -MinPasswordAge 0",
    );
  });

  it("the bridge's reports go to a private 0700 folder and never through a symlink", async () => {
    const folder = privateReportFolder();
    expect(lstatSync(folder).mode & 0o777).toBe(0o700);
    expect(folder).not.toBe(join(tmpdir(), 'writeback-reports'));
    const victim = join(mkdtempSync(join(tmpdir(), 'wb-victim-')), 'victim.txt');
    writeFileSync(victim, 'unchanged');
    symlinkSync(victim, join(folder, 'report.html'));
    // The symlink is never opened: the report gets a name of its own.
    expect(await writeReportFile(folder, 'report.html', 'x')).toBe(join(folder, 'report-2.html'));
    await expect(writeReportFile(folder, '../escape.html', 'x')).rejects.toThrow();
    expect(readFileSync(victim, 'utf8')).toBe('unchanged');
    const path = await writeReportFile(folder, 'report.json', '{}');
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
  });

  it('Windows programs are started by full path from %SystemRoot%', () => {
    const env = { SystemRoot: 'C:\\Windows' };
    expect(windowsSystemProgram('rundll32.exe', env)).toBe('C:\\Windows\\System32\\rundll32.exe');
    expect(windowsSystemProgram('rundll32.exe', { SystemRoot: 'relative' })).toBe(
      'C:\\Windows\\System32\\rundll32.exe',
    );
    const runner = new PowerShellRunner(
      async () => ({ exitCode: 0, stdout: '', stderr: '' }),
      {
        kind: 'local',
      },
      'win32',
      env,
    );
    expect(runner.commandLine('1')[0]).toBe(
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
  });

  it('the DC password leaves the environment once read; children get a filtered environment', async () => {
    const env: NodeJS.ProcessEnv = { DC_PASSWORD: 'Pa55w.rd!', PATH: '/bin' };
    const password = await readPassword(
      { passwordEnv: 'DC_PASSWORD' },
      { env, isTty: false, prompt: async () => '' },
    );
    expect(password).toBe('Pa55w.rd!');
    expect(env.DC_PASSWORD).toBeUndefined();
    expect(
      childEnvironment({ PATH: '/bin', GRAPH_TOKEN: 't', MY_SECRET: 's', ADMIN_PASSWORD: 'p' }),
    ).toEqual({ PATH: '/bin' });
  });

  it('non-ASCII filter values reach the wire as UTF-8 once (RFC 4515), specials still escaped', () => {
    const filter = FilterParser.parseString(`(sAMAccountName=${escapeFilterValue('jürgen*)')})`);
    expect((filter as EqualityFilter).value).toBe('jürgen*)');
    expect(escapeFilterValue('jürgen')).toBe('jürgen');
  });

  it('redacts unlabelled tokens, client_assertion= and x-ms-refresh-token', () => {
    const refresh = '0.AXYAabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ-_abcdefghijklmnop';
    const text = redactSecrets(
      `failed: ${refresh} client_assertion=eyJhbGciOi.abc.def&x=1 x-ms-refresh-token: 1.AQAbcdef123456 "x-ms-refresh-token":"zzzz1234"`,
    );
    expect(text).not.toContain(refresh);
    expect(text).not.toContain('eyJhbGciOi');
    expect(text).not.toContain('1.AQAbcdef123456');
    expect(text).not.toContain('zzzz1234');
    expect(
      redactSecrets('S-1-5-21-1000-2000-3000-1103 and 1f0c3a6e-6f3b-4f3e-9a55-0c1d2e3f4a5b'),
    ).toBe('S-1-5-21-1000-2000-3000-1103 and 1f0c3a6e-6f3b-4f3e-9a55-0c1d2e3f4a5b');
  });

  it('the CLI browser opener refuses http://localhost.evil… and anything but https or loopback', async () => {
    for (const url of [
      'http://localhost.evil.example/',
      'http://localhost@evil.example/',
      'file:///etc/passwd',
    ]) {
      await expect(openInSystemBrowser(url), url).rejects.toThrow(/refused/);
    }
  });

  it('the directory door has no password-reset code (nothing sends unicodePwd)', () => {
    expect('resetPassword' in LdapDirectory.prototype).toBe(false);
    const source = readFileSync(
      new URL('../../../main/directory/directory.ts', import.meta.url),
      'utf8',
    );
    expect(source).not.toMatch(/unicodePwd/);
  });
});

/** The parts of a cmd.exe line outside double quotes (cmd toggles on every quote). */
function outsideQuotes(line: string): string {
  return line
    .split('"')
    .filter((_, index) => index % 2 === 0)
    .join('');
}
