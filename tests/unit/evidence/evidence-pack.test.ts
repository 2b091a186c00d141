import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { planFormatVersion, type Plan } from '../../../shared/plan';
import type { WizardError } from '../../../shared/errors';
import { applyPlan } from '../../../main/plan/apply';
import { attributeOperation } from '../../../main/operations/attribute';
import { fileOperation } from '../../../main/operations/file';
import { fileAdapter } from '../../../main/operations/file';
import type { TargetAdapter } from '../../../main/operations/kind';
import { checkManifest } from '../../../main/evidence/manifest';
import { writeEvidencePack } from '../../../main/evidence/pack';
import { processTestTimeoutMs, writeback } from '../../support/writeback-cli';

vi.setConfig({ testTimeout: processTestTimeoutMs });

/** A run applied for real on files and an in-memory attribute, with its journal. */
async function appliedRun() {
  const folder = mkdtempSync(join(tmpdir(), 'wb-evidence-'));
  const secEdit = join(
    folder,
    'Policies',
    '{31B2F340-016D-11D2-945F-00C04FB984F9}',
    'MACHINE',
    'Microsoft',
    'Windows NT',
    'SecEdit',
  );
  mkdirSync(secEdit, { recursive: true });
  const inf = join(secEdit, 'GptTmpl.inf');
  const original = Buffer.from('\uFEFF[System Access]\r\nMinimumPasswordAge = 1\r\n', 'utf16le');
  writeFileSync(inf, original);
  const values = new Map([['DC=contoso,DC=test#minPwdAge', ['-864000000000']]]);
  const attribute: TargetAdapter<'attribute'> = {
    kind: 'attribute',
    read: async (op) => [...(values.get(`${op.target}#${op.attribute}`) ?? [])],
    write: async (op, image) => void values.set(`${op.target}#${op.attribute}`, [...image]),
  };
  const plan: Plan = {
    formatVersion: planFormatVersion,
    createdAt: new Date().toISOString(),
    // What a writeback plan names: the domain its attributes are in, the SYSVOL its files are in.
    source: { baseDn: 'DC=contoso,DC=test', sysvol: folder },
    steps: ['min-password-age'],
    operations: [
      fileOperation({
        step: 'min-password-age',
        summary: 'Minimum password age 1 → 0 days',
        path: inf,
        before: original,
        after: Buffer.from('\uFEFF[System Access]\r\nMinimumPasswordAge = 0\r\n', 'utf16le'),
      }),
      attributeOperation({
        step: 'min-password-age',
        summary: 'Domain minPwdAge 1 day → none',
        dn: 'DC=contoso,DC=test',
        attribute: 'minPwdAge',
        before: ['-864000000000'],
        after: ['0'],
      }),
    ],
    notes: [],
  };
  const journalPath = join(folder, 'journals', 'run.jsonl');
  await applyPlan(plan, { adapters: { file: fileAdapter(), attribute }, journalPath });
  const verifyJson = join(folder, 'verify.json');
  writeFileSync(verifyJson, JSON.stringify({ exitCode: 0, canary: { dcs: [] } }));
  return { folder, inf, original, journalPath, verifyJson };
}

