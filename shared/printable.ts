/**
 * Text from outside (an event log message, a directory string, a journal) made safe to print:
 * control characters become spaces (a terminal escape or a carriage return in an untrusted
 * string must not rewrite the admin's screen), runs of blanks collapse, and it is cut to a length.
 */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const unprintable = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string, maxLength = 2000): string {
  const tidy = text.replace(unprintable, ' ').replace(/ {2,}/g, ' ').trim();
  return tidy.length > maxLength ? `${tidy.slice(0, maxLength - 1)}…` : tidy;
}
