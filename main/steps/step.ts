/**
 * The step contract, one shape for every step: a step reads the current state and
 * explains it (inspect), then computes the operations that bring it to the goal (plan). Apply
 * and rollback are not per step: the engine (main/plan/apply.ts) runs every operation through
 * the target adapter of its kind, so a new step only has to produce operations.
 */
import type { Check } from '../../shared/checks';
import type { Operation, PlanNote, PlannableStep } from '../../shared/plan';

/** What inspect found, in the admin's words. */
export interface Finding {
  readonly level: 'info' | 'warning';
  readonly message: string;
  /** Commands for the admin to run where the tool cannot. */
  readonly commands?: readonly string[];
}

export interface Inspection<State> {
  readonly step: PlannableStep;
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

export interface Step<State, Options> {
  readonly id: PlannableStep;
  /** The step's title, as the wizard's page shows it. */
  readonly title: string;
  inspect(options: Options): Promise<Inspection<State>>;
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
