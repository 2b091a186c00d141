import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readLab } from './lab-env';
import { processTestTimeoutMs } from '../support/writeback-cli';

// This file starts the CLI as a process: a loaded machine must not fail it.
vi.setConfig({ testTimeout: processTestTimeoutMs });

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
          '--sysvol',
          lab.sysvolPath,
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
        checks: { id: string; status: string; message: string; details?: { scope?: string } }[];
        blockers: { dn: string; reasons: { code: string }[] }[];
      };
      expect(JSON.parse(readFileSync(out.json, 'utf8'))).toEqual(report);
      // Prerequisites and the state of every step come before the per-user verdicts.
      const check = (id: string) => report.checks.find((c) => c.id === id)!;
      expect(report.checks.map((c) => c.id).slice(0, 6)).toEqual([
        'entra.skipped',
        'adsync.reachable',
        'ad.ldaps',
        'ad.forest-functional-level',
        'ad.dc-os',
        'ad.connector-account',
      ]);
      expect(check('adsync.reachable').status).toBe('unknown');
      expect(check('ad.ldaps').message).toMatch(/over LDAPS, certificate verified/);
      expect(check('ad.connector-account')).toMatchObject({ status: 'pass' });
      expect(check('ad.connector-account').message).toContain(lab.connector.sAMAccountName);
      // The lab's connector has no writeback rights on the scope yet; Authenticated Users
      // holds Unexpire Password on the domain root for everyone.
      expect(check('permissions.reset-password')).toMatchObject({
        status: 'fail',
        details: { scope: lab.scenarios.ous.corp },
      });
      expect(check('permissions.write-pwd-last-set').status).toBe('fail');
      expect(check('permissions.unexpire-password').status).toBe('pass');
      expect(check('permissions.unexpire-password').message).toContain('Authenticated Users');
      // With --sysvol, the GPO that really decides the minimum age is named.
      expect(check('policy.minimum-password-age').status).toBe('warn');
      expect(check('policy.minimum-password-age').message).toContain(
        lab.scenarios.outrankingGpo.name,
      );
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

  it('a SYSVOL it cannot read costs only the GPO check, reported as unknown with its fix', () => {
    const run = writeback(
      [
        'assess',
        ...connection,
        '--scope',
        lab.scenarios.restrictedOu,
        '--sysvol',
        join(dir, 'no-such-sysvol'),
        '--json',
      ],
      { WB_LAB_PASSWORD: lab.admin.password },
    );
    expect(run.code).toBe(0);
    const { checks } = JSON.parse(run.stdout) as {
      checks: { id: string; status: string; message: string; fix: string }[];
    };
    const policy = checks.find((c) => c.id === 'policy.minimum-password-age')!;
    expect(policy.status).toBe('unknown');
    expect(policy.message).toMatch(/^The GPO that decides it was not read: .*no-such-sysvol/);
    expect(policy.fix).toMatch(/--sysvol/);
    // The deny on OU=Restricted is named as what decides Reset password there.
    expect(checks.find((c) => c.id === 'permissions.reset-password')?.fix).toMatch(
      /Remove or narrow the Deny ACE/,
    );
    expect(checks.find((c) => c.id === 'ad.user-readiness')?.status).toBe('fail');
  });

  it('refuses bad input with exit 2 and a fix, before connecting', () => {
    const missing = writeback(['assess', ...connection]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('WB_LAB_PASSWORD is not set');
    const noUser = writeback(['assess', '--no-graph', '--dc', lab.url], { WB_LAB_PASSWORD: 'x' });
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toContain('--bind-user');
  });

  it('without a SYSVOL folder, says the deciding GPO was not checked instead of leaving it out', () => {
    const run = writeback(
      ['assess', ...connection, '--scope', lab.scenarios.restrictedOu, '--json'],
      { WB_LAB_PASSWORD: lab.admin.password },
    );
    expect(run.code, run.stderr).toBe(0);
    const { checks } = JSON.parse(run.stdout) as {
      checks: { id: string; status: string; fix: string; details?: { errorCode?: string } }[];
    };
    const policy = checks.find((c) => c.id === 'policy.minimum-password-age');
    expect(policy).toMatchObject({ status: 'unknown', details: { errorCode: 'sysvol-not-given' } });
    expect(policy!.fix).toMatch(/--sysvol/);
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