describe('the evidence pack', () => {
  it('holds the plan, journal, each target before and after, the rollback by hand and a manifest sha256sum accepts', async () => {
    const run = await appliedRun();
    const out = join(run.folder, 'pack');
    const pack = await writeEvidencePack({
      journalPath: run.journalPath,
      out,
      verifyResults: [run.verifyJson],
    });
    expect(pack.folder).toBe(out);
    expect(readFileSync(join(out, 'journal.jsonl'))).toEqual(readFileSync(run.journalPath));
    expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).operations).toHaveLength(2);
    // The exact bytes that were there before the run, to copy back by hand.
    expect(readFileSync(join(out, 'targets/01-file/journal-before.bin'))).toEqual(run.original);
    expect(readFileSync(join(out, 'targets/02-attribute/journal-before.txt'), 'utf8')).toBe(
      '-864000000000\n',
    );
    expect(readFileSync(join(out, 'targets/02-attribute/rollback.ldif'), 'utf8')).toBe(
      'dn: DC=contoso,DC=test\nchangetype: modify\nreplace: minPwdAge\nminPwdAge: -864000000000\n-\n',
    );
    const byHand = readFileSync(join(out, 'ROLLBACK-BY-HAND.md'), 'utf8');
    expect(byHand).toContain(
      "Set-ADObject -Server <dc> -Identity 'DC=contoso,DC=test' -Replace @{ 'minPwdAge' = @('-864000000000') }",
    );
    expect(byHand.indexOf('### 2.')).toBeLessThan(byHand.indexOf('### 1.'));
    expect(readFileSync(join(out, 'verify/verify.json'), 'utf8')).toContain('canary');
    // Independent truth: coreutils' sha256sum checks the manifest.
    const sums = spawnSync('sha256sum', ['--check', '--strict', 'SHA256SUMS'], {
      cwd: out,
      encoding: 'utf8',
    });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
    expect((await checkManifest(out)).ok).toBe(true);
    // And Info-ZIP's unzip reads the zip and finds the same bytes.
    const test = spawnSync('unzip', ['-t', pack.zip!], { encoding: 'utf8' });
    expect(test.status, test.stdout).toBe(0);
    const inZip = spawnSync('unzip', ['-p', pack.zip!, 'pack/targets/01-file/journal-before.bin']);
    expect(inZip.stdout).toEqual(run.original);
  });

  it('finds a changed, missing or added file, and never overwrites a pack', async () => {
    const run = await appliedRun();
    const out = join(run.folder, 'pack');
    await writeEvidencePack({ journalPath: run.journalPath, out, zip: false });
    appendFileSync(join(out, 'plan.json'), ' ');
    writeFileSync(join(out, 'extra.txt'), 'x');
    mkdirSync(join(out, 'verify'));
    const check = await checkManifest(out);
    expect(check).toMatchObject({ ok: false, changed: ['plan.json'], unlisted: ['extra.txt'] });
    const exists = await writeEvidencePack({ journalPath: run.journalPath, out }).then(
      () => undefined as never,
      (e: unknown) => e as WizardError,
    );
    expect(exists.code).toBe('evidence-exists');
    expect(exists.message).toBe(
      `${out} exists already, and an evidence pack is never overwritten (it is a record).`,
    );
    expect(exists.fix).toMatch(/^Give another folder with --out/);
    expect(exists.message).not.toMatch(/EEXIST/);
    // A zip there already: refused before the folder is written, never a pack without its zip.
    const other = join(run.folder, 'other');
    writeFileSync(`${other}.zip`, 'not ours');
    const zipExists = await writeEvidencePack({ journalPath: run.journalPath, out: other }).then(
      () => undefined as never,
      (e: unknown) => e as WizardError,
    );
    expect(zipExists.message).toMatch(/other\.zip exists already/);
    expect(existsSync(other)).toBe(false);
  });

  it('writeback evidence writes the pack and --check verifies it (exit 0), then fails a tampered one (exit 1)', async () => {
    const run = await appliedRun();
    const out = join(run.folder, 'cli-pack');
    const written = writeback([
      'evidence',
      run.journalPath,
      '--out',
      out,
      '--verify',
      run.verifyJson,
      '--json',
    ]);
    expect(written.status, written.stderr).toBe(0);
    expect(JSON.parse(written.stdout)).toMatchObject({ folder: out, zip: `${out}.zip` });
    expect(existsSync(`${out}.zip`)).toBe(true);
    const checked = writeback(['evidence', '--check', out]);
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/all \d+ files match SHA256SUMS/);
    writeFileSync(join(out, 'journal.jsonl'), '{}\n');
    const tampered = writeback(['evidence', '--check', out]);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('changed:  journal.jsonl');
  });

  it('given a plan file, a verify result, a pack folder or a canary journal instead of a journal: says what it is and what to give (exit 2, never "damaged journal")', async () => {
    const run = await appliedRun();
    const plan = join(run.folder, 'plan.json');
    writeFileSync(
      plan,
      JSON.stringify(
        JSON.parse(readFileSync(run.journalPath, 'utf8').split('\n')[0]!).plan,
        null,
        2,
      ),
    );
    const verify = join(run.folder, 'verify-result.json');
    writeFileSync(verify, JSON.stringify({ generatedAt: 'x', checks: [], exitCode: 0 }));
    const canary = join(run.folder, 'canary.jsonl');
    writeFileSync(canary, '{"at":"x","type":"canary-plan","plan":{}}\n{"type":"confirmed"}\n');
    const pack = join(run.folder, 'pack');
    await writeEvidencePack({ journalPath: run.journalPath, out: pack, zip: false });
    const cases: [string, RegExp][] = [
      [plan, /is a plan file \(writeback plan --out\), not the journal of a run/],
      [verify, /is a verify result .*add this file to the pack with --verify <file>/s],
      [pack, /is an evidence pack folder.*writeback evidence --check/s],
      [canary, /is the journal of a canary reset/],
    ];
    for (const [file, says] of cases) {
      const result = writeback(['evidence', file]);
      expect(result.status, file).toBe(2);
      expect(result.stderr).toMatch(says);
      expect(result.stderr).toContain('writeback runs lists the journals');
      expect(result.stderr).not.toMatch(/damaged/);
    }
    // rollback and finish tell a plan file from a journal as well, in their own words.
    for (const command of ['rollback', 'finish']) {
      const result = writeback([command, plan, '--yes']);
      expect(result.status, command).toBe(2);
      expect(result.stderr).toMatch(/is a plan file \(writeback plan --out\), not the journal/);
      expect(result.stderr).toMatch(/a plan that was never applied changed nothing/);
      expect(result.stderr).not.toMatch(/damaged|--verify/);
    }
    const missing = writeback(['rollback', join(run.folder, 'no-such.jsonl'), '--yes']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/there is no file there \(ENOENT\)/);
  });
});
