/**
 * What a rollback will write, shown before the admin confirms it: each target the run touched,
 * from the state the run left it in to its journaled before-image, as the same diffs Apply
 * showed. The journal is untrusted input: every reversed operation must pass the plan schema.
 */
import { badInput } from '../../shared/errors';
import type { ChannelInput, RollbackPreview } from '../../shared/ipc';
import { operationSchema, type Operation } from '../../shared/plan';
import { readRunStatus } from '../plan/recover';
import { ownJournal } from './plan-handlers';
import type { EngineSession } from './session';

export async function previewRollback(
  session: EngineSession,
  input: ChannelInput<'journal.preview'>,
): Promise<RollbackPreview> {
  const status = await readRunStatus(ownJournal(session, input.journal));
  const reversed: Operation[] = [];
  const seen = new Set<number>();
  // Rollback restores in reverse order; the first before-image of each target is the one kept.
  for (const record of status.journal.records) {
    if (record.type !== 'before' || seen.has(record.index)) continue;
    seen.add(record.index);
    const operation = status.plan.operations[record.index];
    if (!operation) continue;
    // The apply's equivalent command would do the opposite of what rollback writes: left out.
    const { equivalentCommand: _applyCommand, ...undone } = operation;
    const parsed = operationSchema.safeParse({
      ...undone,
      summary: `Undo: ${operation.summary}`,
      before: operation.after,
      after: record.image,
    });
    if (!parsed.success) {
      throw badInput(
        'journal-invalid',
        `The journal ${input.journal} holds a before-image that is not valid for ${operation.target}.`,
        'Do not roll back from this journal; restore the target by hand from a backup.',
      );
    }
    reversed.push(parsed.data);
  }
  reversed.reverse();
  return { plan: { ...status.plan, operations: reversed, notes: [] } };
}
