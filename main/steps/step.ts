/**
 * The step contract, one shape for every step of the wizard: a step reads the current state and
 * explains it (inspect: the state, checks and findings in the admin's words). A step that
 * changes something also turns what it read into operations (plan); apply and rollback are not
 * per step: the plan engine (main/plan) runs every operation through the adapter of its kind,
 * so a new step only has to produce operations. The steps are listed, in the wizard's order,
 * in registry.ts; make-plan.ts composes the planning ones into one plan.
 */
import type { Check } from '../../shared/checks';
import type { Operation, PlanNote, PlannableStep } from '../../shared/plan';
import type { WizardPage } from '../../shared/wizard-pages';

/** What inspect found, in the admin's words. */
export interface Finding {
  readonly level: 'info' | 'warning';
  readonly message: string;
  /** Commands for the admin to run where the tool cannot. */
  readonly commands?: readonly string[];
}

export interface Inspection<State> {
  readonly step: WizardPage;
  /** The state read, as the step models it (the plan is computed from exactly this). */
  readonly state: State;
  readonly checks: readonly Check[];
  readonly findings: readonly Finding[];
}

/** The operations of one step, and what it could not turn into operations. */
export interface StepPlan {
  readonly operations: readonly Operation[];
  readonly notes: readonly PlanNote[];
}

/** Every step: its wizard page, and what it reads and says about the current state. */
export interface Step<State, Options> {
  readonly id: WizardPage;
  /** The step's title, as the wizard's page shows it. */
  readonly title: string;
  inspect(options: Options): Promise<Inspection<State>>;
}

/** A step that changes something: from exactly what it inspected, the operations to apply. */
export interface PlanningStep<State, Options> extends Step<State, Options> {
  readonly id: PlannableStep;
  plan(inspection: Inspection<State>, options: Options): StepPlan;
}

/** Findings become plan notes, so `plan` and `show` print them with the operations. */
export function findingsToNotes(step: PlannableStep, findings: readonly Finding[]): PlanNote[] {
  return findings.map((finding) => ({
    step,
    level: finding.level,
    message: finding.message,
    ...(finding.commands ? { commands: [...finding.commands] } : {}),
  }));
}
