/**
 * The explicit confirmation before anything is written: every target listed, what happens to
 * them (journal, rollback), an acknowledgement to tick, the button only then. An apply and a
 * rollback each say what they do in their own words; a rollback shows the diff it will write.
 * Modal for assistive technology, focus kept inside, Escape cancels.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export type ConfirmKind = 'apply' | 'rollback' | 'canary';

const words: Readonly<
  Record<ConfirmKind, { explain: string; acknowledge: string; button: string }>
> = {
  apply: {
    explain:
      'Each is read again first; if any changed since you reviewed it, nothing is written. Before each write its current state is saved in a journal, so the run can be rolled back from Configuration complete.',
    acknowledge: 'I reviewed these changes and want to apply them',
    button: 'Apply',
  },
  rollback: {
    explain:
      'Each is written back to the state saved in the run’s journal before it was changed. Each is read again first; if any was changed again since the run, nothing is written.',
    acknowledge: 'I reviewed what rollback will write and want to restore these targets',
    button: 'Roll back',
  },
  canary: {
    explain:
      'Its password is reset in Entra ID and written back to AD by AD Connect; the wizard then watches every writable domain controller until each shows it. The plan is read again first; if anything changed since you reviewed it, nothing is reset.',
    acknowledge: 'I understand this password cannot be rolled back and want to reset it',
    button: 'Reset the password',
  },
};

export function ConfirmDialog({
  title,
  targets,
  onConfirm,
  onCancel,
  kind = 'apply',
  children,
}: {
  title: string;
  targets: readonly string[];
  onConfirm: () => void;
  onCancel: () => void;
  kind?: ConfirmKind;
  /** What will be written, as diffs (a rollback's reversed operations). */
  children?: ReactNode;
}) {
  const said = words[kind];
  const [acknowledged, setAcknowledged] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('.acknowledge input')?.focus();
  }, []);
  const keepFocusInside = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [
      ...dialog.current.querySelectorAll<HTMLElement>('input, summary, button:not([disabled])'),
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
          {kind === 'rollback' ? ' restored' : ' changed'}. {said.explain}
        </p>
        <ol className="targets">
          {targets.map((target) => (
            <li key={target}>
              <code>{target}</code>
            </li>
          ))}
        </ol>
        {children ? <div className="dialog-diff">{children}</div> : null}
        <label className="acknowledge">
          <input
            type="checkbox"
            checked={acknowledged}
            onChange={(event) => setAcknowledged(event.target.checked)}
          />
          {said.acknowledge}
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!acknowledged} onClick={onConfirm}>
            {said.button}
          </button>
        </div>
      </div>
    </div>
  );
}
