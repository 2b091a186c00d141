/**
 * `writeback plan` (docs/cli.md): runs each chosen step's inspect and plan (main/plan/make-plan.ts),
 * writes the plan file and prints its diff. Writes nothing else.
 */
import type { Command } from 'commander';
import type { Client } from 'ldapts';
import { badInput } from '../../../shared/errors';
import { stepIds, type Plan, type StepId } from '../../../shared/plan';
import { formatPlan } from '../../plan/format-plan';
import { makePlan, plannableSteps } from '../../plan/make-plan';
import { writePlanFile } from '../../plan/plan-file';
import {
  addRunOptions,
  adsyncRunner,
  connectDirectory,
  type RunOptions,
} from '../../plan/run-options';
import {
  addPermissionsOptions,
  toPermissionsOptions,
  type PermissionsCliOptions,
} from '../../steps/permissions/cli-options';

interface PlanOptions extends RunOptions, PermissionsCliOptions {
  readonly steps: string;
  readonly out: string;
  readonly psos?: string;
  readonly syncForcePasswordChange?: boolean;
  readonly json?: boolean;
}

export function addPlanCommand(program: Command): void {
  addPermissionsOptions(addRunOptions(program.command('plan')))
    .description(
      'Compute the changes, print their diff and write the plan file (nothing else is written).',
    )
    .option(
      '--steps <list>',
      `comma-separated steps (${plannableSteps.join(', ')})`,
      plannableSteps.join(','),
    )
    .option(
      '--psos <name|all>',
      'also set these PSOs (comma-separated names, or all) to a minimum age of 0',
    )
    .option(
      '--sync-force-password-change',
      'opt in: sync "User must change password at next logon" (ForcePasswordChangeOnLogOn); where the Connect build signs an admin in for it (2.6.84.0+), the plan shows the command to run there',
    )
    .requiredOption('--out <plan.json>', 'where to write the plan')
    .option('--json', 'print the plan as one JSON document')
    .action(async (options: PlanOptions) => {
      const steps = parseSteps(options.steps);
      let client: Client | undefined;
      let plan: Plan;
      try {
        plan = await makePlan({
          steps,
          directory: async () => (client = await connectDirectory(options)),
          ...(options.dc ? { dc: options.dc } : {}),
          ...(options.sysvol ? { sysvol: options.sysvol } : {}),
          psos: parsePsos(options.psos),
          permissions: toPermissionsOptions(options),
          adsync: steps.includes('optional-features') ? adsyncRunner(options) : undefined,
          syncForcePasswordChange: options.syncForcePasswordChange ?? false,
        });
      } finally {
        await client?.unbind().catch(() => undefined);
      }
      await writePlanFile(options.out, plan);
      if (options.json) process.stdout.write(JSON.stringify(plan) + '\n');
      else
        process.stdout.write(
          formatPlan(plan) +
            `Plan written to ${options.out} (${plan.operations.length} change${plan.operations.length === 1 ? '' : 's'}).\n`,
        );
    });
}

function parsePsos(value: string | undefined): readonly string[] | 'all' {
  if (value === undefined) return [];
  if (value === 'all') return 'all';
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseSteps(list: string): StepId[] {
  const steps = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const step of steps) {
    if (
      !(stepIds as readonly string[]).includes(step) ||
      !plannableSteps.includes(step as StepId)
    ) {
      throw badInput(
        'plan-unknown-step',
        `--steps names "${step}", which this command cannot plan.`,
        `Use some of: ${plannableSteps.join(', ')}.`,
      );
    }
  }
  return steps as StepId[];
}
