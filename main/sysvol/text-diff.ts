/** Unified text diffs of policy files (the `diff` package), as `plan` and `show` print them. */
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(path: string, before: string, after: string): string {
  // Line endings are compared as written, but shown without the CR so terminals stay tidy.
  const strip = (text: string) => text.replace(/\r\n/g, '\n');
  return createTwoFilesPatch(
    `a/${path}`,
    `b/${path}`,
    strip(before),
    strip(after),
    'before',
    'after',
    {
      context: 3,
    },
  );
}
