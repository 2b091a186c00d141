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
});
