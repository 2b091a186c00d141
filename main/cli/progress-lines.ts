/**
 * How apply, finish and rollback report each operation on stderr: one line per phase, so an
 * admin watching a long run (or a log collector) sees which change is being written now.
 */
import type { ProgressListener } from '../plan/progress';
import { printable } from '../../shared/text/printable';

/**
 * `[3/12] writing: Grant MSOL_… Reset password on descendant users` (`writing in fabrikam.com:`
 * in a plan over several directories); the re-read pass is quiet.
 * A rollback undoes the change its summary names, and says so: its summary reads forwards.
 */
export const printRunProgress: ProgressListener = (event) => {
  if (event.phase === 'checking') return;
  // In a plan over several directories, each line names the domain it is written in.
  const where = event.directory ? ` in ${event.directory}` : '';
  const line =
    event.run === 'rollback'
      ? `[rollback #${event.index}] ${event.phase}${where}: undoing "${event.summary}"`
      : `[${event.index + 1}/${event.total}] ${event.phase}${where}: ${event.summary}`;
  process.stderr.write(printable(line) + '\n');
};
