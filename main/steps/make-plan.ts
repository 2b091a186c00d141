/**
 * Composes a plan from the chosen steps (registry.ts), in the order given, over one directory
 * connection the caller holds. Shared by `writeback plan` and the desktop app's `plan.make`, so
 * both produce the same operations from the same state.
 */
import { badInput } from '../../shared/errors';
import { field } from '../../shared/fields';
import {
  planFormatVersion,
  type Operation,
  type Plan,
  type PlanNote,
  type PlannableStep,
} from '../../shared/plan';
import { describeLocation, type PowerShellRunner } from '../adsync/powershell-runner';
import type { Directory } from '../directory/directory';
import { domainNamingContext } from '../directory/discover';
import { validatePlan } from '../plan/step-api';
import { defaultSysvolFolder } from './min-password-age';
import { stepPlanners, type PlanChoices, type PlanSources } from './registry';

export interface MakePlanOptions extends PlanChoices {
  readonly steps: readonly PlannableStep[];
  /** Opens the directory connection on first need (the CLI connects lazily; the app has one). */
  readonly directory?: () => Promise<Directory>;
  /** Where it was computed from, recorded in the plan (no credentials). */
  readonly dc?: string;
  readonly sysvol?: string;
  /** The ADSync PowerShell runner (optional-features), undefined for none. */
  readonly adsync?: PowerShellRunner;
}

/** The chosen steps, in order, over one run's sources: their operations and notes. */
export async function planSteps(
  steps: readonly PlannableStep[],
  sources: PlanSources,
): Promise<{ operations: Operation[]; notes: PlanNote[] }> {
  const operations: Operation[] = [];
  const notes: PlanNote[] = [];
  for (const step of steps) {
    const planned = await stepPlanners[step](sources);
    operations.push(...planned.operations);
    notes.push(...planned.notes);
  }
  return { operations, notes };
}

export async function makePlan(options: MakePlanOptions): Promise<Plan> {
  const sources = planSources(options);
  const { operations, notes } = await planSteps(options.steps, sources);
  const { baseDn, sysvol } = sources.used;
  return validatePlan({
    formatVersion: planFormatVersion,
    createdAt: new Date().toISOString(),
    source: {
      ...(options.dc ? { dc: options.dc } : {}),
      ...(baseDn ? { baseDn } : {}),
      ...(sysvol ? { sysvol } : {}),
      ...(options.adsync && options.steps.includes('optional-features')
        ? { adsync: describeLocation(options.adsync.location) }
        : {}),
    },
    steps: [...options.steps],
    operations,
    notes,
  });
}

/** The sources of one plan, opened on first need; `used` is what the plan records it read. */
export function planSources(
  options: MakePlanOptions,
): PlanSources & { readonly used: { baseDn?: string; sysvol?: string } } {
  // --sysvol, else (on Windows) the domain's own share; recorded in the plan as used.
  const used: { baseDn?: string; sysvol?: string } = {
    ...(options.sysvol ? { sysvol: options.sysvol } : {}),
  };
  let connected: Directory | undefined;
  const domain = async () => {
    if (!options.directory) {
      throw badInput(
        'dc-missing',
        'This step needs the directory, but no DC was given.',
        `Give ${field('dc', 'ldaps://<dc>')} and ${field('bindUser', '<upn>')}.`,
      );
    }
    connected ??= await options.directory();
    used.baseDn ??= await domainNamingContext(connected);
    return { directory: connected, baseDn: used.baseDn };
  };
  return {
    used,
    domain,
    async sysvol() {
      used.sysvol ??= defaultSysvolFolder((await domain()).baseDn);
      if (!used.sysvol) {
        throw badInput(
          'sysvol-missing',
          'The min-password-age step needs the SYSVOL folder.',
          `Give ${field('sysvol')}: the folder holding Policies, for example a mount of \\\\<domain>\\SYSVOL\\<domain>.`,
        );
      }
      return used.sysvol;
    },
    adsync: options.adsync,
    choices: options,
  };
}
