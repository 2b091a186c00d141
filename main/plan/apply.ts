/**
 * The apply engine (docs/cli.md, "writeback apply"): every target is re-read first and
 * nothing is written if any drifted (exit 4); then operation by operation: before-image to the
 * journal (fsync'ed), write, read back and compare. A failure part-way stops the run with exit
 * 5 and a journal that lists what was and was not done.
 */
import { existsSync } from 'node:fs';
import { ExitCode, toErrorInfo, WizardError } from '../../shared/errors';
import { describeTarget, type Operation, type Plan } from '../../shared/plan';
import { planHash } from './fingerprint';
import { directoryLabel } from './plan-directories';
import { JournalWriter, journalFormatVersion, newRunId, runContext } from './journal';
import type { ProgressListener } from './progress';
import type { TargetAdapters } from '../operations/registry';
import { adapterFor, imageMatches, readFingerprint, writeImage } from './target-adapter';

export interface ApplyOptions {
  readonly adapters: TargetAdapters;
  /** The journal file to create (it must not exist). */
  readonly journalPath: string;
  readonly planFile?: string;
  readonly onProgress?: ProgressListener;
  /** The run's id, when the caller named the journal after it (the default journal is <run id>.jsonl). */
  readonly runId?: string;
}

export interface ApplyResult {
  readonly journalPath: string;
  readonly applied: number;
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const { adapters } = options;
  for (const operation of plan.operations) adapterFor(adapters, operation);
  // Nothing is written until every target has been read and matches the plan.
  const drifted: string[] = [];
  for (const [index, operation] of plan.operations.entries()) {
    report(options, index, plan, 'checking');
    const { fingerprint } = await readFingerprint(adapters, operation);
    if (fingerprint !== operation.fingerprint)
      drifted.push(`#${index} ${describeTarget(operation)}`);
  }
  if (drifted.length > 0) throw driftError(drifted);
  if (plan.operations.length === 0) return { journalPath: '', applied: 0 };

  const journal = JournalWriter.create(options.journalPath);
  try {
    journal.append({
      type: 'run',
      formatVersion: journalFormatVersion,
      runId: options.runId ?? newRunId(),
      planHash: planHash(plan.operations),
      ...(options.planFile ? { planFile: options.planFile } : {}),
      ...runContext(),
      at: now(),
      plan,
    });
    const indexes = plan.operations.map((_, index) => index);
    await runOperations(plan, indexes, journal, options);
    journal.append({ type: 'run-end', at: now(), outcome: 'done' });
    return { journalPath: journal.path, applied: indexes.length };
  } finally {
    journal.close();
  }
}

/**
 * Applies the given operations in order, journaling each one. Shared by apply and by finishing
 * an interrupted run (recover.ts), which passes the operations not yet verified.
 */
export async function runOperations(
  plan: Plan,
  indexes: readonly number[],
  journal: JournalWriter,
  options: Omit<ApplyOptions, 'journalPath'>,
): Promise<void> {
  const done: number[] = [];
  for (const index of indexes) {
    const operation = plan.operations[index]!;
    try {
      const current = await readFingerprint(options.adapters, operation);
      if (current.fingerprint !== operation.fingerprint) {
        if (imageMatches(options.adapters, operation, current.image, operation.after)) {
          // Only when finishing: the interrupted write had landed before the process died.
          journal.append({ type: 'verified', index, at: now(), fingerprint: current.fingerprint });
          report(options, index, plan, 'verified');
          done.push(index);
          continue;
        }
        throw driftError([`#${index} ${describeTarget(operation)}`]);
      }
      journal.append({
        type: 'before',
        index,
        at: now(),
        fingerprint: current.fingerprint,
        // Which domain the image was read in, for whoever reads the journal by hand.
        ...(operation.directory ? { directory: operation.directory } : {}),
        image: current.image,
      });
      report(options, index, plan, 'writing');
      await writeImage(options.adapters, operation, operation.after, 'apply');
      journal.append({ type: 'applied', index, at: now() });
      const readBack = await readFingerprint(options.adapters, operation);
      if (!imageMatches(options.adapters, operation, readBack.image, operation.after)) {
        throw new WizardError(
          'apply-readback-mismatch',
          `After writing ${describeTarget(operation)}, it does not read back as planned.`,
          'Something else changes this target (a policy refresh, replication, another admin). Roll back with the journal, then plan again.',
        );
      }
      // The read-back fingerprint: what rollback compares with (the DC may have added inherited ACEs).
      journal.append({ type: 'verified', index, at: now(), fingerprint: readBack.fingerprint });
      report(options, index, plan, 'verified');
      done.push(index);
    } catch (error) {
      const info = toErrorInfo(error);
      journal.append({
        type: 'failed',
        index,
        at: now(),
        error: { code: info.code, message: info.message },
      });
      report(options, index, plan, 'failed');
      const notDone = indexes.filter((i) => !done.includes(i));
      journal.append({
        type: 'run-end',
        at: now(),
        outcome: done.length > 0 ? 'partial' : 'failed',
      });
      throw partialError(plan, done, notDone, journal.path, info.message, error);
    }
  }
}

function partialError(
  plan: Plan,
  done: readonly number[],
  notDone: readonly number[],
  journalPath: string,
  reason: string,
  cause: unknown,
): WizardError {
  const list = (indexes: readonly number[]) =>
    indexes.length === 0
      ? 'none'
      : indexes.map((i) => `#${i} ${describeTarget(plan.operations[i]!)}`).join('; ');
  if (done.length === 0 && cause instanceof WizardError && cause.exitCode === ExitCode.drift) {
    return new WizardError(
      'apply-drift',
      // The targets are re-read before the journal is opened: a drift found then leaves none.
      `${reason} Nothing was written.${existsSync(journalPath) ? ` Journal: ${journalPath}` : ''}`,
      cause.fix,
      ExitCode.drift,
      { cause },
    );
  }
  return new WizardError(
    'apply-partial',
    `Partly applied: ${reason} Done: ${list(done)}. Not done: ${list(notDone)}. Journal: ${journalPath}`,
    `Roll back with: writeback rollback "${journalPath}" (or fix the cause and finish the run from the app).`,
    done.length > 0 ? ExitCode.partial : ExitCode.failed,
    { cause },
  );
}

export function driftError(targets: readonly string[]): WizardError {
  return new WizardError(
    'drift',
    `These targets changed since the plan was made: ${targets.join('; ')}. Nothing was written.`,
    'Make the plan again (writeback plan) so it starts from the current state, review it, then apply it.',
    ExitCode.drift,
  );
}

function report(
  options: { onProgress?: ProgressListener },
  index: number,
  plan: Plan,
  phase: 'checking' | 'writing' | 'verified' | 'failed',
): void {
  const operation: Operation = plan.operations[index]!;
  options.onProgress?.({
    run: 'apply',
    index,
    total: plan.operations.length,
    summary: operation.summary,
    ...(operation.directory ? { directory: directoryLabel(operation.directory) } : {}),
    phase,
  });
}

function now(): string {
  return new Date().toISOString();
}
