/** `writeback show <plan.json> [--json]` (docs/cli.md): prints a plan's diff again. */
import type { Command } from 'commander';
import { formatPlan, printableText } from '../../plan/format-plan';
import { planMeaning } from '../../plan/plan-meaning';
import { readPlanFile } from '../../plan/plan-file';
import { addFlags } from '../options/flags';
import { forCli } from '../words';

export function addShowCommand(program: Command): void {
  addFlags(program.command('show'), ['json'])
    .description("Print a plan's diff again.")
    .argument('<plan.json>', 'the plan file')
    .action(async (path: string, options: { json?: boolean }) => {
      const raw = await readPlanFile(path);
      const plan = forCli(raw);
      if (options.json) {
        process.stdout.write(JSON.stringify(plan) + '\n');
        return;
      }
      // The summaries are the plan's own words; the meaning is recomputed from its bytes.
      process.stdout.write(
        formatPlan(plan) +
          (plan.operations.length === 0
            ? ''
            : printableText([
                'This plan, as its bytes say:',
                ...planMeaning(raw, path).map((line) => `  ${line}`),
              ])),
      );
    });
}
