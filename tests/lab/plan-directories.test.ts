/**
 * One plan over both lab forests (CONTOSO.TEST and FABRIKAM.TEST), each with its own bind
 * account, password variable, connector account and SYSVOL, through the CLI as an admin runs it:
 * `plan --directories` (Permissions, and Minimum password age with every PSO), `show` grouped by
 * directory, `apply --directories`, then each forest's connector account binds and the DC itself
 * decides: it can now write what writeback writes on an ordinary user of its own forest, and
 * still cannot where its domain forbids it (the OU that denies it Reset password, the protected
 * admin); then `rollback --directories`: every target of both forests byte for byte as before
 * (the domain root's nTSecurityDescriptor, GptTmpl.inf and GPT.INI with their NT ACL extended
 * attributes, minPwdAge, the GPOs' versionNumber and extension names, the PSO's minimum age).
 * A directories file that lacks one of the plan's forests, and a single --dc, are refused before
 * anything is written. An apply killed inside the second forest is finished with `finish
 * --directories` (refused without that forest) and rolled back whole. A target of one forest
 * changed between plan and apply makes apply exit 4 with nothing written in either forest.
 * Whatever happens, afterAll puts both forests back as they were.
 *
 * Passwords changed: scenarios.ordinaryUsers[1] of each forest (as permissions-writeback does).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Attribute, Change, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Plan } from '../../shared/plan';
import {
  addAce,
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  withDacl,
} from '../../shared/sd';
import { dispatch } from '../../main/engine-api/dispatch';
import { EngineSession } from '../../main/engine-api/session';
import { readLab, type LabInfo } from './lab-env';
import { readSecondForest } from './second-forest';
import { rightsOf, tryAsConnector } from './oracle/connector-tries';
import { bindLab, readDacl, restoreRootDacl, writeDacl } from './oracle/sd-ldap';
import { processTestTimeoutMs, repo, writeback } from '../support/writeback-cli';

// This file starts the CLI as a process: a loaded machine must not fail it.
vi.setConfig({ testTimeout: processTestTimeoutMs });

const contoso = readLab();
const fabrikam = readSecondForest();
const forests = [
  { lab: contoso, passwordEnv: 'WB_DIRS_CONTOSO_PW' },
  { lab: fabrikam, passwordEnv: 'WB_DIRS_FABRIKAM_PW' },
] as const;
const passwords = Object.fromEntries(forests.map((f) => [f.passwordEnv, f.lab.admin.password]));
const work = mkdtempSync(join(tmpdir(), 'wb-plan-dirs-'));

function cli(args: readonly string[]) {
  const run = writeback(args, { ...process.env, ...passwords });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * `apply` killed (SIGKILL) once operation #index is written and journaled as applied, before it
 * is read back: the journal then holds an interrupted run, as after a crash.
 */
function applyKilledAfter(index: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(repo, 'tests/support/pause-after-applied.mjs')).href,
        join(repo, 'bin/writeback.mjs'),
        ...args,
      ],
      {
        cwd: repo,
        env: { ...process.env, ...passwords, WB_PAUSE_AFTER_APPLIED: String(index) },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`paused after applied #${index}`)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code) => (code === null ? resolve(stderr) : reject(new Error(stderr))));
  });
}

/** A forest's entry; without `account` when `discover`, so its MSOL_ account is found there. */
const entry = (lab: LabInfo, passwordEnv: string, discover: boolean) => ({
  forest: lab.dnsDomain,
  dc: lab.url,
  bindUser: lab.admin.dn,
  passwordEnv,
  ca: lab.caFile,
  ...(discover ? {} : { account: lab.connector.sAMAccountName }),
  sysvol: lab.sysvolPath,
});

function directoriesFile(
  name: string,
  which: readonly (typeof forests)[number][],
  discover = false,
): string {
  const path = join(work, name);
  writeFileSync(
    path,
    JSON.stringify({
      formatVersion: 1,
      directories: which.map((f) => entry(f.lab, f.passwordEnv, discover)),
    }),
  );
  return path;
}

