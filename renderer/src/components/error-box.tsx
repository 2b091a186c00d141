import type { ErrorInfo } from '../../../shared/errors';

/** What went wrong and how to fix it, as the engine said it; announced to screen readers. */
export function ErrorBox({ error }: { error: ErrorInfo | undefined }) {
  if (!error) return null;
  return (
    <div className="error-box" role="alert">
      <p className="error-message">
        <strong>Cannot continue: </strong>
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
