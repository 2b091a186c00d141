/**
 * The two texts of an evidence pack written for people: the rollback-by-hand page (how to undo the
 * run, with the tool and without it) and README.txt (what each entry of this pack is).
 */
import { resolve } from 'node:path';
import { commandAgain } from '../../shared/command-again';
import type { Plan } from '../../shared/plan';
import { printable } from '../../shared/text/printable';
import { manifestName } from './manifest';

/**
 * How to undo the run: with the tool (the rollback command with its connection, for sh and for
 * PowerShell, every value quoted for that shell), else target by target from the before-images.
 */
export function rollbackText(
  runId: string,
  journalPath: string,
  plan: Plan,
  sections: readonly string[],
): string {
  const journal = resolve(journalPath);
  const dc = plan.source.dc;
  return [
    `# Rolling back run ${runId} by hand`,
    '',
    'The tool does this for you, refusing any target changed since. In sh (Linux, macOS):',
    '',
    `    ${commandAgain('rollback', journal, {}, plan, 'sh')}`,
    '',
    'In PowerShell (Windows):',
    '',
    `    ${commandAgain('rollback', journal, {}, plan, 'powershell')}`,
    '',
    'Give the journal where the run wrote it (the copy in this pack is the record: leave it as it is).',
    "<admin> is an account allowed to write these objects; add --password-env <VAR> to take its password from a variable, and --ca <file.pem> or --tls-fingerprint <sha256> when the DC's certificate is not trusted by the system, as for apply.",
    '',
    'Without the tool, restore each target below from the before-image the run journaled (in its folder under targets/).',
    `In the commands below, <dc> is ${dcHost(dc)}, and <admin> as above; run them from this pack's folder. Set-ADObject writes on the DC the ActiveDirectory module picks: add -Server <dc> to write on that one.`,
    'Restore in reverse order, and only targets nobody changed since the run.',
    '',
    ...[...sections].reverse(),
  ].join('\n');
}

/** The DC the plan was made on, as the host name its commands take. */
function dcHost(dc: string | undefined): string {
  if (dc === undefined) return 'the DC you applied the run on (the plan does not name it)';
  const host = /^ldaps?:\/\/([^/:]+)/i.exec(dc)?.[1];
  return host === undefined
    ? `the DC of ${printable(dc)}`
    : `${printable(host)} (the DC the plan was made on, ${printable(dc)})`;
}

/** What each entry of the pack is; the README lists only the entries this pack holds. */
const entries: readonly [name: string, prefix: string, what: string][] = [
  ['plan.json', 'plan.json', 'the plan the admin confirmed (no secrets)'],
  [
    'journal.jsonl',
    'journal.jsonl',
    'the run journal: each before-image, write, read-back and rollback',
  ],
  [
    'run-status.json',
    'run-status.json',
    'per target: not-started, written, verified, failed or restored',
  ],
  [
    'targets/NN-kind/',
    'targets/',
    'each target: its before and after, the before-image journaled, rollback files',
  ],
  [
    'ROLLBACK-BY-HAND.md',
    'ROLLBACK-BY-HAND.md',
    'the exact commands that restore each target without the tool',
  ],
  ['verify/', 'verify/', 'the verify results added to the pack'],
  ['report/', 'report/', 'the assessment reports added to the pack'],
];

export function readme(runId: string, now: Date, names: readonly string[]): string {
  const held = entries.filter(([, prefix]) => names.some((name) => name.startsWith(prefix)));
  return [
    `Evidence pack of Writeback Wizard run ${runId}, written ${now.toISOString()}.`,
    '',
    ...held.map(([name, , what]) => `${name.padEnd(21)}${what}`),
    `${manifestName.padEnd(21)}sha256 of every file: sha256sum -c ${manifestName} (or writeback evidence --check <folder>)`,
    '',
  ].join('\n');
}
