/**
 * `writeback apply <plan.json> [--yes] [--journal <file>]` (docs/cli.md): re-reads every target,
 * writes nothing if any drifted (exit 4), else applies operation by operation with the journal.
 */
import type { Command } from 'commander';
import { printable } from '../../../shared/text/printable';
import { applyPlan } from '../../plan/apply';
import { formatPlan, printableText } from '../../plan/format-plan';
import { planMeaning } from '../../plan/plan-meaning';
import { defaultJournalFolder, newRun } from '../../plan/journal';
import { readPlanFile } from '../../plan/plan-file';
import { addFlags } from '../options/flags';
import { confirm, type RunOptions } from '../options/run';
import { adaptersForRun } from '../options/directories-run';
import { addSharedOptions, noteUnusedByRun } from '../options/shared';
import { commandAgain } from '../options/command-again';
import { forCli } from '../words';
import { printRunProgress } from '../progress-lines';

export function addApplyCommand(program: Command): void {
  const command = addSharedOptions(program.command('apply'));
  addFlags(command, ['directories', 'yes', 'journal', 'json'])
    .description(
      'Apply a plan: check every target is unchanged, then change them one by one with a journal.',
    )
    .argument('<plan.json>', 'the plan file')
    .action(
      async (
        path: string,
        options: RunOptions & {
          directories?: string;
          yes?: boolean;
          journal?: string;
          json?: boolean;
        },
      ) => {
        noteUnusedByRun(command);
        const plan = forCli(await readPlanFile(path));
        if (plan.operations.length === 0) {
          process.stdout.write(
            options.json
              ? JSON.stringify({ applied: 0, journal: null }) + '\n'
              : 'Nothing to change.\n',
          );
          return;
        }
        if (!options.yes) process.stderr.write(formatPlan(plan));
        // What will be written, recomputed from the bytes: the summaries above are the plan's own words.
        process.stderr.write(
          printableText([
            'This plan, as its bytes say:',
            ...planMeaning(plan, path).map((line) => `  ${line}`),
          ]),
        );
        await confirm(`Apply these ${plan.operations.length} changes?`, options.yes);
        const { adapters, close } = await adaptersForRun(
          plan,
          plan.operations.map((_, index) => index),
          options,
        );
        try {
          // One run id names the default journal and is the one its header records.
          const run = newRun(defaultJournalFolder());
          const journalPath = options.journal ?? run.journalPath;
          // Named once the first change is being written (the journal exists by then), so an
          // admin who stops the run knows where it is; a refusal before any write names none.
          let journalNamed = false;
          const result = await applyPlan(plan, {
            adapters,
            journalPath,
            runId: run.runId,
            planFile: path,
            onProgress: (event) => {
              if (!journalNamed && event.phase === 'writing') {
                journalNamed = true;
                process.stderr.write(`Journal: ${printable(journalPath)}\n`);
              }
              printRunProgress(event);
            },
          });
          process.stdout.write(
            options.json
              ? JSON.stringify({ applied: result.applied, journal: result.journalPath }) + '\n'
              : `Applied ${result.applied} change${result.applied === 1 ? '' : 's'}. Journal: ${printable(result.journalPath)}\nTo undo: ${commandAgain('rollback', result.journalPath, options, plan)}\n`,
          );
        } finally {
          await close();
        }
      },
    );
}
