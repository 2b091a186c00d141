/**
 * The context of a report saved from the app: the session's domain, DC and connector, the
 * operator and the tool, and the runs journaled after the assessment (read from the journal
 * folder, so a rollback made since is told too).
 */
import { runContext } from '../plan/journal';
import { listRuns, runView } from '../plan/recover';
import { assessmentSubject, type ReportContext } from '../report/report-context';
import type { EngineSession } from './session';

export async function reportContext(
  session: EngineSession,
  assessedAt: string,
): Promise<ReportContext> {
  const { connected } = session;
  const connector = session.connectors.find((a) => a.dn === session.connectorDn);
  const { user, host } = runContext();
  const { runs } = await listRuns(session.host.journalFolder).catch(() => ({ runs: [] }));
  const since = runs
    .map(runView)
    .filter((run) => run.at > assessedAt && run.operations > 0)
    .map((run) => ({
      at: run.at,
      steps: run.steps,
      operations: run.operations,
      journal: run.journal,
      rolledBack: run.rolledBack,
    }));
  const domain = connected?.domains[0];
  return {
    subject: assessmentSubject,
    assessedAt,
    savedAt: new Date().toISOString(),
    ...(domain ? { domain: domain.dnsName } : {}),
    ...(connected ? { dc: `${connected.dcHostName} (${connected.url})` } : {}),
    ...(connector
      ? {
          connector: domain?.netbiosName
            ? `${domain.netbiosName}\\${connector.sAMAccountName}`
            : connector.sAMAccountName,
        }
      : {}),
    operator: `${user}@${host}`,
    tool: `Writeback Wizard ${session.host.version} (${session.host.kind === 'electron' ? 'desktop app' : 'development bridge'})`,
    changesSince: since,
  };
}
