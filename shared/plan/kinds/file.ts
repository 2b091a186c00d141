/** A file in SYSVOL (a GPO's GptTmpl.inf or GPT.INI): its whole content, bytes and text. */
import { z } from 'zod';
import { base64, commonFields, type OperationKindFacts } from '../operation-fields';
import { plainLine, plainText } from '../plain';

/** A file's whole content: the bytes written back, and its text for the diff. */
const fileImage = z.strictObject({ base64, text: plainText() });

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

export const fileOperation = z.strictObject({
  kind: z.literal('file'),
  ...commonFields,
  /** Absolute path (POSIX or Windows/UNC). */
  target: plainLine().refine(isAbsolutePath, 'must be an absolute path'),
  before: fileImage,
  after: fileImage,
});
export type FileOperation = z.infer<typeof fileOperation>;

export const fileFacts: OperationKindFacts<typeof fileOperation> = {
  schema: fileOperation,
  targetKey: (operation) => `file:${operation.target}`,
  describeTarget: (operation) => operation.target,
  changeView: (operation) => ({
    shape: 'text',
    path: operation.target,
    before: operation.before.text,
    after: operation.after.text,
  }),
};
