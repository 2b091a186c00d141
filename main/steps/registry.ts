/**
 * The steps that plan, by id: how each one is opened over what a plan is made from (a
 * directory, the SYSVOL folder, the Connect server, the admin's choices) and run through the
 * step contract, inspect then plan. make-plan.ts composes them; adding a planning step is its
 * folder (implementing PlanningStep) and one entry here, which the type below requires.
 */
import type { PlannableStep } from '../../shared/plan';
import type { PowerShellRunner } from '../adsync/powershell-runner';
import type { Directory } from '../directory/directory';
import { minPasswordAgeStep } from './min-password-age';
import { optionalFeaturesStep } from './optional-features';
import { createPermissionsStep, otherDomainsNote, type PermissionsOptions } from './permissions';
import type { PlanningStep, StepPlan } from './step';

/** What the admin chose beyond the steps themselves. */
export interface PlanChoices {
  /** PSOs to set to 0 (min-password-age): their names, or 'all'. */
  readonly psos?: readonly string[] | 'all';
  readonly permissions?: PermissionsOptions;
  readonly syncForcePasswordChange?: boolean;
}

/** What the steps of one plan read from, each opened on first need and shared by all of them. */
export interface PlanSources {
  /** The directory and its domain's naming context. */
  domain(): Promise<{ readonly directory: Directory; readonly baseDn: string }>;
  /** The folder holding the domain's Policies. */
  sysvol(): Promise<string>;
  /** The Connect server's ADSync, undefined when none is reached. */
  readonly adsync: PowerShellRunner | undefined;
  readonly choices: PlanChoices;
}

/** One planning step over a run's sources: what it inspected, turned into operations. */
export type StepPlanner = (sources: PlanSources) => Promise<StepPlan>;

async function inspectAndPlan<State, Options>(
  step: PlanningStep<State, Options>,
  options: Options,
): Promise<StepPlan> {
  return step.plan(await step.inspect(options), options);
}

export const stepPlanners: { readonly [Id in PlannableStep]: StepPlanner } = {
  'optional-features': (sources) =>
    inspectAndPlan(optionalFeaturesStep, {
      runner: sources.adsync,
      syncForcePasswordChange: sources.choices.syncForcePasswordChange ?? false,
    }),

  permissions: async (sources) => {
    const { directory, baseDn } = await sources.domain();
    const step = createPermissionsStep(directory);
    const planned = await inspectAndPlan(step, sources.choices.permissions ?? {});
    const forest = await otherDomainsNote(directory, baseDn);
    return forest ? { ...planned, notes: [...planned.notes, forest] } : planned;
  },

  'min-password-age': async (sources) => {
    const { directory, baseDn } = await sources.domain();
    return inspectAndPlan(minPasswordAgeStep, {
      directory,
      baseDn,
      sysvol: await sources.sysvol(),
      psos: sources.choices.psos ?? [],
    });
  },
};
