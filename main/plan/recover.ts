/**
 * What a journal says happened, for a run that ended or was killed at any point: per
 * operation whether it was never touched, possibly written (before-image journaled, no
 * "applied"), written, verified, failed or restored; and what can be offered next.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunView } from '../../shared/ipc';
import type { Plan } from '../../shared/plan';
import { JournalWriter, readJournal, type Journal } from './journal';
import { ExitCode, WizardError } from '../../shared/errors';
import { describeTarget } from '../../shared/plan';
import { printable } from '../../shared/text/printable';
import { driftError, runOperations, type ApplyOptions } from './apply';
import { imageMatches, readFingerprint } from './target-adapter';

export type OperationState =
  | 'not-started'
  /** The before-image is journaled but the write may or may not have landed. */
  | 'maybe-written'
  | 'written'
  | 'verified'
  | 'failed'
  | 'restored';

export interface RunStatus {
  readonly journal: Journal;
  readonly plan: Plan;
  readonly states: readonly OperationState[];
  /** run-end was journaled: the run was not killed. */
  readonly ended: boolean;
  /** What the app and the CLI may offer. */
  readonly offers: readonly ('finish' | 'rollback')[];
}

export async function readRunStatus(journalPath: string): Promise<RunStatus> {
  const journal = await readJournal(journalPath);
  const plan = journal.header.plan;
  const states: OperationState[] = plan.operations.map(() => 'not-started');
  let ended = false;
  for (const record of journal.records) {
    switch (record.type) {
      case 'before':
        states[record.index] = 'maybe-written';
        break;
      case 'applied':
        states[record.index] = 'written';
        break;
      case 'verified':
        states[record.index] = 'verified';
        break;
      case 'failed':
        // A failed write may still have landed in part: treat it as possibly written.
        states[record.index] = 'failed';
        break;
      case 'restored':
        states[record.index] = 'restored';
        break;
      case 'run-end':
        ended = true;
        break;
      default:
        break;
    }
  }
  const touched = states.some((s) => s !== 'not-started' && s !== 'restored');
  const unfinished = states.some((s) => s !== 'verified');
  const restoredAny = states.some((s) => s === 'restored');
  const offers: ('finish' | 'rollback')[] = [];
  if (unfinished && !restoredAny) offers.push('finish');
  if (touched) offers.push('rollback');
  return { journal, plan, states, ended, offers };
}

/** Finishes an interrupted run: applies, in the same journal, every operation not verified. */
export async function finishRun(
  journalPath: string,
  options: Omit<ApplyOptions, 'journalPath' | 'planFile'>,
): Promise<number> {
  const status = await readRunStatus(journalPath);
  const remaining = status.states.flatMap((state, index) => (state === 'verified' ? [] : [index]));
  if (remaining.length === 0) return 0;
  if (status.states.includes('restored')) {
    throw new WizardError(
      'finish-after-rollback',
      `The run in ${journalPath} was rolled back; it cannot be finished.`,
      'Make a new plan (writeback plan) and apply it.',
      ExitCode.usage,
    );
  }
  // As for apply: nothing is written unless every remaining target is as planned (or, for the
  // interrupted one, already as written).
  const drifted: string[] = [];
  for (const index of remaining) {
    const operation = status.plan.operations[index]!;
    const current = await readFingerprint(options.adapters, operation);
    const asPlanned = current.fingerprint === operation.fingerprint;
    if (!asPlanned && !imageMatches(options.adapters, operation, current.image, operation.after)) {
      drifted.push(`#${index} ${describeTarget(operation)}`);
    }
  }
  if (drifted.length > 0) throw driftError(drifted);
  const journal = JournalWriter.reopen(journalPath);
  try {
    await runOperations(status.plan, remaining, journal, options);
    journal.append({ type: 'run-end', at: new Date().toISOString(), outcome: 'done' });
  } finally {
    journal.close();
  }
  return remaining.length;
}

/** A run as the runs list shows it: its status and whether it was rolled back since. */
export interface RunSummary extends RunStatus {
  readonly path: string;
  readonly rolledBack: boolean;
  /** Every operation verified: nothing left to finish. */
  readonly complete: boolean;
}

/**
 * Every run journal in a folder, newest first by the time its header records (an admin may name
 * a journal anything with --journal, so the file name says nothing about when it ran). A file
 * that is not a readable journal is reported through `unreadable`, never silently dropped.
 */
export async function listRuns(
  folder: string,
): Promise<{ runs: RunSummary[]; unreadable: { path: string; reason: string }[] }> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const runs: RunSummary[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  for (const name of names
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .reverse()) {
    const path = join(folder, name);
    try {
      const status = await readRunStatus(path);
      const rolledBack = status.journal.records.some(
        (record) => record.type === 'rollback-end' && record.outcome === 'done',
      );
      const complete = status.states.every((state) => state === 'verified');
      runs.push({ ...status, path, rolledBack, complete });
    } catch (error) {
      unreadable.push({ path, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  runs.sort((a, b) => newestFirst(a.journal.header.at, b.journal.header.at));
  return { runs, unreadable };
}

/** Newest first; a time that does not parse sorts last. */
function newestFirst(a: string, b: string): number {
  const time = (at: string): number => {
    const ms = Date.parse(at);
    return Number.isNaN(ms) ? Number.MIN_SAFE_INTEGER : ms;
  };
  return time(b) - time(a);
}

/**
 * The runs in a journal folder that the next start should offer to finish or roll back: those
 * killed before their end, or ended part-way, and not since rolled back. Newest first.
 */
export async function findUnfinishedRuns(folder: string): Promise<RunStatus[]> {
  const { runs } = await listRuns(folder);
  return runs.filter((run) => !run.rolledBack && !run.complete);
}

/** A run as the app's list and `writeback runs --json` show it: plain data, no images. */
export function runView(run: RunSummary): RunView {
  const header = run.journal.header;
  return {
    journal: run.path,
    runId: header.runId,
    at: header.at,
    // What the journal says about where it ran is untrusted text, shown to the admin.
    user: printable(header.user),
    host: printable(header.host),
    steps: run.plan.steps,
    operations: run.plan.operations.length,
    targets: run.plan.operations.map((operation) => printable(describeTarget(operation))),
    states: countStates(run.states),
    ended: run.ended,
    complete: run.complete,
    rolledBack: run.rolledBack,
    offers: run.offers,
  };
}

export function countStates(
  states: readonly OperationState[],
): Partial<Record<OperationState, number>> {
  const counts: Partial<Record<OperationState, number>> = {};
  for (const state of states) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}
