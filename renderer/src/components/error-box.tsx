import { useEffect, useRef } from 'react';
import type { PageError } from '../store';

/**
 * What went wrong and how to fix it, as the engine said it, titled with what the wizard was
 * doing ("Connecting failed"), never a blanket "Cannot continue" (the page may well go on).
 * Focus moves to it, so keyboard and screen-reader users land on the error, not on the page.
 */
export function ErrorBox({ error }: { error: PageError | undefined }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) box.current?.focus();
  }, [error]);
  if (!error) return null;
  return (
    <div className="error-box" role="alert" tabIndex={-1} ref={box}>
      <p className="error-message">
        <strong>{failedTitle(error.during)} </strong>
        {error.message}
      </p>
      {error.fix ? (
        <p className="error-fix">
          <strong>How to fix: </strong>
          {error.fix}
        </p>
      ) : null}
    </div>
  );
}

/** "Connecting…" → "Connecting failed:"; an error with no known cause is just an error. */
export function failedTitle(during: string | undefined): string {
  const what = during?.replace(/…$/, '').trim();
  return what ? `${what} failed:` : 'Error:';
}
