/**
 * The values of binary attributes read as bytes without first being tried as text. ldapts
 * decodes every value it receives with a fatal UTF-8 decoder and keeps the bytes when that
 * throws, unless the attribute's type ends in ";binary": on 20,000 users, the throw for each
 * nTSecurityDescriptor, objectSid and objectGUID was half of this side's CPU for a scan (1.8 s of
 * 3.5 s). The known binary attributes (directory.ts) are marked binary up front, so their values
 * are the same Buffers as before, without the failed decode. Installed once, by directory.ts; if
 * ldapts no longer has the hook, values are read as they always were.
 */
import { Attribute } from 'ldapts';

type BinaryHook = { _isBinaryType?: (this: Attribute) => boolean };

let installed = false;

export function readBinaryAttributesAsBytes(names: readonly string[]): void {
  const prototype = Attribute.prototype as unknown as BinaryHook;
  const original = prototype._isBinaryType;
  if (installed || typeof original !== 'function') return;
  installed = true;
  const binary = new Set(names.map((name) => name.toLowerCase()));
  prototype._isBinaryType = function (this: Attribute): boolean {
    return binary.has(this.type.toLowerCase()) || original.call(this);
  };
}
