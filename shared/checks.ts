/**
 * Checks and blockers: what `writeback assess` reports (docs/cli.md, "JSON output")
 * and what the wizard's Prerequisites / Permissions pages show. Plain data: no secrets.
 */

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

/**
 * Which directory a finding is of, in a run over several (`assess --directories`): the forest
 * as the directories file names it and the domain (DNS name). Absent in a one-directory run.
 */
export interface DirectoryTag {
  readonly forest: string;
  readonly domain: string;
}

export interface Check {
  /** Stable id, e.g. `entra.licence`, `ad.dc-os`, `permissions.reset-password`. */
  readonly id: string;
  /** Short title in the admin's words, e.g. "Entra ID P1 or P2 licence". */
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, and why it matters. */
  readonly message: string;
  /** What to do; empty when the check passes. */
  readonly fix: string;
  /** Evidence for the report (counts, names, request-ids); never secrets. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The directory it is of, when the run covers several. */
  readonly directory?: DirectoryTag;
}

export interface BlockerReason {
  /** Stable code, e.g. `inheritance-disabled`, `protected-account`, `deny-reset-password`. */
  readonly code: string;
  readonly message: string;
  readonly fix: string;
}

/** One user for whom writeback would fail today, with every reason. */
export interface Blocker {
  readonly sAMAccountName: string;
  readonly dn: string;
  readonly reasons: readonly BlockerReason[];
  /** The directory the user is in, when the run covers several. */
  readonly directory?: DirectoryTag;
}

/** How many users one cause affects, in the report's words (reports and the app). */
export interface CauseCount {
  readonly code: string;
  readonly label: string;
  readonly severity: 'blocker' | 'warning';
  readonly users: number;
}
