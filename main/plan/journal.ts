/**
 * The journal: one JSON Lines file per run, each record flushed to disk (fsync) before the
 * next step, so a run killed at any point leaves a file that says exactly what was done. The
 * run header holds the whole plan (plans carry no secrets), so rollback and "finish" need
 * nothing but the journal.
 */
import { fileProblem } from '../platform/file-problem';
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir, hostname, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { WizardError } from '../../shared/errors';
import { badInput } from '../../shared/errors';
import type { Plan, PlanDirectoryTag } from '../../shared/plan';
import { validatePlan } from './plan-file';
import { field } from '../../shared/fields';
import { journalCorrupt, journalRecordSchema } from './journal-record';

export const journalFormatVersion = 1;

export interface RunHeader {
  readonly type: 'run';
  readonly formatVersion: number;
  readonly runId: string;
  readonly planHash: string;
  readonly planFile?: string;
  readonly user: string;
  readonly host: string;
  readonly pid: number;
  readonly at: string;
  readonly plan: Plan;
}

/** The state of one operation's target, as it was read just before its write. */
export interface BeforeImageRecord {
  readonly type: 'before';
  readonly index: number;
  readonly at: string;
  readonly fingerprint: string;
  /** The directory it was read in, in a plan over several (the plan's operation names it too). */
  readonly directory?: PlanDirectoryTag;
  readonly image: unknown;
}

export type JournalRecord =
  | RunHeader
  | BeforeImageRecord
  | { readonly type: 'applied'; readonly index: number; readonly at: string }
  | {
      readonly type: 'verified';
      readonly index: number;
      readonly at: string;
      /** The fingerprint read back after the write: the state rollback expects to find. */
      readonly fingerprint: string;
    }
  | {
      readonly type: 'failed';
      readonly index: number;
      readonly at: string;
      readonly error: { readonly code: string; readonly message: string };
    }
  | {
      readonly type: 'run-end';
      readonly at: string;
      readonly outcome: 'done' | 'partial' | 'failed';
    }
  | { readonly type: 'rollback-start'; readonly at: string; readonly pid: number }
  | {
      readonly type: 'rollback-before';
      readonly index: number;
      readonly at: string;
      readonly fingerprint: string;
    }
  | { readonly type: 'restored'; readonly index: number; readonly at: string }
  | {
      readonly type: 'rollback-refused';
      readonly at: string;
      readonly indexes: readonly number[];
    }
  | {
      readonly type: 'rollback-failed';
      readonly index: number;
      readonly at: string;
      readonly error: { readonly code: string; readonly message: string };
    }
  | {
      readonly type: 'rollback-end';
      readonly at: string;
      readonly outcome: 'done' | 'partial';
    };

/** Where journals go when --journal is not given: the app's data folder. */
export function defaultJournalFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') {
    return join(
      env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'),
      'Writeback Wizard',
      'journals',
    );
  }
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'Writeback Wizard', 'journals');
  }
  const dataHome = env.XDG_DATA_HOME?.startsWith('/')
    ? env.XDG_DATA_HOME
    : join(homedir(), '.local', 'share');
  return join(dataHome, 'writeback-wizard', 'journals');
}

export function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
}

/** A new run in a journal folder: its id, and the journal named after it (`<run id>.jsonl`). */
export function newRun(folder: string): { readonly runId: string; readonly journalPath: string } {
  const runId = newRunId();
  return { runId, journalPath: join(folder, `${runId}.jsonl`) };
}

/** Appends records, each followed by fsync: once append returns, the record is on disk. */
export class JournalWriter {
  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  /** A new journal file; refuses to overwrite one (a journal is the only record of a run). */
  static create(path: string): JournalWriter {
    try {
      mkdirSync(dirname(path), { recursive: true });
      return new JournalWriter(path, openSync(path, 'wx', 0o600));
    } catch (error) {
      throw journalError(path, 'create', error);
    }
  }

  /** Continues an existing journal (rollback, finish). */
  static reopen(path: string): JournalWriter {
    try {
      return new JournalWriter(path, openSync(path, 'a'));
    } catch (error) {
      throw journalError(path, 'open', error);
    }
  }

  append(record: JournalRecord): void {
    const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    let written = 0;
    while (written < line.length) written += writeSync(this.fd, line, written);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function journalError(path: string, verb: string, error: unknown): WizardError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return badInput(
    'journal-unwritable',
    `Cannot ${verb} the journal ${path}: ${code}. Nothing was written to the directory.`,
    code === 'EEXIST'
      ? `Give a new file with ${field('journal')} (a journal is never overwritten).`
      : `Give a writable file with ${field('journal', '<file>')}.`,
    error,
  );
}

export interface Journal {
  readonly path: string;
  readonly header: RunHeader;
  readonly records: readonly JournalRecord[];
  /** The last line was cut short (the process died while writing it): it is ignored. */
  readonly tornLastLine: boolean;
}

/** Reads a journal; a torn last line is expected after a kill, anything else torn is not. */
export async function readJournal(path: string): Promise<Journal> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw badInput(
      'journal-unreadable',
      `Cannot read the journal ${path}: ${fileProblem(error)}.`,
      `Give the journal file that apply printed (in the app data folder, or the ${field('journal')} you gave).`,
      error,
    );
  }
  const lines = text.split('\n');
  const endsClean = lines[lines.length - 1] === '';
  if (endsClean) lines.pop();
  const records: JournalRecord[] = [];
  let tornLastLine = false;
  for (const [number, line] of lines.entries()) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      // A torn last line is expected after a kill (the write was cut short); anything else is not.
      if (number === lines.length - 1) {
        tornLastLine = true;
        break;
      }
      throw journalCorrupt(path, `line ${number + 1} is not JSON`);
    }
    const parsed = journalRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw journalCorrupt(
        path,
        `line ${number + 1} is not a journal record (${issue.path.join('.') || 'record'}: ${issue.message})`,
      );
    }
    records.push(parsed.data as JournalRecord);
  }
  const header = records[0];
  if (!header || header.type !== 'run' || header.formatVersion !== journalFormatVersion) {
    throw badInput(
      'journal-no-header',
      `${path} is not a Writeback Wizard journal (no run header on its first line).`,
      'Give the journal file that apply printed.',
    );
  }
  const plan = validatePlan(header.plan, `the plan in ${path}`);
  for (const [number, record] of records.entries()) {
    const indexes = 'index' in record ? [record.index] : 'indexes' in record ? record.indexes : [];
    const outside = indexes.find((i) => i >= plan.operations.length);
    if (outside !== undefined) {
      throw journalCorrupt(
        path,
        `line ${number + 1} names operation ${outside}, but the plan has ${plan.operations.length}`,
      );
    }
  }
  return {
    path,
    header: { ...header, plan },
    records,
    tornLastLine,
  };
}

export function runContext(): Pick<RunHeader, 'user' | 'host' | 'pid'> {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (containers): the header still names the host and pid.
  }
  return { user, host: hostname(), pid: process.pid };
}
