/**
 * Configuration complete: each step's true state (applied and verified, rolled back, planned but
 * not applied, left to do by hand), where each journal is, the way back (rollback of any run,
 * listed from the journal folder, after a confirmation showing what it will write), and the
 * report. The page is titled for what happened (see outcome.ts).
 */
import { useEffect, useState } from 'react';
import type { RollbackPreview, RunView, SavedEvidence } from '../../../shared/ipc';
import { useApi } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { CommandBlock } from '../components/diff/disclosure';
import { NoteItem, PlanView } from '../components/diff/plan-view';
import { ProgressLine } from '../components/progress-line';
import { ReportSection } from '../components/report-section';
import { stepReports, type StepOutcome } from '../outcome';
import { pageTitles } from '../../../shared/wizard-pages';
import { useWizard } from '../store';
import { assessingLabel, useEngineCall } from '../use-engine';

function outcomeText(outcome: StepOutcome): string {
  const changes = (n: number) => `${n} change${n === 1 ? '' : 's'}`;
  switch (outcome.kind) {
    case 'applied':
      return `Applied and verified: ${changes(outcome.changes)}.`;
    case 'rolled-back':
      return `Rolled back: ${outcome.restored} target${outcome.restored === 1 ? '' : 's'} restored to what ${outcome.changes === 1 ? 'it was' : 'they were'} before.`;
    case 'not-applied':
      return `Not applied: ${changes(outcome.changes)} planned, nothing written.`;
    case 'nothing-to-change':
      return 'Nothing to change: already as writeback needs it.';
    case 'by-hand':
      return 'Left to do by hand (see below).';
    case 'confirmed':
      return 'Done in the Entra admin center (your recorded confirmation).';
    case 'not-reviewed':
      return 'Not reviewed in this session.';
  }
}

