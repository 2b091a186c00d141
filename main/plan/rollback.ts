/**
 * Rollback (docs/cli.md, "writeback rollback"): every target the journal touched goes back to its journaled
 * before-image, in reverse order. A target that is neither as the run left it (its after)
 * nor already as before was changed again by someone else: then nothing is written (exit 4).
 * The rollback itself is journaled in the same file.
 */
import { badInput, ExitCode, toErrorInfo, WizardError } from '../../shared/errors';
import {
  describeTarget,
  type Operation,
  type Plan,
  type PlanDirectoryTag,
} from '../../shared/plan';
import { directoryKey, directoryLabel } from './plan-directories';
import { fingerprintImage } from '../operations/registry';
import { isImageOf } from './journal-record';
import { JournalWriter, type BeforeImageRecord } from './journal';
import type { ProgressListener } from './progress';
import { readRunStatus, type RunStatus } from './recover';
import type { TargetAdapters } from '../operations/registry';
import { imageMatches, readFingerprint, writeImage } from './target-adapter';

export interface RollbackOptions {
  readonly adapters: TargetAdapters;
  readonly onProgress?: ProgressListener;
}

export interface RollbackResult {
  readonly restored: number;
  /** Touched by the run but already as before (the write never landed, or was restored). */
  readonly alreadyAsBefore: number;
}

/** What a run's journal says of each target it touched: its before-image and read-back. */
interface Touched {
  readonly plan: Plan;
  /** The first before-image journaled per operation: the state the plan was made from. */
  readonly beforeImages: ReadonlyMap<number, BeforeImageRecord>;
  /** The fingerprint read back after the write, when the journal got that far. */
  readonly verifiedAfter: ReadonlyMap<number, string>;
}

/** Where each touched target stands now; nothing is written until all were read. */
interface Survey {
  readonly toRestore: number[];
  readonly changedAgain: number[];
  readonly currentFingerprints: Map<number, string>;
  alreadyAsBefore: number;
}

export async function rollbackRun(
  journalPath: string,
  options: RollbackOptions,
): Promise<RollbackResult> {
  const touched = touchedBy(await readRunStatus(journalPath));
  const survey = await surveyTargets(journalPath, touched, options);
  const journal = JournalWriter.reopen(journalPath);
  try {
    journal.append({ type: 'rollback-start', at: now(), pid: process.pid });
    if (survey.changedAgain.length > 0) {
      journal.append({ type: 'rollback-refused', at: now(), indexes: survey.changedAgain });
      throw changedAgainError(touched.plan, survey.changedAgain);
    }
    const restored: number[] = [];
    for (const index of survey.toRestore) {
      try {
        await restoreOne(index, touched, survey, journal, options);
        restored.push(index);
      } catch (error) {
        throw rollbackStopped(journal, journalPath, touched.plan, index, survey, restored, error);
      }
    }
    journal.append({ type: 'rollback-end', at: now(), outcome: 'done' });
    return { restored: restored.length, alreadyAsBefore: survey.alreadyAsBefore };
  } finally {
    journal.close();
  }
}

function touchedBy(status: RunStatus): Touched {
  const beforeImages = new Map<number, BeforeImageRecord>();
  const verifiedAfter = new Map<number, string>();
  for (const record of status.journal.records) {
    if (record.type === 'before' && !beforeImages.has(record.index))
      beforeImages.set(record.index, record);
    if (record.type === 'verified') verifiedAfter.set(record.index, record.fingerprint);
  }
  return { plan: status.plan, beforeImages, verifiedAfter };
}

/** Reads every touched target, newest first: already as before, to restore, or changed again. */
async function surveyTargets(
  journalPath: string,
  { plan, beforeImages, verifiedAfter }: Touched,
  options: RollbackOptions,
): Promise<Survey> {
  const survey: Survey = {
    toRestore: [],
    changedAgain: [],
    currentFingerprints: new Map(),
    alreadyAsBefore: 0,
  };
  for (const index of [...beforeImages.keys()].sort((a, b) => b - a)) {
    const operation = plan.operations[index]!;
    const before = beforeImages.get(index)!;
    checkBeforeImage(journalPath, operation, before);
    // As apply does: each target is announced while it is read, so a slow read is visible.
    progress(options, plan, index, 'checking');
    const { fingerprint, image } = await readFingerprint(options.adapters, operation);
    // As the run left it: what the plan wrote (the adapter judges what the server adds), and
    // exactly what was read back after the write when the journal got that far. Restoring the
    // before-image then undoes the plan's change and nothing else.
    const leftAsApplied =
      imageMatches(options.adapters, operation, image, operation.after) &&
      (!verifiedAfter.has(index) || fingerprint === verifiedAfter.get(index));
    if (fingerprint === before.fingerprint) {
      survey.alreadyAsBefore += 1;
      progress(options, plan, index, 'skipped');
    } else if (leftAsApplied) {
      survey.currentFingerprints.set(index, fingerprint);
      survey.toRestore.push(index);
    } else {
      survey.changedAgain.push(index);
    }
  }
  return survey;
}

