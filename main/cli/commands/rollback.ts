/**
 * `writeback rollback <journal> [--yes]` (docs/cli.md): restores every target the run changed to its
 * before-image, refusing (exit 4) where one was changed again since.
 */
import type { Command } from 'commander';
import { readRunStatus } from '../../plan/recover';
import { rollbackRun } from '../../plan/rollback';
import { addFlags } from '../options/flags';
import { confirm } from '../options/run';
import { adaptersForRun, type RunCommandOptions } from '../options/directories-run';
import { addSharedOptions, noteUnusedByRun } from '../options/shared';
import { refuseNonJournal } from '../options/not-a-journal';
import { forCli } from '../words';
import { printRunProgress } from '../progress-lines';
import { printable } from '../../../shared/text/printable';

export function addRollbackCommand(program: Command): void {
  const command = addSharedOptions(program.command('rollback'));
  addFlags(command, ['directories', 'yes', 'json'])
    .description('Restore every target a run changed to its before-image, from the run journal.')
    .argument('<journal>', 'the journal file apply printed')
    .action(async (path: string, options: RunCommandOptions) => {
      noteUnusedByRun(command);
      await refuseNonJournal(path, 'rollback');
      const status = forCli(await readRunStatus(path));
      const touched = status.states.flatMap((state, index) =>
        state === 'not-started' || state === 'restored' ? [] : [index],
      );
      process.stderr.write(
        printable(
          `Run of ${status.journal.header.at} on ${status.journal.header.host}: ${status.ended ? 'ended' : 'interrupted'}${status.journal.tornLastLine ? ' (last journal line cut short)' : ''}; ${touched.length} target(s) to check.`,
        ) + '\n',
      );
      if (touched.length === 0) {
        // Rolled back already (or nothing was ever written): nothing to reach, nothing to ask.
        process.stdout.write(
          options.json
            ? JSON.stringify({ restored: 0, alreadyAsBefore: 0 }) + '\n'
            : `Nothing to roll back: every target of this run is as it was before. Journal: ${printable(path)}\n`,
        );
        return;
      }
      await confirm(`Roll back ${touched.length} target(s)?`, options.yes);
      const { adapters, close } = await adaptersForRun(status.plan, touched, options);
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
