/**
 * Per-user readiness over a stream of users, in constant memory: each user is judged and
 * dropped; only users with a reason are kept (their reasons reuse the catalogue's shared fix
 * strings), plus counts by cause. Never an array of all users.
 */
import type { Blocker, BlockerReason } from '../../shared/checks';
import { cancelled } from './ldap-users';
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
}

export async function assessUsers(
  users: AsyncIterable<UserRecord>,
  context: ReadinessContext,
  options: AssessUsersOptions = {},
): Promise<ReadinessResult> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const every = options.progressEveryMs ?? 500;
  const maxWarnings = options.maxWarnings ?? 20_000;
  const counts = new Map<string, number>(REASON_KINDS.map((k) => [k.code, 0]));
  const blockers: Blocker[] = [];
  const warnings: Blocker[] = [];
  let warningsNotListed = 0;
  let warnedUsers = 0;
  let scanned = 0;
  let unreadable = 0;
  let lastReport = started;
  // Many users share a reason word for word (every user missing the grant): keep one copy.
  const interned = new Map<string, string>();
  const intern = (text: string): string => {
    const known = interned.get(text);
    if (known !== undefined) return known;
    if (interned.size < 50_000) interned.set(text, text);
    return text;
  };

  const progress = (now: number): ReadinessProgress => {
    const elapsedMs = now - started;
    const rate = elapsedMs > 0 ? (scanned * 1000) / elapsedMs : 0;
    const left = options.expectedTotal !== undefined ? options.expectedTotal - scanned : undefined;
    return {
      usersScanned: scanned,
      rate,
      elapsedMs,
      ...(left !== undefined && rate > 0 ? { remainingMs: (Math.max(0, left) / rate) * 1000 } : {}),
    };
  };

  for await (const user of users) {
    if (options.signal?.aborted) throw cancelled();
    scanned++;
    if (user.sd === undefined) unreadable++;
    const reasons = judgeUser(user, context);
    if (reasons.length > 0) {
      const blocking: BlockerReason[] = [];
      const warning: BlockerReason[] = [];
      const seen = new Set<string>();
      for (const reason of reasons) {
        if (!seen.has(reason.code)) counts.set(reason.code, (counts.get(reason.code) ?? 0) + 1);
        seen.add(reason.code);
        const kept = {
          code: reason.code,
          message: intern(reason.message),
          fix: intern(reason.fix),
        };
        (isBlockerCode(reason.code) ? blocking : warning).push(kept);
      }
      const who = { sAMAccountName: user.sAMAccountName, dn: user.dn };
      if (blocking.length > 0) blockers.push({ ...who, reasons: blocking });
      if (warning.length > 0) {
        warnedUsers++;
        if (warnings.length < maxWarnings) warnings.push({ ...who, reasons: warning });
        else warningsNotListed++;
      }
    }
    if (options.onProgress && (scanned & 255) === 0) {
      const now = clock();
      if (now - lastReport >= every) {
        lastReport = now;
        options.onProgress(progress(now));
      }
    }
  }
  const end = clock();
  options.onProgress?.(progress(end));
  return {
    summary: {
      usersScanned: scanned,
      blockedUsers: blockers.length,
      warnedUsers,
      usersByReason: Object.fromEntries(counts),
      unreadableDacls: unreadable,
      durationMs: end - started,
      scopes: options.scopes ?? [],
    },
    blockers,
    warnings,
    warningsNotListed,
  };
}
