/**
 * The explicit confirmation before anything is written: every target listed, an acknowledgement
 * to tick, Apply only then. Modal for assistive technology, focus kept inside, Escape cancels.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export function ConfirmDialog({
  title,
  targets,
  onConfirm,
  onCancel,
}: {
  title: string;
  targets: readonly string[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const [acknowledged, setAcknowledged] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, []);
  const keepFocusInside = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [
      ...dialog.current.querySelectorAll<HTMLElement>('input, button:not([disabled])'),
    ];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };
  return (
    <div className="backdrop">
      <div
        ref={dialog}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        onKeyDown={keepFocusInside}
      >
        <h2 id="confirm-title">{title}</h2>
        <p>
          {targets.length === 1 ? 'This target' : `These ${targets.length} targets`} will be
          changed. Each is read again first; if any changed since you reviewed it, nothing is
          written.
        </p>
        <ol className="targets">
          {targets.map((target) => (
            <li key={target}>
              <code>{target}</code>
            </li>
          ))}
        </ol>
        <label className="acknowledge">
          <input
            type="checkbox"
            checked={acknowledged}
            onChange={(event) => setAcknowledged(event.target.checked)}
          />
          I reviewed these changes and want to apply them
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!acknowledged} onClick={onConfirm}>
            Apply
          </button>
        </div>
      </div>
    </div>
  );
}
