/**
 * Ready to configure: every change of every step, as diffs; apply all, or one step at a time,
 * each only after the confirmation that lists its targets. Progress per operation.
 */
import { useState } from 'react';
import { useApi } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { NoteItem, PlanView } from '../components/diff/plan-view';
import { ProgressLine } from '../components/progress-line';
import { useWizard, type PlanKey } from '../store';
import { byHandNotes } from '../outcome';
import { pageTitles } from '../../../shared/wizard-pages';
import { useEngineCall } from '../use-engine';

export function ReadyPage() {
  const api = useApi();
  const call = useEngineCall();
  const { plans, busy, progress, patch, go } = useWizard();
  const [confirming, setConfirming] = useState<PlanKey[] | undefined>();
  const pending = (Object.keys(plans) as PlanKey[]).filter(
    (key) => (plans[key]?.plan.operations.length ?? 0) > 0,
  );
  // What the steps could not do from here and left to the admin, with the commands: listed
  // apart, so "Apply" is never read as covering it (e.g. a Connect server not reached).
  const byHand = (Object.keys(plans) as PlanKey[]).flatMap((key) =>
    byHandNotes(plans[key]?.plan.notes).map((note) => ({ key, note })),
  );

  const apply = async (keys: PlanKey[]) => {
    setConfirming(undefined);
    for (const key of keys) {
      const made = useWizard.getState().plans[key];
      if (!made) continue;
      patch({ operations: {} });
      const outcome = await call('ready', `Applying ${pageTitles[key]}…`, () =>
        api['plan.apply']({ planId: made.planId, confirmedTargets: [...made.targets] }),
      );
      if (!outcome) return;
      const state = useWizard.getState();
      const rest = { ...state.plans };
      delete rest[key];
      patch({
        applied: [...state.applied, { key, outcome, notes: made.plan.notes }],
        plans: rest,
        changedAt: new Date().toISOString(),
      });
    }
    go('complete');
  };

  return (
    <>
      {pending.length === 0 ? (
        <p className="nothing">
          Nothing to apply. Review the Permissions and Minimum password age pages to plan changes.
        </p>
      ) : (
        <p>
          {pending.length} step{pending.length === 1 ? '' : 's'} with changes. Nothing has been
          written yet.
        </p>
      )}
      {busy ? <ProgressLine label={busy} event={progress} /> : null}
      {pending.map((key) => (
        <section key={key} aria-labelledby={`ready-${key}`} className="ready-step">
          <div className="ready-head">
            <h3 id={`ready-${key}`}>{pageTitles[key]}</h3>
            <button
              type="button"
              onClick={() => setConfirming([key])}
              disabled={busy !== undefined}
            >
              Apply this step
            </button>
          </div>
          <PlanView plan={plans[key]!.plan} emptyText="" />
        </section>
      ))}
      {pending.length > 1 ? (
        <button
          type="button"
          className="primary"
          onClick={() => setConfirming(pending)}
          disabled={busy !== undefined}
        >
          Apply all
        </button>
      ) : null}
      {pending.length === 1 ? (
        <button
          type="button"
          className="primary"
          onClick={() => setConfirming(pending)}
          disabled={busy !== undefined}
        >
          Apply
        </button>
      ) : null}
      {byHand.length > 0 ? (
        <section aria-labelledby="ready-by-hand" className="ready-step">
          <h3 id="ready-by-hand">Left to do by hand</h3>
          <p>This wizard cannot do these from here, and applying does not cover them:</p>
          <ul>
            {byHand.map(({ key, note }, i) => (
              <NoteItem key={i} note={note} lead={<strong>{pageTitles[key]}:</strong>} />
            ))}
          </ul>
        </section>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={`Apply ${confirming.map((k) => pageTitles[k]).join(' and ')}`}
          targets={confirming.flatMap((k) => plans[k]?.targets ?? [])}
          onCancel={() => setConfirming(undefined)}
          onConfirm={() => void apply(confirming)}
        />
      ) : null}
    </>
  );
}
