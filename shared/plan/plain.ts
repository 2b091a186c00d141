/**
 * Plan strings that reach the admin's eyes may hold no control character (shared/text/
 * printable.ts): a plan is untrusted input, handed from whoever made it to whoever applies it.
 */
import { z } from 'zod';
import { isPlainLine, isPlainText } from '../text/printable';

const controlMessage = 'holds a control character (terminal escape, bidi override, …)';

/** A one-line string: no C0/C1 control, no bidi formatting. */
export const plainLine = () => z.string().refine(isPlainLine, controlMessage);

/** A file's text: printable characters, CR, LF and TAB only. */
export const plainText = () =>
  z.string().refine(isPlainText, `${controlMessage}; only CR, LF and TAB may appear`);
