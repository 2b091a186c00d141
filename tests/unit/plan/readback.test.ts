import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFormatVersion, type Plan } from '../../../shared/plan';
import { applyPlan } from '../../../main/plan/apply';
import { attributeOperation } from '../../../main/operations/attribute';
import { defaultJournalFolder, readJournal } from '../../../main/plan/journal';
import { rollbackRun } from '../../../main/plan/rollback';
import type { TargetAdapter } from '../../../main/operations/kind';

/**
 * A server that adds a value of its own on every write (as a DC adds inherited ACEs): the
 * adapter says what "written as intended" means, and rollback expects the state read back.
 */
function serverThatAdds() {
  let values = ['3'];
  const adapter: TargetAdapter<'attribute'> = {
    kind: 'attribute',
    read: async () => [...values],
    write: async (_op, image) => {
      values = image.includes('3') ? [...image] : [...image, 'computed'];
    },
    matches: (_op, actual, intended) => intended.every((v) => actual.includes(v)),
  };
  return { adapter, get: () => values, set: (v: string[]) => (values = v) };
}

const plan = (): Plan => ({
  formatVersion: planFormatVersion,
  createdAt: new Date().toISOString(),
  source: { baseDn: 'DC=contoso,DC=test' },
  steps: ['min-password-age'],
  operations: [
    attributeOperation({
      step: 'min-password-age',
      summary: 's',
      dn: 'DC=contoso,DC=test',
      attribute: 'minPwdAge',
      before: ['3'],
      after: ['0'],
    }),
  ],
  notes: [],
});

describe('read-back judged by the adapter', () => {
  it('accepts what the server added, journals it, and rolls back from it', async () => {
    const server = serverThatAdds();
    const journalPath = join(mkdtempSync(join(tmpdir(), 'wb-rb-')), 'j.jsonl');
    await applyPlan(plan(), { adapters: { attribute: server.adapter }, journalPath });
    expect(server.get()).toEqual(['0', 'computed']);
    const journal = await readJournal(journalPath);
    expect(journal.records.find((r) => r.type === 'verified')).toHaveProperty('fingerprint');
    expect(
      (await rollbackRun(journalPath, { adapters: { attribute: server.adapter } })).restored,
    ).toBe(1);
    expect(server.get()).toEqual(['3']);
  });

  it('refuses rollback when the state differs from what was read back after the write', async () => {
    const server = serverThatAdds();
    const journalPath = join(mkdtempSync(join(tmpdir(), 'wb-rb-')), 'j.jsonl');
    await applyPlan(plan(), { adapters: { attribute: server.adapter }, journalPath });
    server.set(['0', 'computed', 'someone else']);
    await expect(
      rollbackRun(journalPath, { adapters: { attribute: server.adapter } }),
    ).rejects.toMatchObject({ exitCode: 4 });
    expect(server.get()).toEqual(['0', 'computed', 'someone else']);
  });

  it('keeps journals in the XDG data folder on Linux', () => {
    if (process.platform !== 'linux') return;
    expect(defaultJournalFolder({ XDG_DATA_HOME: '/data' })).toBe(
      '/data/writeback-wizard/journals',
    );
    expect(defaultJournalFolder({ XDG_DATA_HOME: 'relative' })).toMatch(
      /\.local\/share\/writeback-wizard\/journals$/,
    );
  });
});
