/**
 * Raw directory values as an admin reads them: an ISO time in the engine's words becomes this
 * computer's local time (the exact value a hover away). (An AD interval's words are
 * shared/text/attribute-value.ts, which an attribute operation's change view uses.)
 */
import type { ReactNode } from 'react';

const isoTime = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g;

/** The text with every ISO UTC time shown as local time (its exact value in a tooltip). */
export function withLocalTimes(text: string): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(isoTime)) {
    const at = match.index;
    parts.push(text.slice(last, at));
    parts.push(
      <time key={at} dateTime={match[0]} title={match[0]}>
        {new Date(match[0]).toLocaleString()}
      </time>,
    );
    last = at + match[0].length;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(last));
  return <>{parts}</>;
}
