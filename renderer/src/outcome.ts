/**
 * What this session did to each step, in the words Configuration complete shows: applied and
 * verified, rolled back, planned but not applied, nothing to change, left to do by hand, not
 * reviewed. The page and its title are read from here, so it never says "Done" for a step that
 * was not done, nor forgets a rollback.
 */
import type { PlanNote } from '../../shared/plan';
import type { WizardPage } from '../../shared/wizard-pages';
import type { AppliedRun, PlanKey, WizardState } from './store';

export type StepOutcome =
  | { readonly kind: 'applied'; readonly changes: number; readonly journal: string }
  | {
      readonly kind: 'rolled-back';
      readonly changes: number;
      readonly restored: number;
      readonly journal: string;
    }
  | { readonly kind: 'not-applied'; readonly changes: number }
  | { readonly kind: 'nothing-to-change' }
  | { readonly kind: 'by-hand' }
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'not-reviewed' };

export interface StepReport {
  readonly step: WizardPage;
  readonly outcome: StepOutcome;
  /** What the step could not do from here, with the commands (plan notes). */
  readonly byHand: readonly PlanNote[];
}

const planSteps: readonly PlanKey[] = ['optional-features', 'permissions', 'min-password-age'];

/** The warnings a step left to the admin, with their commands. */
export function byHandNotes(notes: readonly PlanNote[] | undefined): PlanNote[] {
  return (notes ?? []).filter(
    (note) => note.level === 'warning' && (note.commands?.length ?? 0) > 0,
  );
}

function planOutcome(state: WizardState, key: PlanKey): StepReport {
  const runs = state.applied.filter((run) => run.key === key);
  const last: AppliedRun | undefined = runs[runs.length - 1];
  const made = state.plans[key];
  const byHand = byHandNotes(made?.plan.notes ?? last?.notes);
  const planned = made?.plan.operations.length ?? 0;
  if (planned > 0) return { step: key, outcome: { kind: 'not-applied', changes: planned }, byHand };
  if (last) {
    const outcome: StepOutcome = last.rolledBack
      ? {
          kind: 'rolled-back',
          changes: last.outcome.applied,
          restored: last.rolledBack.restored,
          journal: last.outcome.journal,
        }
      : { kind: 'applied', changes: last.outcome.applied, journal: last.outcome.journal };
    return { step: key, outcome, byHand };
  }
  if (!made) return { step: key, outcome: { kind: 'not-reviewed' }, byHand };
  return {
    step: key,
    outcome: byHand.length > 0 ? { kind: 'by-hand' } : { kind: 'nothing-to-change' },
    byHand,
  };
}

/** Every step that changes something, for the enable task, in the wizard's order. */
export function stepReports(state: WizardState): StepReport[] {
  return [
    ...planSteps.map((key) => planOutcome(state, key)),
    {
      step: 'sspr',
      outcome: state.ssprConfirmed ? { kind: 'confirmed' } : { kind: 'by-hand' },
      byHand: [],
    },
  ];
}

/** The last page's title, for what actually happened. */
export function completeTitle(state: WizardState): string {
  if (state.task === 'assess') return 'Assessment';
  if (state.task === 'rollback') return 'Roll back a run';
  const reports = stepReports(state);
  const kinds = reports.map((r) => r.outcome.kind);
  if (kinds.includes('applied')) {
    const allDone = reports.every(
      (r) =>
        r.byHand.length === 0 &&
        (r.outcome.kind === 'applied' ||
          r.outcome.kind === 'nothing-to-change' ||
          r.outcome.kind === 'confirmed'),
    );
    return allDone ? 'Configuration complete' : 'Partly configured';
  }
  if (kinds.includes('rolled-back')) return 'Rolled back';
  return 'Nothing applied yet';
}
