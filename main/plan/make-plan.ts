/**
 * Composes a plan from the chosen steps (issue 6): each step inspects and plans in the wizard's
 * order, over one directory connection the caller holds. Shared by `writeback plan` and the
 * desktop app's `plan.make`, so both produce the same operations from the same state.
 */
import type { Client } from 'ldapts';
import { badInput } from '../../shared/errors';
import {
  planFormatVersion,
  type Operation,
  type Plan,
  type PlanNote,
  type StepId,
} from '../../shared/plan';
import type { PowerShellRunner } from '../adsync/powershell-runner';
import { minPasswordAgeStep } from '../steps/min-password-age';
import { optionalFeaturesStep } from '../steps/optional-features';
import { createPermissionsStep, LdapPermissionsDirectory } from '../steps/permissions';
import type { PermissionsOptions } from '../steps/permissions/permissions-step';
import { validatePlan } from './plan-file';

/** The steps in the order the wizard shows them. */
export const plannableSteps: readonly StepId[] = [
  'optional-features',
  'permissions',
  'min-password-age',
];

export interface MakePlanOptions {
  readonly steps: readonly StepId[];
  /** Opens the directory connection on first need (the CLI connects lazily; the app has one). */
  readonly directory?: () => Promise<Client>;
  /** Where it was computed from, recorded in the plan (no credentials). */
  readonly dc?: string;
  readonly sysvol?: string;
  /** PSOs to set to 0 (min-password-age): their names, or 'all'. */
  readonly psos?: readonly string[] | 'all';
  readonly permissions?: PermissionsOptions;
  /** The ADSync PowerShell runner (optional-features), undefined for none. */
  readonly adsync?: PowerShellRunner;
  readonly syncForcePasswordChange?: boolean;
}

export async function makePlan(options: MakePlanOptions): Promise<Plan> {
  const operations: Operation[] = [];
  const notes: PlanNote[] = [];
  let client: Client | undefined;
  let baseDn: string | undefined;
  const directory = async (): Promise<Client> => {
    if (!options.directory) {
      throw badInput(
        'dc-missing',
        'This step needs the directory, but no DC was given.',
        'Give --dc ldaps://<dc> --bind-user <upn> (in the app: connect on Connect directories).',
      );
    }
    client ??= await options.directory();
    baseDn ??= await defaultNamingContext(client);
    return client;
  };
  for (const step of options.steps) {
    if (step === 'optional-features') {
      const stepOptions = {
        runner: options.adsync,
        syncForcePasswordChange: options.syncForcePasswordChange ?? false,
      };
      const result = optionalFeaturesStep.plan(
        await optionalFeaturesStep.inspect(stepOptions),
        stepOptions,
      );
      operations.push(...result.operations);
      notes.push(...result.notes);
    } else if (step === 'permissions') {
      const step = createPermissionsStep(new LdapPermissionsDirectory(await directory()));
      const stepOptions = options.permissions ?? {};
      const result = step.plan(await step.inspect(stepOptions), stepOptions);
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
      const stepOptions = {
        client: await directory(),
        baseDn: baseDn!,
        sysvol: options.sysvol,
        psos: options.psos ?? [],
      };
      const result = minPasswordAgeStep.plan(
        await minPasswordAgeStep.inspect(stepOptions),
        stepOptions,
      );
      operations.push(...result.operations);
      notes.push(...result.notes);
    }
  }
  return validatePlan({
    formatVersion: planFormatVersion,
    createdAt: new Date().toISOString(),
    source: {
      ...(options.dc ? { dc: options.dc } : {}),
      ...(baseDn ? { baseDn } : {}),
      ...(options.sysvol ? { sysvol: options.sysvol } : {}),
    },
    steps: [...options.steps],
    operations,
    notes,
  });
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
