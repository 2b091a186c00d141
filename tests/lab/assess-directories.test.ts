import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { LabInfo } from './lab-env';
import { readLab } from './lab-env';
import { readSecondForest } from './second-forest';
import { processTestTimeoutMs } from '../support/writeback-cli';

// This file starts the CLI as a process: a loaded machine must not fail it.
vi.setConfig({ testTimeout: processTestTimeoutMs });

/**
 * `writeback assess --directories` over both lab forests (CONTOSO.TEST and FABRIKAM.TEST), each
 * with its own bind account, password variable and connector account: one report, every user
 * tagged with its domain, a summary per directory that is what that forest assessed alone says,
 * and no password anywhere in what it prints or writes.
 */
const contoso = readLab();
const fabrikam = readSecondForest();
const dir = mkdtempSync(join(tmpdir(), 'wb-assess-dirs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const passwords = {
  WB_CONTOSO_PW: contoso.admin.password,
  WB_FABRIKAM_PW: fabrikam.admin.password,
};

function writeback(args: string[]) {
  const run = spawnSync(process.execPath, ['bin/writeback.mjs', ...args], {
    env: { ...process.env, ...passwords },
    encoding: 'utf8',
    timeout: processTestTimeoutMs,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const entry = (lab: LabInfo, passwordEnv: string) => ({
  forest: lab.dnsDomain,
  dc: lab.url,
  bindUser: lab.admin.dn,
  passwordEnv,
  ca: lab.caFile,
  account: lab.connector.sAMAccountName,
  scope: [lab.scenarios.ous.corp],
});

interface Report {
  checks: { id: string; status: string; directory?: { forest: string; domain: string } }[];
  blockers: { dn: string; directory?: { forest: string; domain: string } }[];
  facts: {
    ad: {
      readiness: {
        usersScanned: number;
        blockedUsers: number;
        warnedUsers: number;
        usersByReason: Record<string, number>;
      };
    };
  };
  summary?: {
    directories: ({ forest: string; domain: string; checks: Record<string, number> } & Record<
      string,
      unknown
    >)[];
    whole: { usersScanned: number; blockedUsers: number };
  };
}

function alone(lab: LabInfo, passwordEnv: string): Report {
  const run = writeback([
    'assess',
    '--no-graph',
    '--adsync',
    'none',
    '--dc',
    lab.url,
    '--ca',
    lab.caFile,
    '--bind-user',
    lab.admin.dn,
    '--password-env',
    passwordEnv,
    '--account',
    lab.connector.sAMAccountName,
    '--scope',
    lab.scenarios.ous.corp,
    '--json',
  ]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

describe('writeback assess --directories over both lab forests', () => {
  it('one report: users with their domain, per-directory summaries as each forest alone, no password', () => {
    const file = join(dir, 'directories.json');
    writeFileSync(
      file,
      JSON.stringify({
        formatVersion: 1,
        directories: [entry(contoso, 'WB_CONTOSO_PW'), entry(fabrikam, 'WB_FABRIKAM_PW')],
      }),
    );
    const out = { json: join(dir, 'r.json'), csv: join(dir, 'b.csv'), html: join(dir, 'r.html') };
    const run = writeback([
      'assess',
      '--no-graph',
      '--adsync',
      'none',
      '--directories',
      file,
      '--json',
      '--out',
      out.json,
      '--csv',
      out.csv,
      '--html',
      out.html,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const domains = [contoso.dnsDomain, fabrikam.dnsDomain];
    // Every AD check and every user names its directory; both forests' users are there.
    for (const check of report.checks.filter((c) => /^(ad|permissions)\./.test(c.id)))
      expect(domains).toContain(check.directory?.domain);
    for (const domain of domains) {
      const users = report.blockers.filter((b) => b.directory?.domain === domain);
      expect(users.length).toBeGreaterThan(0);
      const baseDn = domain === contoso.dnsDomain ? contoso.baseDn : fabrikam.baseDn;
      expect(users.every((b) => b.dn.toLowerCase().endsWith(baseDn.toLowerCase()))).toBe(true);
    }
    // Each directory's summary is what that forest, assessed alone, reports.
    for (const [lab, variable] of [
      [contoso, 'WB_CONTOSO_PW'],
      [fabrikam, 'WB_FABRIKAM_PW'],
    ] as const) {
      const single = alone(lab, variable);
      expect(single.summary).toBeUndefined();
      expect(single.checks.every((c) => c.directory === undefined)).toBe(true);
      const summary = report.summary!.directories.find((d) => d.domain === lab.dnsDomain)!;
      const { usersScanned, blockedUsers, warnedUsers, usersByReason } = single.facts.ad.readiness;
      expect(summary).toMatchObject({
        forest: lab.dnsDomain,
        dc: lab.url,
        usersScanned,
        blockedUsers,
        warnedUsers,
        usersByReason,
      });
      const adChecks = single.checks.filter((c) => !/^(entra|adsync)\./.test(c.id));
      const counts = { pass: 0, warn: 0, fail: 0, unknown: 0 } as Record<string, number>;
      for (const c of adChecks) counts[c.status]!++;
      expect(summary.checks).toEqual(counts);
      expect(
        report.checks
          .filter((c) => c.directory?.domain === lab.dnsDomain)
          .map((c) => [c.id, c.status]),
      ).toEqual(adChecks.map((c) => [c.id, c.status]));
    }
    const total = report.summary!.directories.reduce(
      (n, d) => n + (d['usersScanned'] as number),
      0,
    );
    expect(report.summary!.whole.usersScanned).toBe(total);
    expect(report.summary!.whole.blockedUsers).toBe(report.blockers.length);
    const csv = readFileSync(out.csv, 'utf8');
    expect(csv.startsWith('\uFEFFseverity,domain,sAMAccountName,dn,code,message,fix\r\n')).toBe(
      true,
    );
    expect(csv).toContain(`,${fabrikam.dnsDomain},`);
    const html = readFileSync(out.html, 'utf8');
    expect(html).toContain(fabrikam.dnsDomain);
    for (const text of [run.stdout, run.stderr, csv, html, readFileSync(out.json, 'utf8')]) {
      for (const password of [
        ...Object.values(passwords),
        contoso.connector.password,
        fabrikam.connector.password,
      ])
        expect(text.includes(password)).toBe(false);
    }
  });

  it('a forest that cannot be reached is an unknown check of its directory; the others are assessed', () => {
    const file = join(dir, 'with-unreachable.json');
    const unreachable = {
      ...entry(contoso, 'WB_CONTOSO_PW'),
      forest: 'unreachable.test',
      dc: `ldaps://${contoso.host}:1`,
    };
    writeFileSync(
      file,
      JSON.stringify({
        formatVersion: 1,
        directories: [unreachable, entry(fabrikam, 'WB_FABRIKAM_PW')],
      }),
    );
    const run = writeback([
      'assess',
      '--no-graph',
      '--adsync',
      'none',
      '--directories',
      file,
      '--json',
    ]);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as Report;
    const down = report.checks.filter((c) => c.directory?.forest === 'unreachable.test');
    expect(down).toEqual([expect.objectContaining({ id: 'ad.connection', status: 'unknown' })]);
    expect(
      report.blockers.filter((b) => b.directory?.domain === fabrikam.dnsDomain).length,
    ).toBeGreaterThan(0);
    expect(report.summary!.directories.map((d) => [d.forest, d['usersScanned']])).toEqual([
      ['unreachable.test', undefined],
      [fabrikam.dnsDomain, expect.any(Number)],
    ]);
  });
});