/**
 * The desktop app connected to CONTOSO only, asked to roll back a run over both forests that
 * the command line made: refused before anything is written (FABRIKAM has no connection
 * in that window). The app's error, as dispatch returns it to the renderer.
 */
async function appRollback(journal: string): Promise<unknown> {
  const journalFolder = join(work, 'app-journals');
  mkdirSync(journalFolder, { recursive: true });
  const copy = join(journalFolder, 'cli-run.jsonl');
  copyFileSync(journal, copy);
  const session = new EngineSession({
    kind: 'dev-bridge',
    version: 'test',
    journalFolder,
    openExternal: async () => undefined,
    saveFile: async () => undefined,
    emit: () => undefined,
  });
  try {
    const connected = await dispatch(session, 'directory.connect', {
      url: contoso.url,
      bindUser: contoso.admin.userPrincipalName,
      password: contoso.admin.password,
      caPem: contoso.caPem,
    });
    expect(connected).toMatchObject({ ok: true });
    return await dispatch(session, 'journal.rollback', { journal: copy });
  } finally {
    await session.disconnect();
  }
}

/** `plan --directories` over both forests (Permissions and Minimum password age): its file and plan. */
function planBoth(
  name: string,
  extra: readonly string[] = [],
  discover = false,
  steps = 'permissions,min-password-age',
) {
  const both = directoriesFile(`${name}-directories.json`, forests, discover);
  const planPath = join(work, `${name}.json`);
  const made = cli([
    'plan',
    '--directories',
    both,
    '--steps',
    steps,
    ...extra,
    '--adsync',
    'none',
    '--out',
    planPath,
  ]);
  expect(made.code, made.stderr).toBe(0);
  return { both, planPath, made, plan: JSON.parse(readFileSync(planPath, 'utf8')) as Plan };
}

/** Everything the plan may change in one forest, as bytes and values the DC and disk hold. */
interface Targets {
  readonly rootDacl: string;
  readonly files: Record<string, { bytes: string; xattrs: string }>;
  readonly attributes: Record<string, string[]>;
}

const filesOf = (lab: LabInfo) =>
  [lab.scenarios.outrankingGpo, lab.scenarios.defaultDomainPolicy].flatMap((gpo) => [
    gpo.gptTmplPath,
    gpo.gptIniPath,
  ]);

const attributesOf = (lab: LabInfo): [string, string][] => [
  [lab.baseDn, 'minPwdAge'],
  ...[lab.scenarios.outrankingGpo, lab.scenarios.defaultDomainPolicy].flatMap(
    (gpo): [string, string][] => [
      [gpo.dn, 'versionNumber'],
      [gpo.dn, 'gPCMachineExtensionNames'],
    ],
  ),
  [lab.scenarios.pso.dn, 'msDS-MinimumPasswordAge'],
];

async function capture(lab: LabInfo, admin: Client): Promise<Targets> {
  const files: Targets['files'] = {};
  for (const path of filesOf(lab)) {
    const xattrs = execFileSync('getfattr', ['-d', '-m', '-', '--absolute-names', path], {
      encoding: 'utf8',
    });
    files[path] = { bytes: readFileSync(path).toString('base64'), xattrs };
  }
  const attributes: Targets['attributes'] = {};
  for (const [dn, attribute] of attributesOf(lab)) {
    const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: [attribute] });
    const value = searchEntries[0]![attribute];
    attributes[`${dn}#${attribute}`] = (
      Array.isArray(value) ? value : value === undefined ? [] : [value]
    ).map(String);
  }
  return { rootDacl: (await readDacl(admin, lab.baseDn)).toString('base64'), files, attributes };
}

