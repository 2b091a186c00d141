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
