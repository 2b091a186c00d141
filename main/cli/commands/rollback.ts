/**
 * `writeback rollback <journal> [--yes]` (docs/cli.md): restores every target the run changed to its
 * before-image, refusing (exit 4) where one was changed again since.
 */
import type { Command } from 'commander';
import { readRunStatus } from '../../plan/recover';
import { rollbackRun } from '../../plan/rollback';
import { addRunOptions, adaptersFor, confirm, type RunOptions } from '../../plan/run-options';
import { printRunProgress } from '../progress-lines';

export function addRollbackCommand(program: Command): void {
  addRunOptions(program.command('rollback'))
    .description('Restore every target a run changed to its before-image, from the run journal.')
    .argument('<journal>', 'the journal file apply printed')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'print the result as one JSON document')
    .action(async (path: string, options: RunOptions & { yes?: boolean; json?: boolean }) => {
      const status = await readRunStatus(path);
      const touched = status.states.flatMap((state, index) =>
        state === 'not-started' || state === 'restored' ? [] : [index],
      );
      const kinds = new Set(touched.map((index) => status.plan.operations[index]!.kind));
      process.stderr.write(
        `Run of ${status.journal.header.at} on ${status.journal.header.host}: ${status.ended ? 'ended' : 'interrupted'}${status.journal.tornLastLine ? ' (last journal line cut short)' : ''}; ${touched.length} target(s) to check.\n`,
      );
      await confirm(`Roll back ${touched.length} target(s)?`, options.yes);
      const { adapters, close } = await adaptersFor(kinds, options);
      try {
        const result = await rollbackRun(path, {
          adapters,
          onProgress: printRunProgress,
        });
        process.stdout.write(
          options.json
            ? JSON.stringify(result) + '\n'
            : `Restored ${result.restored} target(s); ${result.alreadyAsBefore} already as before. Journal: ${path}\n`,
        );
      } finally {
        await close();
      }
    });
}
