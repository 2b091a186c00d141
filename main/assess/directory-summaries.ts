/**
 * The summaries of a run over several directories (`assess --directories`): one per directory
 * (forest and domain), from the checks and users tagged with it, and one for the whole run.
 * A one-directory run has none: its document stays as it always was.
 */
import type { Blocker, Check, CheckStatus, DirectoryTag } from '../../shared/checks';

/** What one directory's (or the whole run's) findings come to. */
export interface FindingsSummary {
  /** Checks by status. */
  readonly checks: Readonly<Record<CheckStatus, number>>;
  /** Users read; undefined when the directory could not be read. */
  readonly usersScanned: number | undefined;
  /** Users writeback would fail for today. */
  readonly blockedUsers: number;
  /** Users with at least one warning. */
  readonly warnedUsers: number;
  /** Users per cause (a user counts once per cause). */
  readonly usersByReason: Readonly<Record<string, number>>;
}

export interface DirectorySummary extends FindingsSummary, DirectoryTag {
  /** The DC it was read through. */
  readonly dc: string;
}

export interface AssessSummary {
  readonly directories: readonly DirectorySummary[];
  readonly whole: FindingsSummary;
}

/** What the directories provider keeps per directory under `facts.ad.directories`. */
export interface DirectoryFacts extends DirectoryTag {
  readonly dc: string;
  /** The connector account assessed there. */
  readonly connector?: { readonly dn: string; readonly sAMAccountName: string };
  readonly readiness?: {
    readonly usersScanned: number;
    readonly blockedUsers: number;
    readonly warnedUsers: number;
    readonly usersByReason: Readonly<Record<string, number>>;
  };
}

export const sameDirectory = (a: DirectoryTag | undefined, b: DirectoryTag): boolean =>
  a !== undefined && a.forest === b.forest && a.domain === b.domain;

function statusCounts(checks: readonly Check[]): Record<CheckStatus, number> {
  const counts = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const check of checks) counts[check.status]++;
  return counts;
}

function addCounts(
  into: Record<string, number>,
  counts: Readonly<Record<string, number>>,
): Record<string, number> {
  for (const [code, users] of Object.entries(counts)) into[code] = (into[code] ?? 0) + users;
  return into;
}

function directorySummary(
  directory: DirectoryFacts,
  checks: readonly Check[],
  blockers: readonly Blocker[],
): DirectorySummary {
  const readiness = directory.readiness;
  return {
    forest: directory.forest,
    domain: directory.domain,
    dc: directory.dc,
    checks: statusCounts(checks.filter((c) => sameDirectory(c.directory, directory))),
    usersScanned: readiness?.usersScanned,
    blockedUsers:
      readiness?.blockedUsers ??
      blockers.filter((b) => sameDirectory(b.directory, directory)).length,
    warnedUsers: readiness?.warnedUsers ?? 0,
    usersByReason: { ...(readiness?.usersByReason ?? {}) },
  };
}

/** The summaries, when the AD side covered several directories; undefined otherwise. */
export function assessSummary(
  checks: readonly Check[],
  blockers: readonly Blocker[],
  facts: Readonly<Record<string, unknown>>,
): AssessSummary | undefined {
  const ad = facts['ad'] as { directories?: readonly DirectoryFacts[] } | undefined;
  if (ad?.directories === undefined) return undefined;
  const directories = ad.directories.map((d) => directorySummary(d, checks, blockers));
  const read = directories.filter((d) => d.usersScanned !== undefined);
  return {
    directories,
    whole: {
      checks: statusCounts(checks),
      usersScanned:
        read.length === 0 ? undefined : read.reduce((n, d) => n + (d.usersScanned ?? 0), 0),
      blockedUsers: directories.reduce((n, d) => n + d.blockedUsers, 0),
      warnedUsers: directories.reduce((n, d) => n + d.warnedUsers, 0),
      usersByReason: directories.reduce((all, d) => addCounts(all, d.usersByReason), {}),
    },
  };
}

/** The readiness of the whole, for the report model: the directories' counts added up. */
export function wholeReadiness(directories: readonly DirectoryFacts[]) {
  const read = directories.flatMap((d) => (d.readiness ? [d.readiness] : []));
  return {
    usersScanned: read.reduce((n, r) => n + r.usersScanned, 0),
    blockedUsers: read.reduce((n, r) => n + r.blockedUsers, 0),
    warnedUsers: read.reduce((n, r) => n + r.warnedUsers, 0),
    usersByReason: read.reduce<Record<string, number>>(
      (all, r) => addCounts(all, r.usersByReason),
      {},
    ),
  };
}
