/**
 * `writeback plan` (cli.md): runs each chosen step's inspect and plan, writes the plan file and
 * prints its diff. Writes nothing else.
 */
import type { Command } from 'commander';
import type { Client } from 'ldapts';
import { badInput } from '../../../shared/errors';
import {
  planFormatVersion,
  stepIds,
  type Operation,
  type Plan,
  type PlanNote,
  type StepId,
} from '../../../shared/plan';
import { formatPlan } from '../../plan/format-plan';
import { validatePlan, writePlanFile } from '../../plan/plan-file';
import {
  addRunOptions,
  adsyncRunner,
  connectDirectory,
  type RunOptions,
} from '../../plan/run-options';
import { minPasswordAgeStep } from '../../steps/min-password-age';
import {
  addPermissionsOptions,
  planPermissionsStep,
  type PermissionsCliOptions,
} from '../../steps/permissions/cli-options';
import { optionalFeaturesStep } from '../../steps/optional-features';

interface PlanOptions extends RunOptions, PermissionsCliOptions {
  readonly steps: string;
  readonly out: string;
  readonly psos?: string;
  readonly syncForcePasswordChange?: boolean;
  readonly json?: boolean;
}

/** The steps in the order the wizard shows them. */
const plannable: readonly StepId[] = ['optional-features', 'permissions', 'min-password-age'];

export function addPlanCommand(program: Command): void {
  addPermissionsOptions(addRunOptions(program.command('plan')))
    .description(
      'Compute the changes, print their diff and write the plan file (nothing else is written).',
    )
    .option(
      '--steps <list>',
      `comma-separated steps (${plannable.join(', ')})`,
      plannable.join(','),
    )
    .option(
      '--psos <name|all>',
      'also set these PSOs (comma-separated names, or all) to a minimum age of 0',
    )
    .option(
      '--sync-force-password-change',
      'opt in: sync "User must change password at next logon" (ForcePasswordChangeOnLogOn)',
    )
    .requiredOption('--out <plan.json>', 'where to write the plan')
    .option('--json', 'print the plan as one JSON document')
    .action(async (options: PlanOptions) => {
      const steps = parseSteps(options.steps);
      const operations: Operation[] = [];
      const notes: PlanNote[] = [];
      let client: Client | undefined;
      let baseDn: string | undefined;
      try {
        for (const step of steps) {
          if (step === 'optional-features') {
            const stepOptions = {
              runner: adsyncRunner(options),
              syncForcePasswordChange: options.syncForcePasswordChange ?? false,
            };
            const result = optionalFeaturesStep.plan(
              await optionalFeaturesStep.inspect(stepOptions),
              stepOptions,
            );
            operations.push(...result.operations);
            notes.push(...result.notes);
          } else if (step === 'permissions') {
            client ??= await connectDirectory(options);
            baseDn ??= await defaultNamingContext(client);
            const result = await planPermissionsStep(client, options);
            operations.push(...result.operations);
            notes.push(...result.notes);
          } else if (step === 'min-password-age') {
            if (!options.sysvol) {
              throw badInput(
                'sysvol-missing',
                'The min-password-age step needs the SYSVOL folder.',
                'Give --sysvol <folder holding Policies> (on Windows \\\\<domain>\\SYSVOL\\<domain>).',
              );
            }
            client ??= await connectDirectory(options);
            baseDn ??= await defaultNamingContext(client);
            const psos =
              options.psos === undefined
                ? []
                : options.psos === 'all'
                  ? ('all' as const)
                  : options.psos
                      .split(',')
                      .map((s) => s.trim())
                      .filter(Boolean);
            const stepOptions = { client, baseDn, sysvol: options.sysvol, psos };
            const result = minPasswordAgeStep.plan(
              await minPasswordAgeStep.inspect(stepOptions),
              stepOptions,
            );
            operations.push(...result.operations);
            notes.push(...result.notes);
          }
        }
      } finally {
        await client?.unbind().catch(() => undefined);
      }
      const plan: Plan = validatePlan({
        formatVersion: planFormatVersion,
        createdAt: new Date().toISOString(),
        source: {
          ...(options.dc ? { dc: options.dc } : {}),
          ...(baseDn ? { baseDn } : {}),
          ...(options.sysvol ? { sysvol: options.sysvol } : {}),
        },
        steps,
        operations,
        notes,
      });
      await writePlanFile(options.out, plan);
      if (options.json) process.stdout.write(JSON.stringify(plan) + '\n');
      else
        process.stdout.write(
          formatPlan(plan) +
            `Plan written to ${options.out} (${plan.operations.length} change${plan.operations.length === 1 ? '' : 's'}).\n`,
        );
    });
}

function parseSteps(list: string): StepId[] {
  const steps = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const step of steps) {
    if (!(stepIds as readonly string[]).includes(step) || !plannable.includes(step as StepId)) {
      throw badInput(
        'plan-unknown-step',
        `--steps names "${step}", which this command cannot plan.`,
        `Use some of: ${plannable.join(', ')}.`,
      );
    }
  }
  return steps as StepId[];
}

async function defaultNamingContext(client: Client): Promise<string> {
  const { searchEntries } = await client.search('', {
    scope: 'base',
    filter: '(objectClass=*)',
    attributes: ['defaultNamingContext'],
  });
  const value = searchEntries[0]?.defaultNamingContext;
  const dn = Array.isArray(value) ? value[0] : value;
  if (typeof dn !== 'string' || dn === '') {
    throw badInput(
      'dc-no-naming-context',
      'The DC did not say which domain it holds (no defaultNamingContext).',
      'Give --dc a domain controller, not a global catalog port or another LDAP server.',
    );
  }
  return dn;
}
