import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLab } from './lab-env';

/**
 * `writeback assess` against the lab DC, as a consultant runs it: verified LDAPS with the
 * lab CA, the password only in an environment variable, JSON on stdout, the three report
 * files, and no password anywhere in what it prints or writes.
 */
const lab = readLab();
const dir = mkdtempSync(join(tmpdir(), 'wb-assess-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeback(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['bin/writeback.mjs', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const connection = [
  '--no-graph',
  '--dc',
  lab.url,
  '--ca',
  lab.caFile,
  '--bind-user',
  lab.admin.dn,
  '--password-env',
  'WB_LAB_PASSWORD',
  '--account',
  lab.connector.sAMAccountName,
];

describe('writeback assess on the lab', () => {
  it(
    'writes the JSON, CSV and HTML reports for the users in scope, without secrets',
    { timeout: 300_000 },
    () => {
      const out = { json: join(dir, 'r.json'), csv: join(dir, 'b.csv'), html: join(dir, 'r.html') };
      const run = writeback(
        [
          'assess',
          ...connection,
          '--scope',
          lab.scenarios.ous.corp,
          '--json',
          '--out',
          out.json,
          '--csv',
          out.csv,
          '--html',
          out.html,
        ],
        { WB_LAB_PASSWORD: lab.admin.password },
      );
      expect(run.stderr).toMatch(/users assessed: \d+/);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as {
        checks: { id: string; status: string }[];
        blockers: { dn: string; reasons: { code: string }[] }[];
      };
      expect(JSON.parse(readFileSync(out.json, 'utf8'))).toEqual(report);
      expect(report.checks.map((c) => c.id)).toEqual(
        expect.arrayContaining([
          'ad.min-password-age',
          'ad.pso-min-password-age',
          'ad.user-readiness',
        ]),
      );
      const s = lab.scenarios;
      const codes = (dn: string) =>
        report.blockers.find((b) => b.dn === dn)?.reasons.map((r) => r.code) ?? [];
      expect(codes(s.inheritanceDisabledUser.dn)).toContain('inheritance-disabled');
      expect(codes(s.protectedUser.dn)).toContain('protected-account');
      expect(report.blockers.every((b) => b.dn.endsWith(s.ous.corp))).toBe(true);
      const csv = readFileSync(out.csv, 'utf8');
      expect(csv.startsWith('\uFEFFseverity,sAMAccountName,dn,code,message,fix\r\n')).toBe(true);
      const html = readFileSync(out.html, 'utf8');
      expect(html).toContain('Password writeback readiness');
      for (const text of [run.stdout, run.stderr, csv, html]) {
        expect(text.includes(lab.admin.password)).toBe(false);
        expect(text.includes(lab.connector.password)).toBe(false);
      }
    },
  );

  it('refuses bad input with exit 2 and a fix, before connecting', () => {
    const missing = writeback(['assess', ...connection]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('WB_LAB_PASSWORD is not set');
    const noUser = writeback(['assess', '--no-graph', '--dc', lab.url], { WB_LAB_PASSWORD: 'x' });
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toContain('--bind-user');
  });

  it('exits 3 when the DC cannot be trusted (no lab CA), without echoing the password', () => {
    const args = connection.filter((a, i) => a !== '--ca' && connection[i - 1] !== '--ca');
    const run = writeback(['assess', ...args, '--json'], { WB_LAB_PASSWORD: lab.admin.password });
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as {
      checks: { id: string; status: string; message: string }[];
    };
    expect(report.checks.find((c) => c.id === 'ad.connection')?.status).toBe('unknown');
    expect(run.stdout + run.stderr).not.toContain(lab.admin.password);
  });
});
