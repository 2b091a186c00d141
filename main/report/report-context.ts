/**
 * What a saved report is a report of: the assessment's time, the domain, DC and connector it
 * read, who ran it with which tool, and every change made since (applied or rolled back, with
 * its journal), so a report saved after an apply is never read as describing the domain now.
 */

export interface ReportChange {
  readonly at: string;
  readonly steps: readonly string[];
  readonly operations: number;
  readonly journal: string;
  readonly rolledBack: boolean;
}

/** What a report of `writeback assess` or of the app's assessment is a report of. */
export const assessmentSubject = 'Read-only assessment of password writeback readiness';

export interface ReportContext {
  /** "Read-only assessment", as the report's subject. */
  readonly subject: string;
  readonly assessedAt: string;
  readonly savedAt: string;
  readonly domain?: string;
  readonly dc?: string;
  readonly connector?: string;
  /** user@host of the operator. */
  readonly operator: string;
  /** "Writeback Wizard 0.1.0 (desktop app)". */
  readonly tool: string;
  /** Runs journaled after the assessment: the report does not show their effect. */
  readonly changesSince: readonly ReportChange[];
}

/** The context as label → value rows, for every report format. */
export function contextRows(context: ReportContext): [string, string][] {
  const rows: [string, string | undefined][] = [
    ['Report of', context.subject],
    ['Assessed', context.assessedAt],
    ['Saved', context.savedAt],
    ['Domain', context.domain],
    ['Domain controller', context.dc],
    ['Connector account', context.connector],
    ['By', context.operator],
    ['Tool', context.tool],
    [
      'Changed since',
      context.changesSince.length === 0
        ? 'Nothing: no change was applied after this assessment.'
        : context.changesSince
            .map(
              (c) =>
                `${c.at}: ${c.steps.join(', ')}, ${c.operations} change${c.operations === 1 ? '' : 's'}${c.rolledBack ? ', since rolled back' : ''} (journal ${c.journal})`,
            )
            .join('; ') +
          '. This report shows the domain as it was before these changes; assess again for its state now.',
    ],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
}
