/**
 * The report on the last page: assess first when no one has (assess-only must never end
 * without a scan), say so when changes were made after the assessment (and offer to assess
 * again), then save it as HTML, CSV or JSON. Saving never overwrites a file without asking.
 */
import { useState } from 'react';
import { useApi } from '../api';
import { useWizard } from '../store';
import { assessingLabel, useAssess, useEngineCall } from '../use-engine';
import { ProgressLine } from './progress-line';

export function ReportSection() {
  const api = useApi();
  const call = useEngineCall();
  const assess = useAssess('complete');
  const { assessment, assessedAt, changedAt, busy, progress, connected, task } = useWizard();
  const [saved, setSaved] = useState<string>();
  const stale = assessment && changedAt && assessedAt && changedAt > assessedAt;

  const save = async (format: 'html' | 'csv' | 'json') => {
    setSaved(undefined);
    const value = await call('complete', 'Saving the report…', () =>
      api['report.save']({ format }),
    );
    if (value) setSaved(`Report saved to ${value.path}.`);
  };

  if (task === 'rollback') return null;
  return (
    <section aria-labelledby="report">
      <h3 id="report">Report</h3>
      {!assessment ? (
        <>
          <p>
            No user was assessed in this session: a report needs the assessment of who writeback
            would still fail for.
          </p>
          <button
            type="button"
            className={task === 'assess' ? 'primary' : ''}
            onClick={() => void assess()}
            disabled={busy !== undefined || !connected}
          >
            Assess every user
          </button>
          {!connected ? <p>Connect to a domain controller first (Connect directories).</p> : null}
          {busy === assessingLabel ? (
            <ProgressLine
              label={busy}
              event={progress}
              onCancel={() => void api['assess.cancel']({})}
            />
          ) : null}
        </>
      ) : (
        <>
          <p>
            The assessment of {assessment.usersScanned.toLocaleString('en-US')} users, made{' '}
            {assessedAt ? new Date(assessedAt).toLocaleString() : 'in this session'}. A saved report
            names the domain, the DC, the connector, you and this tool, and every change made since.
          </p>
          {stale ? (
            <p className="note note-warning" role="note">
              <strong>Made before your changes:</strong> the assessment shows the domain as it was
              before the changes above.{' '}
              <button type="button" onClick={() => void assess()} disabled={busy !== undefined}>
                Assess again
              </button>
            </p>
          ) : null}
          {busy === assessingLabel ? (
            <ProgressLine
              label={busy}
              event={progress}
              onCancel={() => void api['assess.cancel']({})}
            />
          ) : null}
          <div className="buttons">
            <button type="button" onClick={() => void save('html')} disabled={busy !== undefined}>
              Save HTML report
            </button>
            <button type="button" onClick={() => void save('csv')} disabled={busy !== undefined}>
              Save blockers as CSV
            </button>
            <button type="button" onClick={() => void save('json')} disabled={busy !== undefined}>
              Save JSON
            </button>
          </div>
          {saved ? <p role="status">{saved}</p> : null}
        </>
      )}
    </section>
  );
}