function StepStates() {
  const state = useWizard();
  const reports = stepReports(state);
  const byHand = reports.flatMap((r) => r.byHand.map((note) => ({ step: r.step, note })));
  return (
    <section aria-labelledby="steps-state">
      <h3 id="steps-state">Each step</h3>
      <table className="step-states">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">State</th>
            <th scope="col">Journal</th>
          </tr>
        </thead>
        <tbody>
          {reports.map(({ step, outcome }) => (
            <tr key={step} className={`state-${outcome.kind}`}>
              <th scope="row">{pageTitles[step]}</th>
              <td>
                {outcomeText(outcome)}
                {outcome.kind === 'not-applied' ? (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => state.go('ready')}>
                      Review on Ready to configure
                    </button>
                  </>
                ) : null}
              </td>
              <td>{'journal' in outcome ? <code>{outcome.journal}</code> : <span>—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {byHand.length > 0 || !state.ssprConfirmed ? (
        <>
          <h4>Left to do by hand</h4>
          <ul>
            {byHand.map(({ step, note }, i) => (
              <NoteItem key={i} note={note} lead={<strong>{pageTitles[step]}:</strong>} />
            ))}
            {!state.ssprConfirmed ? (
              <li className="note note-warning">
                <strong>{pageTitles.sspr}:</strong> turn on password writeback in the Entra admin
                center (Protection › Password reset › On-premises integration), then record it on
                that page.
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function CompletePage() {
  const api = useApi();
  const call = useEngineCall();
  const { runs, patch, busy, progress, task } = useWizard();
  const [rollingBack, setRollingBack] = useState<{ run: RunView; preview: RollbackPreview }>();
  const [message, setMessage] = useState<string>();

  const refresh = async () => {
    const value = await call('complete', 'Reading the journals…', () => api['journal.list']({}));
    if (value) patch({ runs: value });
  };
  useEffect(() => {
    if (task !== 'assess') void refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const review = async (run: RunView) => {
    const preview = await call('complete', 'Reading the journal…', () =>
      api['journal.preview']({ journal: run.journal }),
    );
    if (preview) setRollingBack({ run, preview });
  };

  const rollback = async (run: RunView) => {
    setRollingBack(undefined);
    patch({ operations: {} });
    const value = await call('complete', 'Rolling back…', () =>
      api['journal.rollback']({ journal: run.journal }),
    );
    if (!value) return;
    const { applied } = useWizard.getState();
    patch({
      applied: applied.map((each) =>
        each.outcome.journal === run.journal ? { ...each, rolledBack: value } : each,
      ),
      changedAt: new Date().toISOString(),
    });
    setMessage(
      `Rolled back: ${value.restored} target${value.restored === 1 ? '' : 's'} restored, ${value.alreadyAsBefore} already as before.`,
    );
    await refresh();
  };

  const open = (runs ?? []).filter((run) => !run.rolledBack && run.offers.includes('rollback'));
  return (
    <>
      {task === 'enable' ? <StepStates /> : null}
      {busy && busy !== assessingLabel ? <ProgressLine label={busy} event={progress} /> : null}
      {message ? <p role="status">{message}</p> : null}
      <ReportSection />
      {task !== 'assess' ? (
        <section aria-labelledby="runs">
          <h3 id="runs">Runs that can be rolled back</h3>
          {open.length === 0 ? <p>None.</p> : null}
          <ul className="runs">
            {open.map((run) => (
              <li key={run.journal}>
                <span>
                  {new Date(run.at).toLocaleString()} — {run.steps.join(', ')}, {run.operations}{' '}
                  change{run.operations === 1 ? '' : 's'}
                  {run.complete ? '' : ' (interrupted)'} by {run.user} on {run.host}
                  <br />
                  <code>{run.journal}</code>
                </span>
                <button
                  type="button"
                  onClick={() => void review(run)}
                  disabled={busy !== undefined}
                >
                  Roll back…
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {task !== 'assess' ? <EvidenceSection runs={runs ?? []} /> : null}
      {rollingBack ? (
        <ConfirmDialog
          kind="rollback"
          title="Roll back this run"
          targets={rollingBack.run.targets}
          onCancel={() => setRollingBack(undefined)}
          onConfirm={() => void rollback(rollingBack.run)}
        >
          <PlanView plan={rollingBack.preview.plan} emptyText="Nothing to restore." />
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/**
 * One evidence pack per run: in the app where the admin names it in a save dialog; without
 * one (the dev bridge) in the journal folder, and the page says the full path, with Copy.
 * An existing pack is never touched.
 */
function EvidenceSection({ runs }: { runs: readonly RunView[] }) {
  const api = useApi();
  const call = useEngineCall();
  const busy = useWizard((s) => s.busy);
  const [saved, setSaved] = useState<SavedEvidence>();
  const save = async (run: RunView) => {
    setSaved(undefined);
    const value = await call('complete', 'Writing the evidence pack…', () =>
      api['evidence.save']({ journal: run.journal }),
    );
    if (value) setSaved(value);
  };
  return (
    <section aria-labelledby="evidence">
      <h3 id="evidence">Evidence packs</h3>
      <p>
        One folder (and a zip) per run, for the change record: the plan, the journal, each
        target&apos;s before and after, the last Verify results and the report, how to roll back by
        hand, and a SHA256SUMS manifest of every file. Saved where you choose (in a browser, which
        has no save dialog, in the journal folder); a pack or file already there is never
        overwritten.
      </p>
      {runs.length === 0 ? <p>No runs yet.</p> : null}
      <ul className="runs">
        {runs.map((run) => (
          <li key={run.journal}>
            <span>
              {new Date(run.at).toLocaleString()} — {run.steps.join(', ')}, {run.operations} change
              {run.operations === 1 ? '' : 's'}
              {run.rolledBack ? ' (rolled back)' : ''}
            </span>
            <button type="button" onClick={() => void save(run)} disabled={busy !== undefined}>
              Save evidence pack
            </button>
          </li>
        ))}
      </ul>
      {saved ? <EvidenceSaved saved={saved} /> : null}
    </section>
  );
}

function EvidenceSaved({ saved }: { saved: SavedEvidence }) {
  return (
    <div role="status">
      <p>
        Evidence pack saved to {saved.folder}
        {saved.zip ? ` and ${saved.zip}` : ''} ({saved.files} files; the sha256 of its SHA256SUMS is{' '}
        {saved.manifestSha256}).
      </p>
      {saved.where === 'journal-folder' ? (
        <p>
          This window has no save dialog (the wizard runs in a browser), so the pack is in the
          journal folder, beside its run&apos;s journal. Its full path:
        </p>
      ) : null}
      <CommandBlock command={saved.folder} />
    </div>
  );
}
