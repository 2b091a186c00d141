/**
 * What a report written by `writeback assess` is of, from the assessment's own facts: when, the
 * domain (or each directory of a run over several), the DC, the connector account, who ran it
 * with which tool. The app's saved reports say the same (engine-api/report-context-of-session);
 * a report from the command line is handed over just as often, so it must not be anonymous.
 */
import { domainDnsNameOfDn } from '../../shared/dn';
import type { AssessReport } from '../assess/assess-provider';
import { assessmentSubject, type ReportContext } from './report-context';

interface ConnectorFact {
  readonly dn: string;
  readonly sAMAccountName: string;
}

interface DirectoryFact {
  readonly forest: string;
  readonly domain: string;
  readonly dc?: string;
  readonly connector?: ConnectorFact;
}

interface AdFacts {
  readonly connector?: ConnectorFact;
  readonly directories?: readonly DirectoryFact[];
}

/** `CONTOSO\MSOL_…` is not known here (no NetBIOS name in the facts): `MSOL_… (contoso.com)`. */
function connectorName(connector: ConnectorFact): string {
  const domain = domainDnsNameOfDn(connector.dn);
  return domain ? `${connector.sAMAccountName} (${domain})` : connector.sAMAccountName;
}

export function assessmentContext(
  report: Pick<AssessReport, 'generatedAt' | 'facts'>,
  run: { readonly dc?: string; readonly operator: string; readonly tool: string },
): ReportContext {
  const ad = (report.facts['ad'] ?? {}) as AdFacts;
  const directories = ad.directories ?? [];
  const several = directories.length > 0;
  const domain = several
    ? directories.map((d) => d.domain).join(', ')
    : ad.connector && domainDnsNameOfDn(ad.connector.dn);
  const dc = several
    ? directories
        .map((d) => d.dc)
        .filter(Boolean)
        .join(', ')
    : run.dc;
  const connectors = several
    ? directories.flatMap((d) => (d.connector ? [connectorName(d.connector)] : []))
    : ad.connector
      ? [connectorName(ad.connector)]
      : [];
  return {
    subject: assessmentSubject,
    assessedAt: report.generatedAt,
    savedAt: report.generatedAt,
    ...(domain ? { domain } : {}),
    ...(dc ? { dc } : {}),
    ...(connectors.length > 0 ? { connector: connectors.join(', ') } : {}),
    operator: run.operator,
    tool: run.tool,
    // Written as the assessment ends: nothing can have been applied since.
    changesSince: [],
  };
}
