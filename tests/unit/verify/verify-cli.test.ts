import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { processTestTimeoutMs, repo, writeback } from '../../support/writeback-cli';

vi.setConfig({ testTimeout: processTestTimeoutMs });

/** `writeback verify --events --connectivity` against the Connect server as a fake powershell.exe. */
function connectServer(connectivity: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'wb-verify-cli-'));
  copyFileSync(
    join(repo, 'tests/unit/adsync/fixtures/writeback-events.json'),
    join(dir, 'events.json'),
  );
  writeFileSync(join(dir, 'connectivity.json'), JSON.stringify(connectivity));
  const env = {
    ...process.env,
    PATH: `${join(repo, 'tests/support/fake-powershell')}:${process.env.PATH ?? ''}`,
    WRITEBACK_FAKE_POWERSHELL_DIR: dir,
  };
  return { dir, env };
}

describe('writeback verify --events --connectivity', () => {
  it("explains the Connect server's events and tests each endpoint there; a failure exits 1, the HTML report holds the checks", () => {
    const recorded = JSON.parse(
      readFileSync(join(repo, 'tests/unit/adsync/fixtures/test-netconnection.json'), 'utf8'),
    ) as unknown;
    const { dir, env } = connectServer(recorded);
    const html = join(dir, 'verify.html');
    const result = writeback(
      [
        'verify',
        '--events',
        '--since',
        '2026-11-27T00:00:00Z',
        '--connectivity',
        '--adsync',
        'remote:aadc01.contoso.test',
        '--html',
        html,
        '--json',
      ],
      env,
    );
    expect(result.status, result.stderr).toBe(1);
    const json = JSON.parse(result.stdout) as {
      checks: { id: string; status: string }[];
      events: { id: number; step: string }[];
    };
    expect(json.checks.find((c) => c.id === 'verify.events')?.status).toBe('fail');
    expect(json.events.find((e) => e.id === 33004)?.step).toBe('Permissions');
    expect(json.events.find((e) => e.id === 32002)?.step).toMatch(
      /^Connectivity from the Connect server/,
    );
    expect(
      json.checks.filter((c) => c.id.startsWith('verify.connectivity.')).map((c) => c.status),
    ).toEqual(['pass', 'fail', 'fail']);
    expect(readFileSync(html, 'utf8')).toContain('ssprdedicatedsbprodscu.servicebus.windows.net');
  });

  it('says what it could not do without the Connect server, and never runs a canary unasked', () => {
    const result = writeback(['verify', '--adsync', 'none']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("[  ? ] The Connect server's writeback events");
    expect(result.stdout).not.toContain('Canary');
  });

  it('without a Connect server, prints the exact PowerShell to run there by hand: the window as absolute times, every event ID, one Test-NetConnection per endpoint (text, JSON, HTML)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-verify-byhand-'));
    const window = ['--since', '2026-11-27T08:00:00+01:00', '--until', '2026-11-28T08:00:00Z'];
    const text = writeback(['verify', ...window]);
    expect(text.status, text.stderr).toBe(0);
    // The window the admin asked for, as absolute UTC times.
    expect(text.stdout).toContain(
      "StartTime = [DateTimeOffset]::Parse('2026-11-27T07:00:00.000Z').LocalDateTime",
    );
    expect(text.stdout).toContain(
      "EndTime = [DateTimeOffset]::Parse('2026-11-28T08:00:00.000Z').LocalDateTime",
    );
    expect(text.stdout).toContain("ProviderName = @('PasswordResetService', 'ADSync')");
    expect(text.stdout).toMatch(/Get-WinEvent -FilterHashtable \$filter/);
    for (const id of [31001, 31002, 31005, 32002, 33004, 33008, 6329])
      expect(text.stdout).toContain(String(id));
    for (const host of [
      'passwordreset.microsoftonline.com',
      'ssprdedicatedsbprodscu.servicebus.windows.net',
      'ssprdedicatedsbprodncu.servicebus.windows.net',
    ])
      expect(text.stdout).toContain(`Test-NetConnection -ComputerName '${host}' -Port 443`);

    const html = join(dir, 'verify.html');
    const json = writeback(['verify', ...window, '--cloud', 'china', '--html', html, '--json']);
    expect(json.status, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { byHand: { events: string; connectivity: string } };
    expect(result.byHand.events).toContain('2026-11-27T07:00:00.000Z');
    expect(result.byHand.connectivity.split('\n')).toEqual([
      "Test-NetConnection -ComputerName 'ssprdedicatedsbmcprodcne.servicebus.chinacloudapi.cn' -Port 443  # Service Bus relay",
      "Test-NetConnection -ComputerName 'ssprdedicatedsbmcprodcnn.servicebus.chinacloudapi.cn' -Port 443  # Service Bus relay",
    ]);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(
      '<pre class="by-hand">Test-NetConnection -ComputerName &#39;ssprdedicatedsbmcprodcne',
    );
    expect(page).toContain('Get-WinEvent -FilterHashtable $filter');
  });

  it('refuses a bad --since or --until whichever checks run (exit 2, what is wrong and an example)', () => {
    for (const args of [
      ['--connectivity', '--since', 'yesterday'],
      ['--since', '24h', '--until', '2026-13-45'],
      ['--adsync', 'none', '--until', 'later'],
    ]) {
      const result = writeback(['verify', ...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/is neither an ISO 8601 time nor a duration back from now/);
      expect(result.stderr).toMatch(/for example --(since|until) 2026-11-28T08:00:00Z/);
    }
    const backwards = writeback(['verify', '--since', '1h', '--until', '2h']);
    expect(backwards.status).toBe(2);
    expect(backwards.stderr).toMatch(/--since \(.*\) is after --until/);
  });
});

