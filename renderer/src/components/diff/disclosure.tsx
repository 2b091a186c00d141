import { useState, type ReactNode } from 'react';

/** A detail a click away (SDDL, the equivalent command), keyboard-operable. */
export function Disclosure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <details className="disclosure">
      <summary>{label}</summary>
      {children}
    </details>
  );
}

/** A command with a copy button, for admins who want to read or run it themselves. */
export function CommandBlock({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="command">
      <pre>{command}</pre>
      <button
        type="button"
        aria-label={`${copied ? 'Copied' : 'Copy'}: ${command.length > 60 ? `${command.slice(0, 60)}…` : command}`}
        onClick={() => {
          void navigator.clipboard?.writeText(command).then(() => setCopied(true));
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
