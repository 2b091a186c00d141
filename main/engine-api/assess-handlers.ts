/**
 * The read-only assessment in the app: the AD side over the session's connection, with progress
 * and cancel; the per-user verdicts stay in main and the renderer asks for windows of them, so a
 * 100,000-user table never crosses the process boundary at once.
 */
import type { Check } from '../../shared/checks';
import type { AssessRows, AssessSummary, ChannelInput } from '../../shared/ipc';
import { runAssessment, type AssessProvider } from '../assess/assess-provider';
import { entraAssessProvider } from '../assess/entra-assess-provider';
import { assessDirectoryReadiness } from '../readiness/ad-assess-provider';
import { cancelled } from '../readiness/ldap-users';
import { reportCsv } from '../report/report-csv';
import { reportHtml } from '../report/report-html';
import { reportModel } from '../report/report-model';
import { reportVerify } from '../report/report-verify';
import { badInput } from '../../shared/errors';
import { chosenConnector, requireDirectory } from './directory-handlers';
import { reportContext } from './report-context-of-session';
import type { EngineSession } from './session';
import { forApp } from './words';
import { projectionOf, verdictRows } from './verdict-rows';
import type { AssessReport } from '../assess/assess-provider';

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
  const { directory } = requireDirectory(session);
  const account = chosenConnector(session);
  const signal = session.startLongCall();
  try {
    const ad: AssessProvider = {
      name: 'ad',
      title: 'Active Directory',
      assess: () =>
        assessDirectoryReadiness(directory, {
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
      ...withProjection(withEntra),
    };
  } finally {
    session.endLongCall();
  }
}

/** The after-plan view, when the engine projected it. */
function withProjection(report: AssessReport): Pick<AssessSummary, 'afterPlan'> {
  const afterPlan = projectionOf(report);
  return afterPlan ? { afterPlan } : {};
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

export function assessRows(session: EngineSession, input: ChannelInput<'assess.rows'>): AssessRows {
  return verdictRows(requireAssessment(session), input);
}

/** The report as the app saves it: what it is of, and the last Verify results with it. */
export async function reportDocument(
  session: EngineSession,
  format: 'json' | 'csv' | 'html',
): Promise<{ name: string; content: string }> {
  // Engine text names fields: worded for the app before it is laid out (JSON, HTML).
  const report = forApp(requireAssessment(session));
  const context = await reportContext(session, report.generatedAt);
  const verify = forApp(reportVerify([session.verified.checks, session.verified.canary]));
  const model = reportModel(report, context, verify);
  const { generatedAt, checks, blockers, facts } = report;
  const content =
    format === 'json'
      ? JSON.stringify(
          { context, generatedAt, checks, blockers, facts, ...(verify ? { verify } : {}) },
          null,
          2,
        ) + '\n'
      : format === 'csv'
        ? reportCsv(model.blockers, model.warnings)
        : reportHtml(model);
  // Named for the domain and the second it was saved: two saves never share a name.
  const domain = (context.domain ?? 'domain').replace(/[^A-Za-z0-9.-]/g, '_');
  const stamp = context.savedAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  return { name: `writeback-assessment-${domain}-${stamp}.${format}`, content };
}

export async function saveReport(
  session: EngineSession,
  input: ChannelInput<'report.save'>,
): Promise<{ path: string }> {
  const { name, content } = await reportDocument(session, input.format);
  const path = await session.host.saveFile(name, content);
  if (!path) {
    throw badInput('report-not-saved', 'The report was not saved.', 'Choose a file to save it to.');
  }
  return { path };
}
