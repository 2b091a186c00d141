/**
 * A verify run in the assessment report: the HTML holds its checks, each writable DC's time and
 * the Connect server's events with their step, escaped; a `writeback verify --out` file given to
 * `writeback assess --verify` is read through a schema (control characters dropped) and one that
 * is not a verify result is refused, exit 2, before anything connects.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reportHtml } from '../../../main/report/report-html';
import { reportModel } from '../../../main/report/report-model';
import { readVerifyFile, reportVerify } from '../../../main/report/report-verify';
import { processTestTimeoutMs, writeback } from '../../support/writeback-cli';

vi.setConfig({ testTimeout: processTestTimeoutMs });

const verifyResult = {
  generatedAt: '2026-11-28T12:00:00.000Z',
  checks: [
    {
      id: 'verify.canary',
      title: 'Canary reset of canary@contoso.test',
      status: 'pass',
      message: 'The reset made in Entra ID reached dc1.contoso.test 1.2 s after the request',
      fix: '',
    },
  ],
  events: [
    {
      at: '2026-11-28T11:59:59.000Z',
      id: 31010,
      source: 'PasswordResetService',
      name: 'ResetUserPasswordByAdminSuccess',
      outcome: 'success',
      meaning: "An administrator's reset was written to AD.",
      step: 'none',
    },
  ],
  canary: {
    ok: true,
    dcs: [
      { dc: 'dc1.contoso.test', seenAfterMs: 1200, convergedAfterMs: 0, originating: true },
      {
        dc: 'dc2<script>alert(1)</script>\u0007.contoso.test',
        seenAfterMs: 4700,
        convergedAfterMs: 3500,
        originating: false,
      },
    ],
  },
  exitCode: 0,
};

const assessment = { generatedAt: '2026-11-28T11:00:00.000Z', checks: [], blockers: [], facts: {} };

describe('verify results in the assessment report', () => {
  it('the HTML report has a verify section: its checks, each DC with its times, the events', () => {
    const verify = reportVerify([verifyResult as never])!;
    const html = reportHtml(reportModel(assessment, undefined, verify));
    expect(html).toContain('Proof that writeback works (verify)');
    expect(html).toContain('Canary reset of canary@contoso.test');
    expect(html).toMatch(
      /<td>dc1\.contoso\.test<\/td><td>1\.2 s<\/td><td>0\.0 s<\/td><td>yes<\/td>/,
    );
    expect(html).toContain('<td>4.7 s</td><td>3.5 s</td>');
    expect(html).toContain('PasswordResetService 31010 ResetUserPasswordByAdminSuccess');
    expect(html).not.toContain('<script>alert(1)');
    // Without a verify run, no section.
    expect(reportHtml(reportModel(assessment))).not.toContain('Proof that writeback works');
  });

  it('reads a verify --out file, escaping control characters (never hidden as a blank), and refuses one that is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-report-verify-'));
    const good = join(dir, 'verify.json');
    writeFileSync(good, JSON.stringify(verifyResult));
    const verify = await readVerifyFile(good);
    expect(verify.dcs.map((dc) => dc.dc)).toEqual([
      'dc1.contoso.test',
      'dc2<script>alert(1)</script>\\u0007.contoso.test',
    ]);
    expect(verify.events[0]?.id).toBe(31010);
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ generatedAt: 'x', checks: [{ id: 'a', status: 'maybe' }] }),
    );
    await expect(readVerifyFile(bad)).rejects.toMatchObject({ code: 'report-verify-invalid' });
    await expect(readVerifyFile(join(dir, 'none.json'))).rejects.toMatchObject({
      code: 'report-verify-unreadable',
    });
  });

  it('writeback assess --verify puts the verify run in the JSON and HTML reports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-assess-verify-'));
    const file = join(dir, 'verify.json');
    writeFileSync(file, JSON.stringify(verifyResult));
    const out = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    const env = process.env;
    const run = writeback(
      ['assess', '--no-graph', '--adsync', 'none', '--verify', file, '--out', out, '--html', html],
      env,
    );
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { verify?: { dcs: unknown[] } };
    expect(json.verify?.dcs).toHaveLength(2);
    expect(readFileSync(html, 'utf8')).toContain('Proof that writeback works (verify)');

    writeFileSync(file, '{"not":"a verify result"}');
    const refused = writeback(['assess', '--no-graph', '--verify', file], env);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/is not a verify result/);
  });
});
