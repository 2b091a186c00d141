/**
 * `writeback finish <journal> [--yes]`: finishes a run that was interrupted (killed, connection
 * lost) in the same journal. Every operation not yet verified is re-read first; nothing is
 * written if one changed since the plan (exit 4), except that the interrupted operation may
 * already hold its planned after-state. A rolled-back run cannot be finished (exit 2).
 */
import type { Command } from 'commander';
import { describeTarget } from '../../../shared/plan';
import { finishRun, readRunStatus } from '../../plan/recover';
import { addFlags } from '../options/flags';
import { confirm } from '../options/run';
import { adaptersForRun, type RunCommandOptions } from '../options/directories-run';
import { addSharedOptions, noteUnusedByRun } from '../options/shared';
import { commandAgain } from '../options/command-again';
import { printable } from '../../../shared/text/printable';
import { refuseNonJournal } from '../options/not-a-journal';
import { forCli } from '../words';
import { printRunProgress } from '../progress-lines';
import { printableText } from '../../plan/format-plan';

export function addFinishCommand(program: Command): void {
  const command = addSharedOptions(program.command('finish'));
  addFlags(command, ['directories', 'yes', 'json'])
    .description(
      'Finish an interrupted run from its journal: apply, in the same journal, every change not yet verified.',
    )
    .argument('<journal>', 'the journal of the interrupted run (see writeback runs)')
    .action(async (path: string, options: RunCommandOptions) => {
      noteUnusedByRun(command);
      await refuseNonJournal(path, 'finish');
      const status = forCli(await readRunStatus(path));
      const remaining = status.states.flatMap((state, index) =>
        state === 'verified' ? [] : [index],
      );
      // The journal's host and the plan's summaries are untrusted text: every line escaped.
      process.stderr.write(
        printableText([
          `Run of ${status.journal.header.at} on ${status.journal.header.host}: ${status.ended ? 'ended' : 'interrupted'}; ${remaining.length} of ${status.plan.operations.length} change(s) not verified:`,
          ...remaining.map((index) => {
            const operation = status.plan.operations[index]!;
            return `  #${index} [${status.states[index]}] ${operation.summary} (${describeTarget(operation)})`;
          }),
        ]),
      );
      if (remaining.length === 0) {
        process.stdout.write(
          options.json
            ? JSON.stringify({ finished: 0, journal: path }) + '\n'
            : 'Nothing to finish: every change of this run is verified.\n',
        );
        return;
      }
      await confirm(`Finish these ${remaining.length} change(s)?`, options.yes);
      const { adapters, close } = await adaptersForRun(status.plan, remaining, options);
      try {
        const finished = await finishRun(path, {
          adapters,
          onProgress: printRunProgress,
        });
        process.stdout.write(
          options.json
            ? JSON.stringify({ finished, journal: path }) + '\n'
            : `Finished ${finished} change(s). Journal: ${printable(path)}\nTo undo the whole run: ${commandAgain('rollback', path, options, status.plan)}\n`,
        );
      } finally {
        await close();
      }
    });
}
