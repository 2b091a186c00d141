/**
 * Text read from outside (a directory, the Connect server, a file the admin gives) is shown to
 * the admin only without its control characters: a DN holding an escape sequence must not
 * repaint the terminal or the report.
 */

/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
export const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

/** The text with every control character written as `\u001b` (so nothing is hidden either). */
export function printable(text: string): string {
  return text.replace(
    new RegExp(controlCharacters.source, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
