import type { Check } from '../../../shared/checks';

const marks = { pass: '✓ Pass', warn: '! Warning', fail: '✗ Fail', unknown: '? Not checked' };

/** Each check with its verdict in words (not colour alone), what was found and the fix. */
export function ChecksList({ checks }: { checks: readonly Check[] }) {
  return (
    <ul className="checks">
      {checks.map((check) => (
        <li key={check.id} className={`check check-${check.status}`}>
          <span className="check-status">{marks[check.status]}</span>
          <div>
            <p className="check-title">{check.title}</p>
            <p>{check.message}</p>
            {check.fix ? (
              <p className="check-fix">
                <strong>Fix: </strong>
                {check.fix}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
