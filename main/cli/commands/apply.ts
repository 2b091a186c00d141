/**
 * `writeback apply <plan.json> [--yes] [--journal <file>]` (docs/cli.md): re-reads every target,
 * writes nothing if any drifted (exit 4), else applies operation by operation with the journal.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { applyPlan } from '../../plan/apply';
import { formatPlan } from '../../plan/format-plan';
import { defaultJournalFolder, newRunId } from '../../plan/journal';
import { readPlanFile } from '../../plan/plan-file';
import { addRunOptions, adaptersFor, confirm, type RunOptions } from '../../plan/run-options';
import { printRunProgress } from '../progress-lines';

export function addApplyCommand(program: Command): void {
  addRunOptions(program.command('apply'))
    .description(
      'Apply a plan: check every target is unchanged, then change them one by one with a journal.',
    )
    .argument('<plan.json>', 'the plan file')
    .option('--yes', 'do not ask for confirmation')
    .option(
      '--journal <file>',
      'the journal file to create (default: a new file in the app data folder)',
    )
    .option('--json', 'print the result as one JSON document')
    .action(
      async (
        path: string,
        options: RunOptions & { yes?: boolean; journal?: string; json?: boolean },
      ) => {
        const plan = await readPlanFile(path);
        if (plan.operations.length === 0) {
          process.stdout.write(
            options.json
              ? JSON.stringify({ applied: 0, journal: null }) + '\n'
              : 'Nothing to change.\n',
          );
          return;
        }
        if (!options.yes) process.stderr.write(formatPlan(plan));
        await confirm(`Apply these ${plan.operations.length} changes?`, options.yes);
        const { adapters, close } = await adaptersFor(
          new Set(plan.operations.map((o) => o.kind)),
          options,
        );
        try {
          const journalPath =
            options.journal ?? join(defaultJournalFolder(), `${newRunId()}.jsonl`);
          process.stderr.write(`Journal: ${journalPath}\n`);
          const result = await applyPlan(plan, {
            adapters,
            journalPath,
            planFile: path,
            onProgress: printRunProgress,
          });
          process.stdout.write(
            options.json
              ? JSON.stringify({ applied: result.applied, journal: result.journalPath }) + '\n'
              : `Applied ${result.applied} changes. Journal: ${result.journalPath}\nTo undo: writeback rollback "${result.journalPath}"\n`,
          );
        } finally {
          await close();
        }
      },
    );
}
