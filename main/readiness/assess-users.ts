/**
 * Per-user readiness over a stream of users, in constant memory: each user is judged and
 * dropped; only users with a reason are kept (their reasons reuse the catalogue's shared fix
 * strings), plus counts by cause. Never an array of all users.
 */
import type { Blocker, BlockerReason } from '../../shared/checks';
import { cancelled } from './ldap-users';
import { KeptInOrder } from './report-order';
import { isBlockerCode, REASON_KINDS } from './reasons';
import type { UserRecord } from './user-record';
import { judgeUser, type ReadinessContext } from './user-verdict';

export interface ReadinessProgress {
  readonly usersScanned: number;
  /** Users per second since the start. */
  readonly rate: number;
  readonly elapsedMs: number;
  /** When the caller gave an expected total: the estimated time left. */
  readonly remainingMs?: number;
}

export interface ReadinessSummary {
  readonly usersScanned: number;
  /** Users for whom writeback would fail today. */
  readonly blockedUsers: number;
  /** Users with at least one warning. */
  readonly warnedUsers: number;
  /** Users per reason code (a user counts once per code). */
  readonly usersByReason: Readonly<Record<string, number>>;
  /** Users whose DACL could not be read (the bind account lacks Read permissions): not judged for access. */
  readonly unreadableDacls: number;
  readonly durationMs: number;
  readonly scopes: readonly string[];
}

export interface ReadinessResult {
  readonly summary: ReadinessSummary;
  /** One entry per blocked user, with its blocker reasons only. */
  readonly blockers: readonly Blocker[];
  /** One entry per warned user, with its warnings only (at most maxWarnings users kept). */
  readonly warnings: readonly Blocker[];
  /** Warned users beyond maxWarnings: counted, not listed. */
  readonly warningsNotListed: number;
  /** The same users judged after a plan's changes, when asked (the same pass). */
  readonly afterPlan?: ReadinessResult;
}

export interface AssessUsersOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReadinessProgress) => void;
  /** How often to report progress, in ms (default 500). */
  readonly progressEveryMs?: number;
  readonly expectedTotal?: number;
  /** Warned users kept for the report (default 20,000); the rest are only counted. */
  readonly maxWarnings?: number;
  readonly scopes?: readonly string[];
  readonly clock?: () => number;
  /**
   * A second judgement of every user in the same pass: the verdict after a plan's changes
   * (after-plan.ts), for "would still fail after the planned changes".
   */
  readonly afterPlan?: Judge;
}

export type Judge = (user: UserRecord, context: ReadinessContext) => BlockerReason[];

/** Many users share a reason word for word (every user missing the grant): one copy is kept. */
function interner(limit = 50_000): (text: string) => string {
  const interned = new Map<string, string>();
  return (text) => {
    const known = interned.get(text);
    if (known !== undefined) return known;
    if (interned.size < limit) interned.set(text, text);
    return text;
  };
}

/** Progress as the scan reports it, from the count so far and the clock. */
function progressAt(
  started: number,
  now: number,
  scanned: number,
  expectedTotal: number | undefined,
): ReadinessProgress {
  const elapsedMs = now - started;
  const rate = elapsedMs > 0 ? (scanned * 1000) / elapsedMs : 0;
  const left = expectedTotal !== undefined ? expectedTotal - scanned : undefined;
  return {
    usersScanned: scanned,
    rate,
    elapsedMs,
    ...(left !== undefined && rate > 0 ? { remainingMs: (Math.max(0, left) / rate) * 1000 } : {}),
  };
}

/**
 * What the pass keeps: blocked users, warned users (up to a limit), counts by cause; the users
 * listed in objectGUID order (report-order.ts), so the streams a scan used never show.
 */
class Tally {
  readonly counts = new Map<string, number>(REASON_KINDS.map((k) => [k.code, 0]));
  readonly blockers = new KeptInOrder<Blocker>();
  readonly warnings: KeptInOrder<Blocker>;
  scanned = 0;
  unreadable = 0;
  private readonly intern = interner();

  constructor(maxWarnings: number) {
    this.warnings = new KeptInOrder<Blocker>(maxWarnings);
  }

  add(user: UserRecord, reasons: readonly BlockerReason[]): void {
    this.scanned++;
    if (user.sd === undefined) this.unreadable++;
    if (reasons.length === 0) return;
    const blocking: BlockerReason[] = [];
    const warning: BlockerReason[] = [];
    const seen = new Set<string>();
    for (const reason of reasons) {
      if (!seen.has(reason.code))
        this.counts.set(reason.code, (this.counts.get(reason.code) ?? 0) + 1);
      seen.add(reason.code);
      const kept = {
        code: reason.code,
        message: this.intern(reason.message),
        fix: this.intern(reason.fix),
      };
      (isBlockerCode(reason.code) ? blocking : warning).push(kept);
    }
    const who = { sAMAccountName: user.sAMAccountName, dn: user.dn };
    if (blocking.length > 0) this.blockers.add(user.objectGuid, { ...who, reasons: blocking });
    if (warning.length > 0) this.warnings.add(user.objectGuid, { ...who, reasons: warning });
  }

  result(durationMs: number, scopes: readonly string[]): ReadinessResult {
    const warnings = this.warnings.list();
    return {
      summary: {
        usersScanned: this.scanned,
        blockedUsers: this.blockers.added,
        warnedUsers: this.warnings.added,
        usersByReason: Object.fromEntries(this.counts),
        unreadableDacls: this.unreadable,
        durationMs,
        scopes,
      },
      blockers: this.blockers.list(),
      warnings,
      warningsNotListed: this.warnings.added - warnings.length,
    };
  }
}

/**
 * Judges every user of the stream with `judge` (default: the verdict today), and with
 * `options.afterPlan` too when given, keeping only what the report needs.
 */
export async function assessUsers(
  users: AsyncIterable<UserRecord>,
  context: ReadinessContext,
  options: AssessUsersOptions = {},
  judge: Judge = judgeUser,
): Promise<ReadinessResult> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const every = options.progressEveryMs ?? 500;
  const tally = new Tally(options.maxWarnings ?? 20_000);
  const after = options.afterPlan ? new Tally(options.maxWarnings ?? 20_000) : undefined;
  let lastReport = started;
  for await (const user of users) {
    if (options.signal?.aborted) throw cancelled();
    tally.add(user, judge(user, context));
    after?.add(user, options.afterPlan!(user, context));
    if (options.onProgress && (tally.scanned & 255) === 0) {
      const now = clock();
      if (now - lastReport >= every) {
        lastReport = now;
        options.onProgress(progressAt(started, now, tally.scanned, options.expectedTotal));
      }
    }
  }
  const end = clock();
  options.onProgress?.(progressAt(started, end, tally.scanned, options.expectedTotal));
  const scopes = options.scopes ?? [];
  const result = tally.result(end - started, scopes);
  return after ? { ...result, afterPlan: after.result(end - started, scopes) } : result;
}
