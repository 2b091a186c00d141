/**
 * Configuration complete: what was done and where its journal is, the way back (rollback of any
 * run, listed from the journal folder), and the report of the assessment.
 */
import { useEffect, useState } from 'react';
import { useApi } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ProgressLine } from '../components/progress-line';
import { useWizard } from '../store';
import { stepTitles } from '../steps';
import { useEngineCall } from '../use-engine';
import type { RunView } from '../../../shared/ipc';

export function CompletePage() {
  const api = useApi();
  const call = useEngineCall();
  const { applied, runs, patch, assessment, busy, progress, task } = useWizard();
  const [rollingBack, setRollingBack] = useState<RunView>();
  const [message, setMessage] = useState<string>();

  const refresh = async () => {
    const value = await call('complete', 'Reading the journals…', () => api['journal.list']({}));
    if (value) patch({ runs: value });
  };
  useEffect(() => {
    void refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const rollback = async (run: RunView) => {
    setRollingBack(undefined);
    const value = await call('complete', 'Rolling back…', () =>
      api['journal.rollback']({ journal: run.journal }),
    );
    if (value) {
      setMessage(
        `Rolled back: ${value.restored} target(s) restored, ${value.alreadyAsBefore} already as before.`,
      );
      await refresh();
    }
  };

  const save = async (format: 'html' | 'csv' | 'json') => {
    const value = await call('complete', 'Saving the report…', () =>
      api['report.save']({ format }),
    );
    if (value) setMessage(`Report saved to ${value.path}.`);
  };

  const open = (runs ?? []).filter((run) => !run.rolledBack && run.offers.includes('rollback'));
  return (
    <>
      {applied.length > 0 ? (
        <section aria-labelledby="done">
          <h3 id="done">Done</h3>
          <ul>
            {applied.map(({ key, outcome }) => (
              <li key={outcome.journal}>
                {stepTitles[key]}: {outcome.applied} change{outcome.applied === 1 ? '' : 's'}{' '}
                applied and verified. Journal: <code>{outcome.journal}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : task === 'enable' ? (
        <p>No change was applied in this session.</p>
      ) : null}
      {busy ? <ProgressLine label={busy} event={progress} /> : null}
      {message ? <p role="status">{message}</p> : null}
      {assessment ? (
        <section aria-labelledby="report">
          <h3 id="report">Report</h3>
          <p>Save the assessment for the change record or the customer.</p>
          <div className="buttons">
            <button type="button" onClick={() => void save('html')}>
              Save HTML report
            </button>
            <button type="button" onClick={() => void save('csv')}>
              Save blockers as CSV
            </button>
            <button type="button" onClick={() => void save('json')}>
              Save JSON
            </button>
          </div>
        </section>
      ) : null}
      <section aria-labelledby="runs">
        <h3 id="runs">Runs that can be rolled back</h3>
        {open.length === 0 ? <p>None.</p> : null}
        <ul className="runs">
          {open.map((run) => (
            <li key={run.journal}>
              <span>
                {new Date(run.at).toLocaleString()} — {run.steps.join(', ')}, {run.operations}{' '}
                change(s){run.complete ? '' : ' (interrupted)'} by {run.user} on {run.host}
                <br />
                <code>{run.journal}</code>
              </span>
              <button
                type="button"
                onClick={() => setRollingBack(run)}
                disabled={busy !== undefined}
              >
                Roll back
              </button>
            </li>
          ))}
        </ul>
      </section>
      {rollingBack ? (
        <ConfirmDialog
          title="Roll back this run"
          targets={rollingBack.targets}
          onCancel={() => setRollingBack(undefined)}
          onConfirm={() => void rollback(rollingBack)}
        />
      ) : null}
    </>
  );
}
