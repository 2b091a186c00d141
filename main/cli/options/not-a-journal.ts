/**
 * `writeback evidence|rollback|finish <file>` given something other than a run's journal (a plan
 * file, a verify result, a report, a canary journal, a pack folder): says what it is and what to
 * give instead, rather than calling it a damaged journal. Only a recognisable other document is named here;
 * a real journal, or a file that cannot be read, goes on to the journal reader, which says why.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../../../shared/errors';
import { printable } from '../../../shared/text/printable';
import { manifestName } from '../../evidence/manifest';

const giveJournal =
  'Give the journal of the run: writeback runs lists the journals, with their paths';

/** What the document is, and what to do with it instead; undefined for a journal. */
interface Other {
  readonly what: string;
  readonly instead: string;
  /** A plan file: the one other document rollback and finish have words for. */
  readonly plan?: true;
}

/** The command that was given the file: its hints name what that command does with a journal. */
export type JournalCommand = 'evidence' | 'rollback' | 'finish';

export async function refuseNonJournal(
  path: string,
  command: JournalCommand = 'evidence',
): Promise<void> {
  const other = await whatItIs(path).catch(() => undefined);
  if (other === undefined) return;
  // The hints about adding a file to a pack only fit evidence; a plan is the one other document
  // that means something to rollback and finish (it has no journal until it is applied).
  const instead =
    command === 'evidence'
      ? other.instead
      : other.plan
        ? `; a plan that was never applied changed nothing, so there is nothing to ${command === 'rollback' ? 'roll back' : 'finish'}`
        : '';
  throw badInput(
    `${command}-not-a-journal`,
    `${printable(path)} is ${other.what}, not the journal of a run.`,
    `${giveJournal}${instead}.`,
  );
}

async function whatItIs(path: string): Promise<Other | undefined> {
  if ((await stat(path)).isDirectory()) {
    const pack = await stat(join(path, manifestName)).then(
      () => true,
      () => false,
    );
    return pack
      ? {
          what: 'an evidence pack folder',
          instead: `; to verify this pack, writeback evidence --check ${printable(path)}`,
        }
      : { what: 'a folder', instead: '' };
  }
  const text = await readFile(path, 'utf8');
  const head = text.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html'))
    return { what: 'an HTML report', instead: '; add a report to the pack with --report <file>' };
  if (text.startsWith('PK\u0003\u0004'))
    return { what: 'a zip file (an evidence pack is one)', instead: '' };
  const whole = parse(text);
  if (whole !== undefined && !isRunHeader(whole)) return documentKind(whole);
  const first = parse(text.split('\n', 1)[0] ?? '');
  if (first === undefined) return { what: 'not JSON', instead: '' };
  if (isRunHeader(first)) return undefined;
  if ((first as { type?: unknown }).type === 'canary-plan')
    return {
      what: 'the journal of a canary reset (writeback verify --canary)',
      instead:
        "; a canary reset goes into a run's pack as its verify result: writeback verify --out <file>, then --verify <file>",
    };
  return { what: 'a JSON Lines file whose first line is not a run header', instead: '' };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isRunHeader = (value: unknown) =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'run';

/** One JSON document: a plan file, a verify result, an assessment report, or something else. */
function documentKind(value: unknown): Other {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if ('formatVersion' in o && Array.isArray(o['operations']))
    return {
      what: 'a plan file (writeback plan --out)',
      instead: '; apply writes one when it runs this plan (writeback apply <plan>)',
      plan: true,
    };
  if (Array.isArray(o['checks']) && 'exitCode' in o)
    return {
      what: 'a verify result (writeback verify --out)',
      instead: '; add this file to the pack with --verify <file>',
    };
  if (Array.isArray(o['checks']) && Array.isArray(o['blockers']))
    return {
      what: 'an assessment report (writeback assess --json)',
      instead: '; add this file to the pack with --report <file>',
    };
  return { what: 'a JSON document', instead: '' };
}
