import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../../shared/ipc';

/**
 * Long work, in counts and rate, with a way out. A change being written shows how long the
 * domain controller has taken so far: a DACL written high in a large domain makes the DC
 * recompute what every object below inherits before it answers, which can take a while.
 */
export function ProgressLine({
  label,
  event,
  onCancel,
}: {
  label: string;
  event: ProgressEvent | undefined;
  onCancel?: () => void;
}) {
  const waited = useSecondsIn(event?.kind === 'operation' ? `${event.index}:${event.phase}` : '');
  const text =
    event?.kind === 'scan'
      ? `${event.count.toLocaleString('en-US')} users read${event.ratePerSecond > 0 ? ` (${Math.round(event.ratePerSecond).toLocaleString('en-US')}/s)` : ''}`
      : event?.kind === 'operation'
        ? `Change ${event.index + 1} of ${event.total}: ${event.phase} — ${event.summary}${
            event.phase === 'writing' && waited >= 3
              ? ` (the domain controller has been at it for ${waited} s: it applies the change to what inherits it)`
              : ''
          }`
        : event?.kind === 'canary'
          ? event.message
          : 'Starting…';
  return (
    <div className="progress" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>
        <strong>{label}</strong> {text}
      </span>
      {onCancel ? (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}

/** Whole seconds since `key` last changed (ticks once a second while it is not empty). */
function useSecondsIn(key: string): number {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (key === '') return;
    const start = Date.now();
    const timer = setInterval(() => setElapsed(Math.floor((Date.now() - start) / 1000)), 1000);
    return () => {
      clearInterval(timer);
      setElapsed(0);
    };
  }, [key]);
  return elapsed;
}