/** Writes one target's before-image back, journaled, and reads it back. */
async function restoreOne(
  index: number,
  { plan, beforeImages }: Touched,
  survey: Survey,
  journal: JournalWriter,
  options: RollbackOptions,
): Promise<void> {
  const operation = plan.operations[index]!;
  const before = beforeImages.get(index)!;
  journal.append({
    type: 'rollback-before',
    index,
    at: now(),
    fingerprint: survey.currentFingerprints.get(index)!,
  });
  progress(options, plan, index, 'writing');
  await writeImage(options.adapters, operation, before.image, 'rollback');
  const readBack = await readFingerprint(options.adapters, operation);
  if (!imageMatches(options.adapters, operation, readBack.image, before.image)) {
    throw new WizardError(
      'rollback-readback-mismatch',
      `After restoring ${describeTarget(operation)}, it does not read back as its before-image.`,
      'Something else changes this target; restore it by hand from the journal.',
    );
  }
  journal.append({ type: 'restored', index, at: now() });
  progress(options, plan, index, 'verified');
}

function changedAgainError(plan: Plan, changedAgain: readonly number[]): WizardError {
  return new WizardError(
    'rollback-drift',
    `These targets were changed again since this run: ${changedAgain
      .map((i) => `#${i} ${describeTarget(plan.operations[i]!)}`)
      .join('; ')}. Nothing was rolled back.`,
    'Look at what changed them; restore them by hand from the before-images in the journal, or accept the current state.',
    ExitCode.drift,
  );
}

/** Journals where rollback stopped, and says what was and was not restored. */
function rollbackStopped(
  journal: JournalWriter,
  journalPath: string,
  plan: Plan,
  index: number,
  survey: Survey,
  restored: readonly number[],
  error: unknown,
): WizardError {
  const info = toErrorInfo(error);
  journal.append({
    type: 'rollback-failed',
    index,
    at: now(),
    error: { code: info.code, message: info.message },
  });
  journal.append({ type: 'rollback-end', at: now(), outcome: 'partial' });
  const left = survey.toRestore.filter((i) => !restored.includes(i));
  return new WizardError(
    'rollback-partial',
    `Rollback stopped at #${index} ${describeTarget(plan.operations[index]!)}: ${info.message} Restored: ${restored.length}; not restored: ${left
      .map((i) => `#${i}`)
      .join(', ')}. Journal: ${journalPath}`,
    `Fix the cause, then run writeback rollback "${journalPath}" again (restored targets are skipped).`,
    ExitCode.partial,
    { cause: error },
  );
}

function progress(
  options: RollbackOptions,
  plan: Plan,
  index: number,
  phase: 'checking' | 'skipped' | 'writing' | 'verified',
): void {
  const directory = plan.operations[index]!.directory;
  options.onProgress?.({
    run: 'rollback',
    index,
    total: plan.operations.length,
    summary: plan.operations[index]!.summary,
    ...(directory ? { directory: directoryLabel(directory) } : {}),
    phase,
  });
}

/**
 * The before-image rollback is about to write is the one apply journaled: its fingerprint is
 * the record's, and the record's is the plan's own `before` (apply refuses to write otherwise).
 */
function checkBeforeImage(
  journalPath: string,
  operation: Operation,
  record: BeforeImageRecord,
): void {
  const refuse = (what: string): never => {
    throw badInput(
      'journal-tampered',
      `The journal ${journalPath}: the "before" record of operation ${record.index} (${describeTarget(operation)}) ${what}. Nothing was rolled back.`,
      `Do not use this journal. Restore ${describeTarget(operation)} by hand from the plan it was made from (its before), or from a backup of the journal.`,
    );
  };
  if (!isImageOf(operation.kind, record.image)) refuse(`is not a ${operation.kind} image`);
  if (fingerprintImage(operation.kind, record.image as never) !== record.fingerprint) {
    refuse('holds an image that does not match its own fingerprint');
  }
  if (record.fingerprint !== operation.fingerprint) {
    refuse('holds an image that is not the state the plan was made from');
  }
  const where = (tag: PlanDirectoryTag | undefined) => (tag ? directoryKey(tag) : '');
  if (where(record.directory) !== where(operation.directory)) {
    refuse("names another directory than the plan's operation");
  }
}

function now(): string {
  return new Date().toISOString();
}
