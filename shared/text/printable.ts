/**
 * What may reach an admin's eyes from untrusted text (plan files, journals, the directory's own
 * strings): never a character that moves the cursor, rewrites the line, recolours the terminal
 * or reorders what is shown. A plan could otherwise print "Allow MSOL_ Reset password on
 * OU=Staff" over a line that really says something else.
 *
 * The policy, in one place:
 * - C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F), which include
 *   ESC and CSI, the start of every terminal escape sequence;
 * - bidirectional formatting (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which
 *   reorders the text around it (the "Trojan Source" trick);
 * - the Unicode line and paragraph separators (U+2028, U+2029), which some terminals break on.
 * Printing shows each as a visible escape (`\u001b`, `\u202e`); plan files refuse them outright
 * except CR, LF and TAB inside a file's text (shared/plan).
 */

/** Bidi formatting and the Unicode line separators, as a character-class body. */
const formatting = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029';

/** Every character the policy covers. */
const unsafe = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${formatting}]`, 'gu');

/** The same, minus the line structure a multi-line text (a file's content) keeps. */
const unsafeInLines = new RegExp(
  `[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${formatting}]`,
  'gu',
);

/** Bidirectional formatting alone (for the plan schema, where C0/C1 are checked separately). */
const bidi = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Written out as `\u001b`, so nothing is hidden either. */
function escape(character: string): string {
  return `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`;
}

/**
 * Whether text holds any character the policy covers (test with it, never `g`-flagged, so it
 * keeps no state between calls): what schemas of untrusted files refuse.
 */
export const controlCharacters = new RegExp(unsafe.source, 'u');

/** One line of untrusted text, safe to print: every unsafe character (tab and newline too) escaped. */
export function printable(text: string): string {
  return text.replace(unsafe, escape);
}

/** Untrusted multi-line text (a file's content): keeps LF, CR before LF and TAB; escapes the rest. */
export function printableLines(text: string): string {
  return text.replace(/\r(?!\n)/g, '\\u000d').replace(unsafeInLines, escape);
}

/** Whether a one-line string holds nothing the policy covers (a plan's summary, target, …). */
export function isPlainLine(text: string): boolean {
  return !controlCharacters.test(text);
}

/** Whether a multi-line text holds nothing but printable characters, CR, LF and TAB. */
export function isPlainText(text: string): boolean {
  return !new RegExp(unsafeInLines.source, 'u').test(text) && !bidi.test(text);
}

/** The characters that only break lines or space words: in one short line, a space says the same. */
const lineBreaking = /[\t\n\v\f\r\u2028\u2029]/g;

/**
 * Untrusted free text shown as one short line (an event log message, a directory string in a
 * verify result): line breaks and tabs become a space and runs of blanks collapse; every other
 * character the policy covers (ESC, C1, bidi overrides such as U+202E) is escaped as `printable`
 * escapes it, never hidden as a blank; the text is cut to `maxLength`.
 */
export function printableCollapsed(text: string, maxLength = 2000): string {
  const tidy = printable(text.replace(lineBreaking, ' ')).replace(/ {2,}/g, ' ').trim();
  return tidy.length > maxLength ? `${tidy.slice(0, maxLength - 1)}…` : tidy;
}
