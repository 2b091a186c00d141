/** A SYSVOL file's change as a unified diff (the `diff` package), the way admins read patches. */
import { structuredPatch } from 'diff';

export function TextDiff({ path, before, after }: { path: string; before: string; after: string }) {
  // Windows writes these files with CRLF: compare lines, not line endings.
  const patch = structuredPatch(
    path,
    path,
    before.replace(/\r\n/g, '\n'),
    after.replace(/\r\n/g, '\n'),
    '',
    '',
    {
      context: 2,
    },
  );
  return (
    <div className="text-diff" role="group" aria-label={`Changes to ${path}`}>
      {patch.hunks.map((hunk) => (
        <pre key={`${hunk.oldStart}-${hunk.newStart}`}>
          <span className="hunk">{`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`}</span>
          {hunk.lines.map((line, i) => (
            <span
              key={i}
              className={
                line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : 'context'
              }
            >
              {line}
            </span>
          ))}
        </pre>
      ))}
    </div>
  );
}
