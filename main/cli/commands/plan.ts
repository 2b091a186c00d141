/**
 * `writeback plan` (docs/cli.md): runs each chosen step's inspect and plan (main/steps/make-plan.ts),
 * writes the plan file and prints its diff. Writes nothing else.
 */
import type { Command } from 'commander';
import type { Directory } from '../../directory/directory';
import { badInput } from '../../../shared/errors';
import { plannableSteps, type Plan, type PlannableStep } from '../../../shared/plan';
import { formatPlan } from '../../plan/format-plan';
import { makePlan } from '../../steps/make-plan';
import { makeDirectoriesPlan } from '../../steps/make-directories-plan';
import { directoriesToPlan, OpenedDirectories } from '../options/directories-run';
import { writePlanFile } from '../../plan/plan-file';
import { addFlags, flag } from '../options/flags';
import { toPermissionsOptions, type PermissionsCliOptions } from '../options/permissions';
import { adsyncRunner, directoryFrom, type RunOptions } from '../options/run';
import { addSharedOptions, entraFlags, noteUnusedOptions } from '../options/shared';
import { forCli } from '../words';

interface PlanOptions extends RunOptions, PermissionsCliOptions {
  readonly directories?: string;
  readonly steps: string;
  readonly out: string;
  readonly psos?: string;
  readonly syncForcePasswordChange?: boolean;
  readonly json?: boolean;
}

export function addPlanCommand(program: Command): void {
  const command = addSharedOptions(program.command('plan'));
  addFlags(command, [
    'directories',
    'psos',
    'includeAdminsdholder',
    'enableInheritance',
    'syncForcePasswordChange',
    'streams',
    'json',
  ])
    .addOption(flag('steps').default(plannableSteps.join(',')))
    .addOption(flag('out').makeOptionMandatory())
    .description(
      'Compute the changes, print their diff and write the plan file (nothing else is written).',
    )
    .action(async (options: PlanOptions) => {
      noteUnusedOptions(command, [{ flags: entraFlags, why: 'it does not read Entra ID.' }]);
      const steps = parseSteps(options.steps);
      // Engine text names fields (shared/fields.ts): the plan file and the diff say the flags.
      const plan = forCli(
        options.directories !== undefined
          ? await planOverDirectories(steps, options.directories, options)
          : await planOneDomain(steps, options),
      );
      await writePlanFile(options.out, plan);
      if (options.json) process.stdout.write(JSON.stringify(plan) + '\n');
      else
        process.stdout.write(
          formatPlan(plan) +
            `Plan written to ${options.out} (${plan.operations.length} change${plan.operations.length === 1 ? '' : 's'}).\n`,
        );
    });
}

/** The choices every plan takes from the flags, whatever it reads. */
function choicesOf(steps: readonly PlannableStep[], options: PlanOptions) {
  return {
    psos: parsePsos(options.psos),
    permissions: toPermissionsOptions(options),
    adsync: steps.includes('optional-features') ? adsyncRunner(options) : undefined,
    syncForcePasswordChange: options.syncForcePasswordChange ?? false,
  };
}

async function planOneDomain(steps: PlannableStep[], options: PlanOptions): Promise<Plan> {
  let directory: Directory | undefined;
  try {
    return await makePlan({
      steps,
      directory: async () => (directory = await directoryFrom(options)),
      ...(options.dc ? { dc: options.dc } : {}),
      ...(options.sysvol ? { sysvol: options.sysvol } : {}),
      ...choicesOf(steps, options),
    });
  } finally {
    await directory?.close().catch(() => undefined);
  }
}

/** `plan --directories <file>`: one plan over every forest the file lists. */
async function planOverDirectories(
  steps: PlannableStep[],
  file: string,
  options: PlanOptions,
): Promise<Plan> {
  const opened = new OpenedDirectories();
  try {
    return await makeDirectoriesPlan({
      steps,
      directories: await directoriesToPlan(file, options, opened),
      ...choicesOf(steps, options),
    });
  } finally {
    await opened.close();
  }
}

function parsePsos(value: string | undefined): readonly string[] | 'all' {
  if (value === undefined) return [];
  if (value === 'all') return 'all';
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseSteps(list: string): PlannableStep[] {
  const steps = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const step of steps) {
    if (!(plannableSteps as readonly string[]).includes(step)) {
      throw badInput(
        'plan-unknown-step',
        `--steps names "${step}", which this command cannot plan.`,
        `Use some of: ${plannableSteps.join(', ')}.`,
      );
    }
  }
  return steps as PlannableStep[];
}
