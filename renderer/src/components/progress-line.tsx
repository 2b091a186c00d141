import type { ProgressEvent } from '../../../shared/ipc';

/** Long work, in counts and rate, with a way out (docs/product.md, "Scale": scans of 100,000 users). */
export function ProgressLine({
  label,
  event,
  onCancel,
}: {
  label: string;
  event: ProgressEvent | undefined;
  onCancel?: () => void;
}) {
  const text =
    event?.kind === 'scan'
      ? `${event.count.toLocaleString('en-US')} users read${event.ratePerSecond > 0 ? ` (${Math.round(event.ratePerSecond).toLocaleString('en-US')}/s)` : ''}`
      : event?.kind === 'operation'
        ? `Change ${event.index + 1} of ${event.total}: ${event.phase} — ${event.summary}`
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