/** Puts back whatever differs from `original` (files written in place keep inode and xattrs). */
async function restore(lab: LabInfo, admin: Client, original: Targets): Promise<void> {
  const now = await capture(lab, admin);
  for (const path of filesOf(lab)) {
    if (now.files[path]!.bytes !== original.files[path]!.bytes)
      writeFileSync(path, Buffer.from(original.files[path]!.bytes, 'base64'));
  }
  for (const [dn, attribute] of attributesOf(lab)) {
    const key = `${dn}#${attribute}`;
    if (JSON.stringify(now.attributes[key]) !== JSON.stringify(original.attributes[key])) {
      await admin.modify(
        dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: attribute, values: original.attributes[key]! }),
        }),
      );
    }
  }
  await restoreRootDacl(lab, Buffer.from(original.rootDacl, 'base64'));
}

describe('one plan over both lab forests: plan, apply, checked as each connector, rollback', () => {
  const admins = new Map<string, Client>();
  const connectors = new Map<string, Client>();
  const before = new Map<string, Targets>();
  let mayHaveChanged = false;

  beforeAll(async () => {
    for (const { lab } of forests) {
      const admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
      admins.set(lab.dnsDomain, admin);
      connectors.set(lab.dnsDomain, await bindLab(lab, lab.connector.dn, lab.connector.password));
      before.set(lab.dnsDomain, await capture(lab, admin));
    }
  });

  afterAll(async () => {
    for (const { lab } of forests) {
      const admin = admins.get(lab.dnsDomain);
      if (mayHaveChanged && admin) await restore(lab, admin, before.get(lab.dnsDomain)!);
      await admin?.unbind().catch(() => undefined);
      await connectors
        .get(lab.dnsDomain)
        ?.unbind()
        .catch(() => undefined);
    }
    rmSync(work, { recursive: true, force: true });
  });

  /** Whether each forest's connector, bound as itself, may write an ordinary user's lockoutTime. */
  const expectLockoutTimeWritable = async (allowed: boolean) => {
    for (const { lab } of forests) {
      const user = lab.scenarios.ordinaryUsers[1]!.dn;
      expect(
        await tryAsConnector(connectors.get(lab.dnsDomain)!, user, 'lockoutTime'),
        lab.dnsDomain,
      ).toBe(allowed);
    }
  };

  const unchanged = async () => {
    for (const { lab } of forests)
      expect(await capture(lab, admins.get(lab.dnsDomain)!), lab.dnsDomain).toEqual(
        before.get(lab.dnsDomain),
      );
  };

  it(
    'one plan, grouped by directory; refused without every forest; applied; the DCs decide; rolled back byte for byte',
    { timeout: 600_000 },
    async () => {
      const { both, planPath, made, plan } = planBoth('plan', ['--psos', 'all']);

      // The plan lists both directories, and every operation stays inside its own domain.
      expect(plan.source.directories?.map((d) => [d.forest, d.domain, d.baseDn, d.dc])).toEqual(
        forests.map(({ lab }) => [lab.dnsDomain, lab.dnsDomain, lab.baseDn, lab.url]),
      );
      for (const { lab } of forests) {
        const ours = plan.operations.filter((op) => op.directory?.domain === lab.dnsDomain);
        expect(ours.map((op) => op.step)).toContain('permissions');
        expect(ours.map((op) => op.target)).toEqual(
          expect.arrayContaining([
            lab.baseDn,
            lab.scenarios.pso.dn,
            lab.scenarios.outrankingGpo.gptTmplPath,
          ]),
        );
        for (const op of ours) {
          const inside =
            op.kind === 'file'
              ? op.target.startsWith(lab.sysvolPath + '/')
              : op.target.toLowerCase().endsWith(lab.baseDn.toLowerCase());
          expect(inside, `${op.target} in ${lab.dnsDomain}`).toBe(true);
        }
        // Each domain's grants go to its own connector account.
        const grant = ours.find((op) => op.kind === 'security-descriptor');
        expect(grant?.summary).toContain(`${lab.netbios}\\${lab.connector.sAMAccountName}`);
      }
      expect(plan.operations.every((op) => op.directory !== undefined)).toBe(true);
      expect(made.stderr).toContain(`permissions (${fabrikam.dnsDomain}):`);

      // show: the diff directory by directory.
      const shown = cli(['show', planPath]);
      expect(shown.code, shown.stderr).toBe(0);
      const headings = shown.stdout.split('\n').filter((line) => line.startsWith('== '));
      expect(headings.map((line) => line.split(':')[0])).toEqual([
        `== ${contoso.dnsDomain}`,
        `== ${fabrikam.dnsDomain}`,
      ]);
      expect(shown.stdout).toContain(`#0 [${contoso.dnsDomain}] grants`);

      // Refused, nothing written: a directories file without FABRIKAM, and one --dc.
      const onlyContoso = directoriesFile('contoso-only.json', [forests[0]]);
      const partial = cli(['apply', planPath, '--directories', onlyContoso, '--yes']);
      expect(partial.code, partial.stderr).toBe(2);
      expect(partial.stderr).toContain(`lists no forest ${fabrikam.dnsDomain}`);
      expect(partial.stderr).toContain('Nothing was written');
      const oneDc = cli([
        'apply',
        planPath,
        '--yes',
        '--dc',
        contoso.url,
        '--ca',
        contoso.caFile,
        '--bind-user',
        contoso.admin.dn,
        '--password-env',
        forests[0].passwordEnv,
      ]);
      expect(oneDc.code, oneDc.stderr).toBe(2);
      expect(oneDc.stderr).toContain('--directories');
      await unchanged();

      // Before: neither connector can write what writeback writes on its own users.
      await expectLockoutTimeWritable(false);

      const journal = join(work, 'journal.jsonl');
      mayHaveChanged = true; // set first: a write may land even if its response is lost
      const applied = cli([
        'apply',
        planPath,
        '--directories',
        both,
        '--yes',
        '--journal',
        journal,
      ]);
      expect(applied.code, applied.stderr).toBe(0);
      for (const { lab } of forests)
        expect(applied.stderr).toContain(`verified in ${lab.dnsDomain}:`);
      expect(applied.stdout).toContain(`--directories "${both}"`);
      const records = readFileSync(journal, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; index?: number; directory?: unknown });
      for (const record of records.filter((r) => r.type === 'before'))
        expect(record.directory).toEqual(plan.operations[record.index!]!.directory);

      // As each forest's connector: allowed on an ordinary user of its own forest, still refused
      // where its domain forbids it.
      for (const { lab } of forests) {
        const connector = connectors.get(lab.dnsDomain)!;
        const s = lab.scenarios;
        expect(await rightsOf(connector, s.ordinaryUsers[1]!.dn), lab.dnsDomain).toEqual({
          reset: true,
          lockoutTime: true,
          pwdLastSet: true,
        });
        expect(await tryAsConnector(connector, s.restrictedUsers[0]!.dn, 'reset')).toBe(false);
        expect(await tryAsConnector(connector, s.protectedUser.dn, 'reset')).toBe(false);
      }

      // The app, connected to one forest, refuses to roll back the run over both; nothing moves.
      expect(await appRollback(journal)).toMatchObject({
        ok: false,
        error: { code: 'directory-not-given' },
      });
      await expectLockoutTimeWritable(true);

      const rolledBack = cli(['rollback', journal, '--directories', both, '--yes']);
      expect(rolledBack.code, rolledBack.stderr).toBe(0);
      expect(rolledBack.stderr).toContain(`verified in ${fabrikam.dnsDomain}: undoing`);
      await unchanged();
      await expectLockoutTimeWritable(false);
      for (const text of [made, shown, applied, rolledBack].flatMap((r) => [r.stdout, r.stderr]))
        for (const password of Object.values(passwords)) expect(text).not.toContain(password);
      expect(readFileSync(planPath, 'utf8') + readFileSync(journal, 'utf8')).not.toMatch(
        new RegExp(
          Object.values(passwords)
            .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'),
        ),
      );
    },
  );
  it(
    'an apply killed inside FABRIKAM is finished across both forests with --directories, then rolled back whole',
    { timeout: 600_000 },
    async () => {
      // No account in the file: each forest's only enabled MSOL_ account is found in it.
      const { both, planPath, plan } = planBoth('finish-plan', [], true);
      for (const { lab } of forests) {
        const grant = plan.operations.find(
          (op) => op.directory?.domain === lab.dnsDomain && op.kind === 'security-descriptor',
        );
        expect(grant?.summary).toContain(`${lab.netbios}\\${lab.connector.sAMAccountName}`);
        expect(grant?.summary).not.toContain(lab.staleConnector.sAMAccountName);
      }
      const firstFabrikam = plan.operations.findIndex(
        (op) => op.directory?.domain === fabrikam.dnsDomain,
      );
      expect(firstFabrikam).toBeGreaterThan(0);
      const journal = join(work, 'finish-journal.jsonl');
      mayHaveChanged = true;
      await applyKilledAfter(firstFabrikam, [
        'apply',
        planPath,
        '--directories',
        both,
        '--yes',
        '--journal',
        journal,
      ]);

      // finish needs every directory of what is left: without FABRIKAM, refused, nothing written.
      const partial = cli([
        'finish',
        journal,
        '--directories',
        directoriesFile('contoso-only-finish.json', [forests[0]]),
        '--yes',
      ]);
      expect(partial.code, partial.stderr).toBe(2);
      expect(partial.stderr).toContain(`lists no forest ${fabrikam.dnsDomain}`);

      const finished = cli(['finish', journal, '--directories', both, '--yes', '--json']);
      expect(finished.code, finished.stderr).toBe(0);
      expect(JSON.parse(finished.stdout)).toEqual({
        finished: plan.operations.length - firstFabrikam,
        journal,
      });
      expect(finished.stderr).toContain(`verified in ${fabrikam.dnsDomain}:`);
      expect(finished.stderr).not.toContain(`in ${contoso.dnsDomain}:`);
      await expectLockoutTimeWritable(true);

      const rolledBack = cli(['rollback', journal, '--directories', both, '--yes', '--json']);
      expect(rolledBack.code, rolledBack.stderr).toBe(0);
      expect(JSON.parse(rolledBack.stdout)).toEqual({
        restored: plan.operations.length,
        alreadyAsBefore: 0,
      });
      await unchanged();
    },
  );
  it(
    'a target of one forest changed after the plan: apply exits 4 and writes nothing in either forest',
    { timeout: 600_000 },
    async () => {
      const { both, planPath } = planBoth('drift-plan', [], false, 'permissions');
      // Someone adds an entry to FABRIKAM's root after the plan was made.
      const admin = admins.get(fabrikam.dnsDomain)!;
      const original = await readDacl(admin, fabrikam.baseDn);
      const sd = parseSecurityDescriptor(new Uint8Array(original));
      const extra = fromSddl(`D:(A;;RC;;;${fabrikam.scenarios.psoGroup.sid})`).dacl!.aces[0]!;
      mayHaveChanged = true;
      await writeDacl(
        admin,
        fabrikam.baseDn,
        serializeSecurityDescriptor(withDacl(sd, addAce(sd.dacl!, extra))),
      );
      const edited = await readDacl(admin, fabrikam.baseDn);
      try {
        const applied = cli(['apply', planPath, '--directories', both, '--yes']);
        expect(applied.code, applied.stderr).toBe(4);
        expect(applied.stderr).toContain(fabrikam.baseDn);
        expect(applied.stderr).toContain('Nothing was written');
        // CONTOSO, checked and unchanged, was not written either; FABRIKAM is as the editor left it.
        expect(applied.stderr).not.toContain('writing in');
        expect((await readDacl(admin, fabrikam.baseDn)).equals(edited)).toBe(true);
        await expectLockoutTimeWritable(false);
      } finally {
        await writeDacl(admin, fabrikam.baseDn, original);
      }
      await unchanged();
    },
  );
});
