/**
 * `writeback runs [--journal-dir <folder>] [--all] [--json]`: the runs in the journal folder, so
 * an admin coming back after a crash, a lost connection or a killed session can see what each
 * run did and what can be offered next (finish it, or roll it back). Read-only.
 */
import type { Command } from 'commander';
import { defaultJournalFolder } from '../../plan/journal';
import { countStates, listRuns, runView, type RunSummary } from '../../plan/recover';
import { addFlags } from '../options/flags';
import { commandAgain } from '../options/command-again';
import type { ConnectionFlags } from '../options/connection';
import { addSharedOptions, entraFlags, noteUnusedOptions, targetFlags } from '../options/shared';
import { forCli } from '../words';
import { readCanaryJournal, type CanaryJournalSummary } from '../../verify/canary-journal';
import { printableText } from '../../plan/format-plan';
import { printable } from '../../../shared/text/printable';

interface RunsOptions extends ConnectionFlags {
  /** Spelled into the commands of runs over several directories. */
  readonly directories?: string;
  readonly journalDir?: string;
  readonly all?: boolean;
  readonly json?: boolean;
}

export function addRunsCommand(program: Command): void {
  // The shared options are accepted, so one scripted array of them works here too; the
  // connection ones spell the finish and rollback commands it prints, the rest are noted.
  const command = addSharedOptions(program.command('runs'));
  addFlags(command, ['directories', 'journalDir', 'all', 'json'])
    .description(
      'List the runs journaled in the journal folder: what each changed, and whether it can be finished or rolled back.',
    )
    .action(async (options: RunsOptions) => {
      noteUnusedOptions(command, [
        {
          flags: [...targetFlags, 'adsync', ...entraFlags],
          why: 'it only reads the journal folder.',
        },
      ]);
      const folder = options.journalDir ?? defaultJournalFolder();
      const listed = forCli(await listRuns(folder));
      const { runs } = listed;
      const { canaries, unreadable } = await canaryResets(listed.unreadable);
      const shown = options.all ? runs : runs.filter((run) => !run.rolledBack && !run.complete);
      if (options.json) {
        process.stdout.write(
          JSON.stringify({ folder, runs: shown.map(runView), canaries, unreadable }) + '\n',
        );
        return;
      }
      for (const file of unreadable)
        process.stderr.write(
          printable(`warning: ${file.path} is not a readable journal: ${file.reason}`) + '\n',
        );
      if (shown.length === 0) {
        process.stdout.write(
          `No ${options.all ? '' : 'unfinished '}runs in ${folder}.${options.all ? '' : ' (--all lists every run)'}\n`,
        );
      }
      for (const run of shown) process.stdout.write(formatRun(run, options));
      if (options.all) process.stdout.write(formatCanaries(canaries));
    });
}

/**
 * The canary resets' journals among the files that are not run journals: listed as what they
 * are (with --all), never warned about as damaged.
 */
async function canaryResets(files: readonly { path: string; reason: string }[]) {
  const canaries: CanaryJournalSummary[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  for (const file of files) {
    const canary = await readCanaryJournal(file.path);
    if (canary === undefined) unreadable.push(file);
    else canaries.push(canary);
  }
  canaries.sort((a, b) => b.at.localeCompare(a.at));
  return { canaries, unreadable };
}

function formatCanaries(canaries: readonly CanaryJournalSummary[]): string {
  if (canaries.length === 0) return '';
  const lines = [
    'Canary resets (writeback verify --canary; a password cannot be rolled back, so there is nothing to finish or undo):',
    ...canaries.map(
      (c) =>
        `  ${c.at} ${c.userPrincipalName}: ${c.outcome}${c.cause === undefined ? '' : ` (${c.cause})`}  ${c.path}`,
    ),
  ];
  return printableText(lines) + '\n';
}

function formatRun(
  run: RunSummary,
  given: ConnectionFlags & { readonly directories?: string },
): string {
  const header = run.journal.header;
  const condition = run.rolledBack
    ? 'rolled back'
    : run.complete
      ? 'complete'
      : run.ended
        ? 'stopped part-way'
        : 'interrupted (the process ended before the run did)';
  const states = Object.entries(countStates(run.states))
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
  const lines = [
    `${run.path}`,
    `  ${header.at} by ${header.user} on ${header.host}: ${run.plan.steps.join(', ')}; ${run.plan.operations.length} change(s): ${states}`,
    `  ${condition}`,
  ];
  if (!run.rolledBack && run.offers.includes('finish'))
    lines.push(`  to finish it:    ${commandAgain('finish', run.path, given, run.plan)}`);
  if (!run.rolledBack && run.offers.includes('rollback'))
    lines.push(`  to roll it back: ${commandAgain('rollback', run.path, given, run.plan)}`);
  // The journal's host and user and the plan's steps are untrusted: every line is escaped.
  return printableText(lines) + '\n';
}
