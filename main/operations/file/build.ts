/** A file operation as a step plans it: the bytes before and after; text and fingerprints follow. */
import type { FileOperation } from '../../../shared/plan';
import { commonOf, type Common } from '../common';
import { decodeText } from './decode-text';
import { fileFingerprint } from './fingerprint';

export function fileOperation(
  input: Common & {
    readonly path: string;
    readonly before: Uint8Array;
    readonly after: Uint8Array;
  },
): FileOperation {
  const image = (bytes: Uint8Array) => ({
    base64: Buffer.from(bytes).toString('base64'),
    text: decodeText(bytes),
  });
  const before = image(input.before);
  const after = image(input.after);
  return {
    kind: 'file',
    ...commonOf(input),
    target: input.path,
    before,
    after,
    fingerprint: fileFingerprint(before),
    afterFingerprint: fileFingerprint(after),
  };
}
