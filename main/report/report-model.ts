/**
 * What the reports show, taken from the assessment document: the checks, the blockers, the
 * warnings and the counts by cause. Only plain report data crosses into a report: no
 * passwords, tokens or security descriptors ever reach it (they are not in the document).
 */
import type { Blocker, CauseCount, Check } from '../../shared/checks';
import type { AssessReport } from '../assess/assess-provider';
import type { DirectorySummary } from '../assess/directory-summaries';
import { REASON_KINDS, reasonKind } from '../readiness/reasons';
import type { ReportContext } from './report-context';
import type { ReportVerify } from './report-verify';

export interface ReportModel {
  readonly generatedAt: string;
  readonly checks: readonly Check[];
  readonly blockers: readonly Blocker[];
  readonly warnings: readonly Blocker[];
  readonly usersScanned: number | undefined;
  readonly causes: readonly CauseCount[];
  /** What the report is of, by whom, and what changed since (the app's saved reports). */
  readonly context?: ReportContext;
  /** A run over several directories: each one's summary (absent for one directory). */
  readonly directories?: readonly DirectorySummary[];
  /** The last verify run: proof that writeback works (or why it does not). */
  readonly verify?: ReportVerify;
}

interface AdFacts {
  readonly readiness?: {
    readonly usersScanned?: number;
    readonly usersByReason?: Record<string, number>;
  };
  readonly warnings?: readonly Blocker[];
}

export function reportModel(
  report: Pick<AssessReport, 'generatedAt' | 'checks' | 'blockers' | 'facts' | 'summary'>,
  context?: ReportContext,
  verify?: ReportVerify,
): ReportModel {
  const ad = (report.facts['ad'] ?? {}) as AdFacts;
  const warnings = ad.warnings ?? [];
  let counts = ad.readiness?.usersByReason;
  if (counts === undefined) {
    const computed: Record<string, number> = {};
    for (const user of [...report.blockers, ...warnings]) {
      for (const code of new Set(user.reasons.map((r) => r.code)))
        computed[code] = (computed[code] ?? 0) + 1;
    }
    counts = computed;
  }
  const known = REASON_KINDS.map((k) => ({
    code: k.code,
    label: k.label,
    severity: k.severity,
    users: counts[k.code] ?? 0,
  }));
  const other = Object.entries(counts)
    .filter(([code]) => reasonKind(code) === undefined)
    .map(([code, users]) => ({ code, label: code, severity: 'blocker' as const, users }));
  return {
    generatedAt: report.generatedAt,
    checks: report.checks,
    blockers: report.blockers,
    warnings,
    usersScanned: ad.readiness?.usersScanned,
    causes: [...known, ...other].filter((c) => c.users > 0),
    ...(context ? { context } : {}),
    ...(report.summary ? { directories: report.summary.directories } : {}),
    ...(verify ? { verify } : {}),
  };
}
