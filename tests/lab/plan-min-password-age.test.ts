/**
 * The Minimum password age step end to end through the CLI against the lab DC: plan → apply
 * changes exactly what the plan says in the GPO that wins, the domain head and the PSO; plan
 * again is empty; rollback restores every file (bytes and NT ACL xattrs) and attribute; a
 * target changed between plan and apply makes apply exit 4 having written nothing; a process
 * killed between two operations leaves a journal from which rollback restores everything.
 * The lab is restored exactly after each test.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readLab, type LabInfo } from './lab-env';
import { processTestTimeoutMs } from '../support/writeback-cli';

// This file starts the CLI as a process: a loaded machine must not fail it.
vi.setConfig({ testTimeout: processTestTimeoutMs });

const lab: LabInfo = readLab();
const repo = new URL('../../', import.meta.url).pathname;
const winning = lab.scenarios.outrankingGpo;
const ddp = lab.scenarios.defaultDomainPolicy;
const files = [winning.gptTmplPath, winning.gptIniPath, ddp.gptTmplPath, ddp.gptIniPath];
const attributes: readonly (readonly [dn: string, attribute: string])[] = [
  [lab.baseDn, 'minPwdAge'],
  [winning.dn, 'versionNumber'],
  [winning.dn, 'gPCMachineExtensionNames'],
  [ddp.dn, 'versionNumber'],
  [lab.scenarios.pso.dn, 'msDS-MinimumPasswordAge'],
];

interface LabSnapshot {
  readonly files: Record<string, { bytes: string; xattrs: string }>;
  readonly attributes: Record<string, string[]>;
}

let admin: Client;
let original: LabSnapshot;
const work = mkdtempSync(join(tmpdir(), 'wb-lab-plan-'));

async function capture(): Promise<LabSnapshot> {
  const snapshot: LabSnapshot = { files: {}, attributes: {} };
  for (const path of files) {
    const xattrs = execFileSync('getfattr', ['-d', '-m', '-', '--absolute-names', path], {
      encoding: 'utf8',
    });
    snapshot.files[path] = { bytes: readFileSync(path).toString('base64'), xattrs };
  }
  for (const [dn, attribute] of attributes) {
    const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: [attribute] });
    const value = searchEntries[0]![attribute];
    snapshot.attributes[`${dn}#${attribute}`] = (
      Array.isArray(value) ? value : value === undefined ? [] : [value]
    ).map(String);
  }
  return snapshot;
}

/** Puts back what a test changed (writing in place keeps the inode and its xattrs). */
async function restore(): Promise<void> {
  const now = await capture();
  for (const path of files) {
    if (now.files[path]!.bytes !== original.files[path]!.bytes)
      writeFileSync(path, Buffer.from(original.files[path]!.bytes, 'base64'));
  }
  for (const [dn, attribute] of attributes) {
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
}

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const connection = [
  '--dc',
  lab.url,
  '--bind-user',
  lab.admin.userPrincipalName,
  '--password-env',
  'WB_LAB_PASSWORD',
  '--ca',
  lab.caFile,
  '--sysvol',
  lab.sysvolPath,
  '--adsync',
  'none',
];

/** The words of a command as `writeback` prints it: double-quoted values, \" inside them. */
function commandWords(command: string): string[] {
  return [...command.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) =>
    match[1] !== undefined ? match[1].replace(/\\"/g, '"') : match[2]!,
  );
}

function cli(
  args: readonly string[],
  env: Record<string, string> = {},
  onStderr?: (text: string, kill: () => void) => void,
  nodeArgs: readonly string[] = [],
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, join(repo, 'bin/writeback.mjs'), ...args], {
      cwd: repo,
      env: { ...process.env, WB_LAB_PASSWORD: lab.admin.password, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, () => child.kill('SIGKILL'));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Applies the plan and kills the process once operation #1 is written, before #2 starts. */
async function applyKilledAfterSecondWrite(planPath: string, journal: string): Promise<void> {
  const killed = await cli(
    ['apply', planPath, '--yes', '--journal', journal, ...connection],
    { WB_PAUSE_AFTER_APPLIED: '1' },
    (stderr, kill) => {
      if (stderr.includes('paused after applied #1')) kill();
    },
    ['--import', pathToFileURL(join(repo, 'tests/support/pause-after-applied.mjs')).href],
  );
  expect(killed.code).toBeNull();
}

async function makePlan(name: string, extra: readonly string[] = []): Promise<string> {
  const out = join(work, name);
  const result = await cli([
    'plan',
    '--steps',
    'min-password-age',
    ...connection,
    '--out',
    out,
    ...extra,
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return out;
}

const utf16Text = (base64: string) => Buffer.from(base64, 'base64').subarray(2).toString('utf16le');

beforeAll(async () => {
  admin = new Client({ url: lab.url, tlsOptions: { ca: [lab.caPem] }, timeout: 30_000 });
  await admin.bind(lab.admin.dn, lab.admin.password);
  original = await capture();
});

afterEach(async () => {
  await restore();
  expect(await capture()).toEqual(original);
});

afterAll(async () => {
  await admin?.unbind();
});

describe('min-password-age through writeback plan/apply/rollback', () => {
  it('warns about the PSO’s minimum age only while the plan keeps it: a plan that sets it to 0 says so instead', async () => {
    type Notes = { notes: { level: string; message: string }[] };
    const psoNotes = (path: string) =>
      (JSON.parse(readFileSync(path, 'utf8')) as Notes).notes.filter((n) =>
        n.message.startsWith(`PSO ${lab.scenarios.pso.name} (precedence`),
      );
    const kept = psoNotes(await makePlan('pso-kept.json', []));
    expect(kept).toEqual([expect.objectContaining({ level: 'warning' })]);
    expect(kept[0]!.message).not.toContain('This plan sets it to 0');
    const zeroed = psoNotes(await makePlan('pso-zeroed.json', ['--psos', 'all']));
    expect(zeroed).toEqual([
      expect.objectContaining({
        level: 'info',
        message: expect.stringContaining('This plan sets it to 0.'),
      }),
    ]);
  });

  it('applies in the GPO that wins with versions consistent, plans nothing more, and rolls back byte for byte', async () => {
    const planPath = await makePlan('plan.json', ['--psos', 'all']);
    const plan = JSON.parse(readFileSync(planPath, 'utf8')) as {
      operations: { target: string; attribute?: string }[];
    };
    expect(plan.operations.map((o) => o.attribute ?? o.target)).toEqual([
      winning.gptTmplPath,
      winning.gptIniPath,
      'versionNumber',
      'minPwdAge',
      'msDS-MinimumPasswordAge',
    ]);

    const journal = join(work, 'apply-1.jsonl');
    const applied = await cli(['apply', planPath, '--yes', '--journal', journal, ...connection]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Journal: ${journal}`);

    const after = await capture();
    // The winning GPO's template: only MinimumPasswordAge changed; encoding, CRLF and the other lines kept.
    expect(utf16Text(after.files[winning.gptTmplPath]!.bytes)).toBe(
      utf16Text(original.files[winning.gptTmplPath]!.bytes).replace(
        'MinimumPasswordAge = 2',
        'MinimumPasswordAge = 0',
      ),
    );
    expect(Buffer.from(after.files[winning.gptTmplPath]!.bytes, 'base64').subarray(0, 2)).toEqual(
      Buffer.from([0xff, 0xfe]),
    );
    expect(after.files[winning.gptTmplPath]!.xattrs).toBe(
      original.files[winning.gptTmplPath]!.xattrs,
    );
    // GPT.INI and the GPC's versionNumber raised together (computer half + 1).
    const nextVersion = winning.version + 1;
    expect(Buffer.from(after.files[winning.gptIniPath]!.bytes, 'base64').toString()).toContain(
      `Version=${nextVersion}\r\n`,
    );
    expect(after.attributes[`${winning.dn}#versionNumber`]).toEqual([String(nextVersion)]);
    expect(after.attributes[`${lab.baseDn}#minPwdAge`]).toEqual(['0']);
    expect(after.attributes[`${lab.scenarios.pso.dn}#msDS-MinimumPasswordAge`]).toEqual(['0']);
    // The GPO that does not win is untouched.
    expect(after.files[ddp.gptTmplPath]).toEqual(original.files[ddp.gptTmplPath]);
    expect(after.attributes[`${ddp.dn}#versionNumber`]).toEqual(
      original.attributes[`${ddp.dn}#versionNumber`],
    );

    const again = await cli([
      'plan',
      '--steps',
      'min-password-age',
      ...connection,
      '--out',
      join(work, 'again.json'),
      '--psos',
      'all',
      '--json',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { operations: unknown[] }).operations).toEqual([]);

    const rolledBack = await cli(['rollback', journal, '--yes', ...connection]);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain('Restored 5 target(s)');
    expect(await capture()).toEqual(original);
  });

  it('exits 4 and writes nothing when a target changed between plan and apply', async () => {
    const planPath = await makePlan('drift.json');
    // Someone edits the GPO between plan and apply.
    await admin.modify(
      winning.dn,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'versionNumber', values: ['7'] }),
      }),
    );
    const journal = join(work, 'drift.jsonl');
    const result = await cli(['apply', planPath, '--yes', '--journal', journal, ...connection]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(
      `changed since the plan was made: #2 versionNumber of ${winning.dn}`,
    );
    expect(result.stderr).toContain('Nothing was written');
    const now = await capture();
    expect(now.files).toEqual(original.files);
    expect(now.attributes[`${lab.baseDn}#minPwdAge`]).toEqual(
      original.attributes[`${lab.baseDn}#minPwdAge`],
    );
    expect(existsSync(journal)).toBe(false);
  });

  it('a process killed between two operations leaves a journal from which rollback restores everything', async () => {
    const planPath = await makePlan('killed.json', ['--psos', 'all']);
    const journal = join(work, 'killed.jsonl');
    await applyKilledAfterSecondWrite(planPath, journal);
    const records = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          (JSON.parse(line) as { type: string; index?: number }).type +
          (JSON.parse(line).index ?? ''),
      );
    expect(records).toEqual(['run', 'before0', 'applied0', 'verified0', 'before1', 'applied1']);
    const midway = await capture();
    expect(midway.files[winning.gptTmplPath]).not.toEqual(original.files[winning.gptTmplPath]);
    expect(midway.attributes[`${winning.dn}#versionNumber`]).toEqual(
      original.attributes[`${winning.dn}#versionNumber`],
    );

    const rolledBack = await cli(['rollback', journal, '--yes', ...connection]);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stderr).toContain('interrupted');
    expect(rolledBack.stdout).toContain('Restored 2 target(s)');
    expect(await capture()).toEqual(original);
  });

  it('an interrupted run is listed by runs, finished by finish in the same journal, then rolled back whole', async () => {
    const planPath = await makePlan('finish.json', ['--psos', 'all']);
    const journalDir = join(work, 'journals');
    const journal = join(journalDir, 'finish.jsonl');
    await applyKilledAfterSecondWrite(planPath, journal);

    const listed = await cli(['runs', '--journal-dir', journalDir, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const [run] = (JSON.parse(listed.stdout) as { runs: Record<string, unknown>[] }).runs;
    expect(run).toMatchObject({
      journal,
      ended: false,
      complete: false,
      rolledBack: false,
      offers: ['finish', 'rollback'],
      states: { verified: 1, written: 1, 'not-started': 3 },
    });
    // The command runs prints is whole: run as printed (plus --yes), it finishes the run.
    const text = (await cli(['runs', '--journal-dir', journalDir, ...connection])).stdout;
    const printed = /to finish it: +writeback (finish .*)$/m.exec(text)?.[1];
    expect(printed, text).toContain(`finish "${journal}" --dc "${lab.url}"`);
    expect(printed).not.toContain(lab.admin.password);
    const finished = await cli([...commandWords(printed!), '--yes']);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stderr).toContain('4 of 5 change(s) not verified');
    expect(finished.stdout).toContain('Finished 4 change(s)');
    const records = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; index?: number });
    expect(records.filter((r) => r.type === 'verified').map((r) => r.index)).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(records.at(-1)?.type).toBe('run-end');
    // Finished means what a whole apply would have done: planning again finds nothing.
    const again = await cli([
      'plan',
      '--steps',
      'min-password-age',
      ...connection,
      '--psos',
      'all',
      '--out',
      join(work, 'after-finish.json'),
      '--json',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { operations: unknown[] }).operations).toEqual([]);

    const unfinished = await cli(['runs', '--journal-dir', journalDir, '--json']);
    expect((JSON.parse(unfinished.stdout) as { runs: unknown[] }).runs).toEqual([]);
    const all = await cli(['runs', '--journal-dir', journalDir, '--all', '--json']);
    expect((JSON.parse(all.stdout) as { runs: unknown[] }).runs).toMatchObject([
      { journal, complete: true, ended: true },
    ]);

    const rolledBack = await cli(['rollback', journal, '--yes', ...connection]);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain('Restored 5 target(s)');
    expect(await capture()).toEqual(original);
    const refused = await cli(['finish', journal, '--yes', ...connection]);
    expect(refused.stdout + refused.stderr).toMatch(/Nothing to finish|cannot be finished/);
  });
});
