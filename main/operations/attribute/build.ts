/** An attribute operation as a step plans it: the values before and after; fingerprints follow. */
import type { AttributeOperation } from '../../../shared/plan';
import { commonOf, type Common } from '../common';
import { attributeFingerprint } from './fingerprint';

export function attributeOperation(
  input: Common & {
    readonly dn: string;
    readonly attribute: string;
    readonly before: readonly string[];
    readonly after: readonly string[];
  },
): AttributeOperation {
  return {
    kind: 'attribute',
    ...commonOf(input),
    target: input.dn,
    attribute: input.attribute,
    before: [...input.before],
    after: [...input.after],
    fingerprint: attributeFingerprint([...input.before]),
    afterFingerprint: attributeFingerprint([...input.after]),
  };
}
