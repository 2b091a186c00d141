/** A DACL operation as the Permissions step plans it: bytes and SDDL before and after. */
import type { SecurityDescriptorOperation } from '../../../shared/plan';
import { commonOf, type Common } from '../common';
import { securityDescriptorFingerprint } from './fingerprint';

export function securityDescriptorOperation(
  input: Common & {
    readonly dn: string;
    readonly domainSid: string;
    readonly principals?: Readonly<Record<string, string>>;
    readonly before: { readonly bytes: Uint8Array; readonly sddl: string };
    readonly after: { readonly bytes: Uint8Array; readonly sddl: string };
  },
): SecurityDescriptorOperation {
  const image = (side: { bytes: Uint8Array; sddl: string }) => ({
    base64: Buffer.from(side.bytes).toString('base64'),
    sddl: side.sddl,
  });
  const before = image(input.before);
  const after = image(input.after);
  return {
    kind: 'security-descriptor',
    ...commonOf(input),
    target: input.dn,
    domainSid: input.domainSid,
    ...(input.principals ? { principals: { ...input.principals } } : {}),
    before,
    after,
    fingerprint: securityDescriptorFingerprint(before),
    afterFingerprint: securityDescriptorFingerprint(after),
  };
}
