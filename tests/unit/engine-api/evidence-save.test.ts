/**
 * "Save evidence pack" in the app: with a save dialog (Electron) the pack is the folder the
 * admin named there, and a name already taken is refused (nothing is written over); without
 * one (the dev bridge) it goes into the journal folder beside its run's journal, under the next
 * free name, and the answer says which.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFormatVersion, type Plan } from '../../../shared/plan';
import type { SavedEvidence } from '../../../shared/ipc';
import { applyPlan } from '../../../main/plan/apply';
import { fileAdapter, fileOperation } from '../../../main/operations/file';
import { checkManifest } from '../../../main/evidence/manifest';
import { dispatch } from '../../../main/engine-api/dispatch';
import { EngineSession, type EngineHost } from '../../../main/engine-api/session';

/** A run applied for real on a file, journaled in the app's journal folder. */
async function appliedRun() {
  const folder = mkdtempSync(join(tmpdir(), 'wb-evidence-save-'));
  const journals = join(folder, 'journals');
  mkdirSync(journals);
  // Where a writeback plan's file operations live: a GPO's GptTmpl.inf in SYSVOL.
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
  const before = Buffer.from('[System Access]\r\nMinimumPasswordAge = 1\r\n');
  writeFileSync(inf, before);
  const plan: Plan = {
    formatVersion: planFormatVersion,
    createdAt: new Date().toISOString(),
    source: { sysvol: folder },
    steps: ['min-password-age'],
    operations: [
      fileOperation({
        step: 'min-password-age',
        summary: 'Minimum password age 1 → 0 days',
        path: inf,
        before,
        after: Buffer.from('[System Access]\r\nMinimumPasswordAge = 0\r\n'),
      }),
    ],
    notes: [],
  };
  const journal = join(journals, 'run-1.jsonl');
  await applyPlan(plan, { adapters: { file: fileAdapter() }, journalPath: journal });
  return { folder, journals, journal };
}

function hostFor(journals: string, choose?: (name: string) => string | undefined): EngineHost {
  return {
    kind: choose ? 'electron' : 'dev-bridge',
    version: 'test',
    journalFolder: journals,
    openExternal: async () => undefined,
    saveFile: async () => undefined,
    emit: () => undefined,
    ...(choose ? { chooseEvidenceFolder: async (name: string) => choose(name) } : {}),
  };
}

const save = async (session: EngineSession, journal: string) =>
  dispatch(session, 'evidence.save', { journal });

describe('evidence.save', () => {
  it('without a save dialog, writes into the journal folder beside the run, a second pack beside the first', async () => {
    const run = await appliedRun();
    const session = new EngineSession(hostFor(run.journals));
    const first = (await save(session, run.journal)) as { ok: true; value: SavedEvidence };
    expect(first.ok, JSON.stringify(first)).toBe(true);
    expect(first.value.where).toBe('journal-folder');
    expect(first.value.folder).toMatch(new RegExp(`^${run.journals}/evidence-`));
    await expect(checkManifest(first.value.folder)).resolves.toMatchObject({ ok: true });
    const manifest = readFileSync(join(first.value.folder, 'SHA256SUMS'), 'utf8');
    const second = (await save(session, run.journal)) as { ok: true; value: SavedEvidence };
    expect(second.value.folder).toBe(`${first.value.folder}-2`);
    expect(readFileSync(join(first.value.folder, 'SHA256SUMS'), 'utf8')).toBe(manifest);
  });

  it('with a save dialog, writes the folder the admin named (suggested from the run), refuses a taken name and a cancel', async () => {
    const run = await appliedRun();
    const suggested: string[] = [];
    let answer: string | undefined = join(run.folder, 'chosen', 'change-1234');
    const session = new EngineSession(
      hostFor(run.journals, (name) => {
        suggested.push(name);
        return answer;
      }),
    );
    const saved = (await save(session, run.journal)) as { ok: true; value: SavedEvidence };
    expect(saved.ok).toBe(true);
    expect(saved.value).toMatchObject({ where: 'chosen', folder: answer, zip: `${answer}.zip` });
    expect(suggested[0]).toMatch(/^evidence-/);
    await expect(checkManifest(answer!)).resolves.toMatchObject({ ok: true });
    const manifest = readFileSync(join(answer!, 'SHA256SUMS'), 'utf8');
    // The same name again: refused, the first pack untouched.
    const again = await save(session, run.journal);
    expect(again).toMatchObject({ ok: false, error: { code: 'evidence-exists' } });
    expect(readFileSync(join(answer!, 'SHA256SUMS'), 'utf8')).toBe(manifest);
    // A name whose zip alone is taken: refused too.
    const zipOnly = join(run.folder, 'chosen', 'zip-only');
    writeFileSync(`${zipOnly}.zip`, 'mine');
    answer = zipOnly;
    expect(await save(session, run.journal)).toMatchObject({
      ok: false,
      error: { code: 'evidence-exists' },
    });
    expect(existsSync(zipOnly)).toBe(false);
    expect(readFileSync(`${zipOnly}.zip`, 'utf8')).toBe('mine');
    answer = undefined;
    expect(await save(session, run.journal)).toMatchObject({
      ok: false,
      error: { code: 'evidence-not-saved' },
    });
  });
});
