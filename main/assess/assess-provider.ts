import type { Blocker, Check } from '../../shared/checks';
import { ExitCode, isWizardError, toErrorInfo } from '../../shared/errors';

/** What one side of the assessment (Entra ID, Active Directory, …) found. */
export interface AssessFindings {
  readonly checks: readonly Check[];
  readonly blockers: readonly Blocker[];
  /** A read model for the report and the wizard (no secrets), under the provider's name. */
  readonly facts?: unknown;
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
    } catch (error) {
      // One side unreachable: say so as a check, keep the other side's findings.
      const info = toErrorInfo(error);
      checks.push({
        id: `${provider.name}.connection`,
        title: provider.title,
        status: 'unknown',
        message: `Not assessed: ${info.message}`,
        fix: info.fix,
        details: { errorCode: info.code },
      });
      const code = isWizardError(error) ? error.exitCode : ExitCode.failed;
      if (code === ExitCode.connect || exitCode === ExitCode.done) exitCode = code;
    }
  }
  return { generatedAt: now().toISOString(), checks, blockers, facts, exitCode };
}
