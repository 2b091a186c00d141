/**
 * A canary reset's own journal (canary.ts writes it, beside the runs' journals by default), read
 * back for the list of runs: which account, when, and how it ended. It is not a run journal (a
 * password cannot be rolled back, so there is nothing to finish or undo), and never "damaged".
 * Its text is untrusted: every value is made printable.
 */
import { readFile } from 'node:fs/promises';
import { printableCollapsed } from '../../shared/text/printable';

export interface CanaryJournalSummary {
  readonly path: string;
  readonly at: string;
  readonly userPrincipalName: string;
  /** done, failed or cancelled; "unfinished" when the process ended before the canary did. */
  readonly outcome: string;
  readonly cause?: string;
}

/** The summary of a canary journal, or undefined when the file is not one. */
export async function readCanaryJournal(path: string): Promise<CanaryJournalSummary | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const records = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(parseRecord);
  const first = records[0];
  if (first?.['type'] !== 'canary-plan') return undefined;
  const plan = (first['plan'] ?? {}) as Record<string, unknown>;
  const end = records.find((record) => record?.['type'] === 'canary-end');
  const text60 = (value: unknown, fallback: string) =>
    typeof value === 'string' ? printableCollapsed(value, 200) : fallback;
  return {
    path,
    at: text60(first['at'], 'unknown time'),
    userPrincipalName: text60(plan['userPrincipalName'], 'unknown account'),
    outcome: text60(end?.['outcome'], 'unfinished'),
    ...(end?.['cause'] === undefined ? {} : { cause: text60(end['cause'], '') }),
  };
}

function parseRecord(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
