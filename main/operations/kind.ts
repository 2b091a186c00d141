/**
 * What one kind of operation knows, in one place (main/operations/<kind>/): how its images are
 * fingerprinted, what makes an operation agree with itself, what it means for a writeback plan,
 * how `plan` prints it, how an evidence pack restores it by hand, and its target adapter. The
 * plan engine (main/plan/) asks the registry (./registry.ts) and never names a kind.
 */
import type { z } from 'zod';
import type { ImageOf, OperationKind, OperationOf, Plan } from '../../shared/plan';
import type { Reach, ReachName } from './reach';

/** Refuses a plan (exit 2): `what` the operation does that a writeback plan never does. */
export type Refuse = (what: string) => never;

/** Refuses an operation that does not agree with itself: the field, and what is wrong with it. */
export type RefuseField = (field: string, what: string) => never;

/** Adds a file to an operation's folder of an evidence pack. */
export type AddFile = (name: string, bytes: Buffer) => void;

/**
 * A target adapter reads and writes one kind of target. The engine fingerprints what `read`
 * returns exactly as the plan did, so drift, read-back and "changed again since" all mean one
 * thing.
 */
export interface TargetAdapter<K extends OperationKind> {
  readonly kind: K;
  /** The target's current state, as the same image shape the plan holds. */
  read(operation: OperationOf<K>): Promise<ImageOf<K>>;
  /** Makes the target hold `image` (the after when applying, the before when rolling back). */
  write(
    operation: OperationOf<K>,
    image: ImageOf<K>,
    direction: 'apply' | 'rollback',
  ): Promise<void>;
  /**
   * Whether the state read back is what was written, where the server may legitimately add to
   * it (a DC computes inherited ACEs itself). Without it, the fingerprints must be equal.
   */
  matches?(operation: OperationOf<K>, actual: ImageOf<K>, intended: ImageOf<K>): boolean;
}

/** Judges one plan's operations of a kind; made per plan, so it may remember earlier ones. */
export type MeaningJudge<K extends OperationKind> = (
  operation: OperationOf<K>,
  refuse: Refuse,
) => string;

export interface OperationKindModule<K extends OperationKind> {
  readonly kind: K;
  /** The shape of an image (before or after): what a journal's before-image must be. */
  readonly image: z.ZodType<ImageOf<K>>;
  /** The system its targets are on: what a run must reach to read and write them. */
  readonly reaches: ReachName;
  /** sha256 of the state an image is, computed the same way at plan, apply and rollback time. */
  fingerprint(image: ImageOf<K>): string;
  /** Beyond schema and fingerprints: the operation's parts describe each other (SDDL and bytes). */
  checkConsistency(operation: OperationOf<K>, refuse: RefuseField): void;
  /** What an operation does, recomputed from its images, or a refusal (plan meaning). */
  judge(plan: Plan): MeaningJudge<K>;
  /** A rule over the whole plan, checked once every operation has its meaning. */
  checkPlan?(plan: Plan, refuseAt: (index: number) => Refuse): void;
  /** The change as `plan` and `show` print it under the operation's summary and target. */
  changeLines(operation: OperationOf<K>): string[];
  /**
   * The evidence pack's files of this operation (its before and after as the admin reads them,
   * and the journaled before-image), and the commands that restore that image by hand.
   */
  restoreByHand(
    operation: OperationOf<K>,
    before: ImageOf<K> | undefined,
    add: AddFile,
    folder: string,
  ): string[];
  /** The adapter for what this run reaches, or undefined when it does not reach the targets. */
  adapter(reach: Reach): TargetAdapter<K> | undefined;
}
