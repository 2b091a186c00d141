/**
 * Finding 3: rollback trusted the journal. A journal sits on disk until rollback; whoever can
 * edit it could make rollback write any "before-image". Every record is schema-checked, indexes
 * are in range, and a before-image is written back only when its fingerprint is the one the
 * record and the plan both hold, and the target is still as the plan left it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, WizardError } from '../../../shared/errors';
import type { Plan } from '../../../shared/plan';
import { applyPlan } from '../../../main/plan/apply';
import { fileAdapter } from '../../../main/operations/file';
import { fileOperation } from '../../../main/operations/file';
import { sha256Hex } from '../../../main/operations/sha256';
import { rollbackRun } from '../../../main/plan/rollback';
import { setMinimumPasswordAge } from '../../../main/sysvol/gpt-tmpl';
import { gptTmpl, writeGpoFiles } from './legit-plan';

async function appliedRun() {
  const folder = mkdtempSync(join(tmpdir(), 'wb-sec3-'));
  const sysvol = join(folder, 'sysvol');
  const { tmpl } = writeGpoFiles(sysvol);
  const plan: Plan = {
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    source: { sysvol },
    steps: ['min-password-age'],
    operations: [
      fileOperation({
        step: 'min-password-age',
        summary: 'Minimum password age 1 → 0',
        path: tmpl,
        before: gptTmpl(1),
        after: setMinimumPasswordAge(gptTmpl(1), 0, tmpl),
      }),
    ],
    notes: [],
  };
  const journalPath = join(folder, 'run.jsonl');
  const adapters = { file: fileAdapter() };
  await applyPlan(plan, { adapters, journalPath });
  const records = readFileSync(journalPath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const applied = readFileSync(tmpl);
  const save = (edited: Record<string, unknown>[]) =>
    writeFileSync(journalPath, edited.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { tmpl, journalPath, adapters, records, applied, save };
}

async function refusal(promise: Promise<unknown>): Promise<WizardError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WizardError) return error;
    throw new Error(`not a WizardError: ${String(error)}`, { cause: error });
  }
  throw new Error('rollback went ahead');
}

const evilBytes = Buffer.concat([
  gptTmpl(1),
  Buffer.from('[Group Membership]\r\n*S-1-5-32-544__Members = *S-1-5-21-1-2-3-1105\r\n', 'utf16le'),
]);
const evilImage = { base64: evilBytes.toString('base64'), text: 'x' };

describe('finding 3: rollback does not trust the journal', () => {
  it('refuses a before-image edited in the journal, and writes nothing', async () => {
    const run = await appliedRun();
    const before = run.records.find((r) => r.type === 'before')!;
    before.image = evilImage;
    run.save(run.records);
    const error = await refusal(rollbackRun(run.journalPath, { adapters: run.adapters }));
    expect(error.code).toBe('journal-tampered');
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toMatch(/"before" record of operation 0/);
    expect(error.fix).toMatch(/by hand/);
    expect(readFileSync(run.tmpl)).toEqual(run.applied);
  });

  it("refuses it with the record's fingerprint recomputed: it must be the plan's before too", async () => {
    const run = await appliedRun();
    const before = run.records.find((r) => r.type === 'before')!;
    before.image = evilImage;
    before.fingerprint = sha256Hex(evilBytes);
    run.save(run.records);
    const error = await refusal(rollbackRun(run.journalPath, { adapters: run.adapters }));
    expect(error.code).toBe('journal-tampered');
    expect(error.message).toMatch(/not the state the plan was made from/);
    expect(readFileSync(run.tmpl)).toEqual(run.applied);
  });

  it('refuses records that are not journal records, and indexes outside the plan', async () => {
    const outOfRange = await appliedRun();
    outOfRange.records.push({
      type: 'verified',
      index: 7,
      at: new Date().toISOString(),
      fingerprint: '0'.repeat(64),
    });
    outOfRange.save(outOfRange.records);
    const range = await refusal(
      rollbackRun(outOfRange.journalPath, { adapters: outOfRange.adapters }),
    );
    expect(range.code).toBe('journal-corrupt');
    expect(range.message).toMatch(/operation 7.*plan has 1/);
    const shape = await appliedRun();
    shape.records.splice(2, 0, { type: 'before', index: '0; rm -rf', image: 1 });
    shape.save(shape.records);
    const bad = await refusal(rollbackRun(shape.journalPath, { adapters: shape.adapters }));
    expect(bad.code).toBe('journal-corrupt');
    expect(bad.message).toMatch(/line 3/);
    const unknown = await appliedRun();
    unknown.records.push({ type: 'run-end', at: 'now', outcome: 'done', extra: 'x' });
    unknown.save(unknown.records);
    expect(
      (await refusal(rollbackRun(unknown.journalPath, { adapters: unknown.adapters }))).code,
    ).toBe('journal-corrupt');
    expect(readFileSync(shape.tmpl)).toEqual(shape.applied);
  });

  it('still rolls back an untouched journal byte for byte', async () => {
    const run = await appliedRun();
    expect((await rollbackRun(run.journalPath, { adapters: run.adapters })).restored).toBe(1);
    expect(readFileSync(run.tmpl)).toEqual(gptTmpl(1));
  });
});