describe('writeback verify on a computer that cannot run Windows PowerShell', () => {
  /** PATH without any powershell.exe: Linux or macOS, not WSL. */
  const noPowerShell = {
    ...process.env,
    PATH: (process.env.PATH ?? '')
      .split(':')
      .filter((folder) => !folder.includes('fake-powershell'))
      .join(':'),
  };

  for (const adsync of ['remote:aadc01.contoso.test', 'local']) {
    it(`--adsync ${adsync}: the checks are unknown, say why, and give the by-hand commands (never ENOENT, exit 0)`, () => {
      const result = writeback(['verify', '--adsync', adsync], noPowerShell);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('ENOENT');
      expect(result.stdout).toContain('this computer cannot run Windows PowerShell');
      if (adsync !== 'local')
        expect(result.stdout).toContain('aadc01.contoso.test was not reached');
      expect(result.stdout).toContain('By hand, in PowerShell on the Connect server:');
      expect(result.stdout).toContain('Get-WinEvent');
      expect(result.stdout).toContain('Test-NetConnection');
    });
  }

  it('with no --adsync, never advises naming a Connect server it cannot reach', () => {
    const result = writeback(['verify'], noPowerShell);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('--adsync remote:<server>');
    expect(result.stdout).toContain('this computer cannot run Windows PowerShell');
  });
});

describe('a verify report says what it proved', () => {
  it('nothing checked: titled a verification, no readiness counts or users table, headed "Nothing was proven", and a note on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-verify-html-'));
    const html = join(dir, 'verify.html');
    const result = writeback(['verify', '--adsync', 'none', '--html', html]);
    expect(result.status, result.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<title>Password writeback verification</title>');
    expect(page).not.toMatch(/readiness|users assessed|No blockers and no warnings|class="users"/);
    expect(page).toContain('NOT CHECKED');
    expect(page).toContain('Nothing was proven: none of the 2 check(s) could run');
    expect(result.stdout).toContain('Nothing was proven');
    expect(result.stderr).toMatch(
      /note: Nothing was proven.*Exit 0 means only that nothing failed/,
    );
  });

  it('a failed check: NOT PROVEN, how many failed', () => {
    const { dir, env } = connectServer(
      JSON.parse(
        readFileSync(join(repo, 'tests/unit/adsync/fixtures/test-netconnection.json'), 'utf8'),
      ) as unknown,
    );
    const html = join(dir, 'verify.html');
    const result = writeback(
      ['verify', '--connectivity', '--adsync', 'remote:aadc01.contoso.test', '--html', html],
      env,
    );
    expect(result.status, result.stderr).toBe(1);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('NOT PROVEN');
    expect(page).toContain('Writeback is not proven: 2 of 3 check(s) failed.');
    expect(result.stderr).not.toContain('note:');
  });
});

describe('writeback verify checks the canary options before anything connects', () => {
  const canary = ['verify', '--canary', 'canary@contoso.test', '--dc', 'ldaps://127.0.0.254'];

  it('refuses a watch too short or reads too often, saying the range (exit 2)', () => {
    for (const [flag, value, says] of [
      ['--timeout', '0', /--timeout 0 is not a whole number of seconds from 10 to 86400/],
      ['--interval', '5', /--interval 5 is not a whole number of ms from 200 to 60000/],
      ['--interval', '-1', /--interval -1 is not a whole number of ms from 200 to 60000/],
    ] as const) {
      const result = writeback([...canary, `${flag}=${value}`]);
      expect(result.status, `${flag} ${value}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(says);
      expect(result.stderr).not.toMatch(/127\.0\.0\.254|connect/i);
    }
  });

  it('refuses a --dc-url that is not an LDAP URL at once, naming --dc-url (not --dc)', () => {
    const result = writeback([...canary, '--dc-url', 'dc2.contoso.test=http://x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--dc-url dc2\.contoso\.test=http:\/\/x is not <host>=<url>/);
    expect(result.stderr).toMatch(/ldaps:\/\/<address>/);
    expect(result.stderr).not.toMatch(/Give --dc as/);
  });

  it('without --canary, notes the canary options it does not use', () => {
    const result = writeback([
      'verify',
      '--adsync',
      'none',
      '--yes',
      '--dc-url',
      'dc2=ldaps://10.0.0.2',
      '--journal',
      'x.jsonl',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /note: writeback verify does not use --yes, --journal, --dc-url: they are for the canary reset, and no --canary <upn> was given/,
    );
  });
});

describe('a DC name given with --dc-url', () => {
  it('matches the full DNS name or its first label, in any case, and nothing else', async () => {
    const { dcNameMatches } = await import('../../../main/verify/writable-dcs');
    expect(dcNameMatches('dc2', 'DC2.contoso.test')).toBe(true);
    expect(dcNameMatches('dc2.contoso.test', 'dc2.CONTOSO.test')).toBe(true);
    expect(dcNameMatches('dc2.fabrikam.test', 'dc2.contoso.test')).toBe(false);
    expect(dcNameMatches('dc', 'dc2.contoso.test')).toBe(false);
  });
});
