/** `writeback show <plan.json> [--json]` (docs/cli.md): prints a plan's diff again. */
import type { Command } from 'commander';
import { formatPlan } from '../../plan/format-plan';
import { readPlanFile } from '../../plan/plan-file';
import { addFlags } from '../options/flags';
import { forCli } from '../words';

export function addShowCommand(program: Command): void {
  addFlags(program.command('show'), ['json'])
    .description("Print a plan's diff again.")
    .argument('<plan.json>', 'the plan file')
    .action(async (path: string, options: { json?: boolean }) => {
      const plan = forCli(await readPlanFile(path));
      process.stdout.write(options.json ? JSON.stringify(plan) + '\n' : formatPlan(plan));
    });
}
