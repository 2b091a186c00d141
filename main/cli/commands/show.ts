/** `writeback show <plan.json> [--json]` (docs/cli.md): prints a plan's diff again. */
import type { Command } from 'commander';
import { formatPlan } from '../../plan/format-plan';
import { readPlanFile } from '../../plan/plan-file';

export function addShowCommand(program: Command): void {
  program
    .command('show')
    .description("Print a plan's diff again.")
    .argument('<plan.json>', 'the plan file')
    .option('--json', 'print the plan as one JSON document')
    .action(async (path: string, options: { json?: boolean }) => {
      const plan = await readPlanFile(path);
      process.stdout.write(options.json ? JSON.stringify(plan) + '\n' : formatPlan(plan));
    });
}
