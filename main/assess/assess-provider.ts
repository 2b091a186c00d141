import type { Blocker, Check } from '../../shared/checks';
import { ExitCode, isWizardError, toErrorInfo } from '../../shared/errors';
import { assessSummary, type AssessSummary } from './directory-summaries';

/** What one side of the assessment (Entra ID, Active Directory, …) found. */
export interface AssessFindings {
  readonly checks: readonly Check[];
  readonly blockers: readonly Blocker[];
  /** A read model for the report and the wizard (no secrets), under the provider's name. */
  readonly facts?: unknown;
  /** Set by a provider that reports its own failures (one unreachable forest of several). */
  readonly exitCode?: ExitCode;
}

/**
 * An independent source of checks: `writeback assess` and the wizard run every provider and
 * merge what they found. A provider that cannot connect at all throws; the others still run.
 */
export interface AssessProvider {
  /** Short name, also the key of its facts in the report (`entra`, `ad`). */
  readonly name: string;
  readonly title: string;
  assess(): Promise<AssessFindings>;
}

/** The `assess --json` document (docs/cli.md, "JSON output"). */
export interface AssessReport {
  readonly generatedAt: string;
  readonly checks: readonly Check[];
  readonly blockers: readonly Blocker[];
  readonly facts: Readonly<Record<string, unknown>>;
  /** Only in a run over several directories: a summary per directory and for the whole. */
  readonly summary?: AssessSummary;
  /** Exit code: connect (3) when a provider could not connect or authenticate. */
  readonly exitCode: ExitCode;
}

export async function runAssessment(
  providers: readonly AssessProvider[],
  now: () => Date = () => new Date(),
): Promise<AssessReport> {
  const checks: Check[] = [];
  const blockers: Blocker[] = [];
  const facts: Record<string, unknown> = {};
  let exitCode: ExitCode = ExitCode.done;
  for (const provider of providers) {
    try {
      const found = await provider.assess();
      checks.push(...found.checks);
      blockers.push(...found.blockers);
      if (found.facts !== undefined) facts[provider.name] = found.facts;
      if (found.exitCode !== undefined) exitCode = worseExit(exitCode, found.exitCode);
    } catch (error) {
      // One side unreachable: say so as a check, keep the other side's findings.
      checks.push(notAssessedCheck(provider, error));
      exitCode = worseExit(exitCode, exitCodeOf(error));
    }
  }
  const summary = assessSummary(checks, blockers, facts);
  return {
    generatedAt: now().toISOString(),
    checks,
    blockers,
    facts,
    ...(summary ? { summary } : {}),
    exitCode,
  };
}

/** The unknown check that stands for a side (or one directory) that could not be assessed. */
export function notAssessedCheck(
  provider: Pick<AssessProvider, 'name' | 'title'>,
  error: unknown,
): Check {
  const info = toErrorInfo(error);
  return {
    id: `${provider.name}.connection`,
    title: provider.title,
    status: 'unknown',
    message: `Not assessed: ${info.message}`,
    fix: info.fix,
    details: { errorCode: info.code },
  };
}

export function exitCodeOf(error: unknown): ExitCode {
  return isWizardError(error) ? error.exitCode : ExitCode.failed;
}

/** A failure to connect (3) outranks any other; otherwise the first failure stands. */
export function worseExit(current: ExitCode, code: ExitCode): ExitCode {
  return code === ExitCode.connect || current === ExitCode.done ? code : current;
}
