/**
 * The read-only assessment in the app: the AD side over the session's connection, with progress
 * and cancel; the per-user verdicts stay in main and the renderer asks for windows of them, so a
 * 100,000-user table never crosses the process boundary at once.
 */
import type { Blocker, Check } from '../../shared/checks';
import type { AssessRows, AssessSummary, ChannelInput } from '../../shared/ipc';
import { runAssessment, type AssessProvider } from '../assess/assess-provider';
import { entraAssessProvider } from '../assess/entra-assess-provider';
import { assessDirectoryReadiness } from '../readiness/ad-assess-provider';
import { cancelled } from '../readiness/ldap-users';
import { reportCsv } from '../report/report-csv';
import { reportHtml } from '../report/report-html';
import { reportModel } from '../report/report-model';
import { badInput } from '../../shared/errors';
import { chosenConnector, requireDirectory } from './directory-handlers';
import type { EngineSession } from './session';

/** Said plainly when the admin skipped signing in to Entra ID. */
const entraNotAssessed: Check = {
  id: 'entra.connection',
  title: 'Microsoft Entra ID',
  status: 'unknown',
  message: 'Not signed in to Entra ID: the tenant (licences, roles, sync health) was not assessed.',
  fix: 'Sign in on Connect to Microsoft Entra ID, then assess again.',
};

export async function runAssess(
  session: EngineSession,
  input: ChannelInput<'assess.run'>,
): Promise<AssessSummary> {
  const { client } = requireDirectory(session);
  const account = chosenConnector(session);
  const signal = session.startLongCall();
  try {
    const ad: AssessProvider = {
      name: 'ad',
      title: 'Active Directory',
      assess: () =>
        assessDirectoryReadiness(client, {
          account,
          ...(input.scopes?.length ? { scopes: input.scopes } : {}),
          signal,
          onProgress: (p) =>
            session.host.emit({ kind: 'scan', count: p.usersScanned, ratePerSecond: p.rate }),
        }),
    };
    const entra = session.entra ? entraAssessProvider(session.entra.graph) : undefined;
    const report = await runAssessment(entra ? [entra, ad] : [ad]);
    // A cancelled scan is reported as cancelled, not as a partial assessment.
    if (signal.aborted) throw cancelled();
    const withEntra = entra ? report : { ...report, checks: [entraNotAssessed, ...report.checks] };
    session.assessment = withEntra;
    const readiness = (
      report.facts['ad'] as
        { readiness?: { usersScanned: number; usersByReason: Record<string, number> } } | undefined
    )?.readiness;
    return {
      usersScanned: readiness?.usersScanned ?? 0,
      blockedUsers: report.blockers.length,
      checks: withEntra.checks,
      byReason: readiness?.usersByReason ?? {},
      // The model lists only causes with users; the app shows blockers first, then by count.
      causes: [...reportModel(withEntra).causes].sort((a, b) =>
        a.severity === b.severity ? b.users - a.users : a.severity === 'blocker' ? -1 : 1,
      ),
    };
  } finally {
    session.endLongCall();
  }
}

function requireAssessment(session: EngineSession) {
  if (!session.assessment) {
    throw badInput(
      'not-assessed',
      'No assessment has run in this session.',
      'Run the assessment first (Permissions or Assess only).',
    );
  }
  return session.assessment;
}

function matches(blocker: Blocker, needle: string): boolean {
  return (
    blocker.sAMAccountName.toLowerCase().includes(needle) ||
    blocker.dn.toLowerCase().includes(needle) ||
    blocker.reasons.some((r) => r.code.includes(needle) || r.message.toLowerCase().includes(needle))
  );
}

export function assessRows(session: EngineSession, input: ChannelInput<'assess.rows'>): AssessRows {
  const { blockers } = requireAssessment(session);
  const needle = input.filter?.trim().toLowerCase() ?? '';
  if (needle === '') {
    return {
      total: blockers.length,
      offset: input.offset,
      rows: blockers.slice(input.offset, input.offset + input.limit),
    };
  }
  // Count every match, keep only the window asked for.
  const rows: Blocker[] = [];
  let total = 0;
  for (const blocker of blockers) {
    if (!matches(blocker, needle)) continue;
    if (total >= input.offset && rows.length < input.limit) rows.push(blocker);
    total += 1;
  }
  return { total, offset: input.offset, rows };
}

export async function saveReport(
  session: EngineSession,
  input: ChannelInput<'report.save'>,
): Promise<{ path: string }> {
  const report = requireAssessment(session);
  const model = reportModel(report);
  const { generatedAt, checks, blockers, facts } = report;
  const content =
    input.format === 'json'
      ? JSON.stringify({ generatedAt, checks, blockers, facts }, null, 2) + '\n'
      : input.format === 'csv'
        ? reportCsv(model.blockers, model.warnings)
        : reportHtml(model);
  const name = `writeback-assessment-${generatedAt.slice(0, 10)}.${input.format}`;
  const path = await session.host.saveFile(name, content);
  if (!path) {
    throw badInput('report-not-saved', 'The report was not saved.', 'Choose a file to save it to.');
  }
  return { path };
}
