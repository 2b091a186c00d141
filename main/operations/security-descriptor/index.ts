/**
 * The `security-descriptor` kind: an object's DACL, read and written with the SD flags control
 * (DACL only), the Permissions step's grants and opt-ins.
 */
import { parseSecurityDescriptor, parseSid, toSddl } from '../../../shared/sd';
import { securityDescriptorOperation as securityDescriptorSchema } from '../../../shared/plan';
import { requireBaseDn } from '../domain-scope';
import type { OperationKindModule } from '../kind';
import { securityDescriptorAdapter } from './adapter';
import { restoreDaclByHand } from './by-hand';
import { describeSecurityDescriptorChange } from './describe';
import { securityDescriptorFingerprint } from './fingerprint';
import { daclMeaning, type DaclContext } from './meaning';

export { securityDescriptorOperation } from './build';
export { securityDescriptorAdapter } from './adapter';
export { describeSecurityDescriptorChange } from './describe';

export const securityDescriptorKind: OperationKindModule<'security-descriptor'> = {
  kind: 'security-descriptor',
  image: securityDescriptorSchema.shape.before,
  reaches: 'directory',
  fingerprint: securityDescriptorFingerprint,
  checkConsistency(operation, refuse) {
    const domainSid = parseSid(operation.domainSid);
    for (const side of ['before', 'after'] as const) {
      let spellings: string[];
      try {
        const sd = parseSecurityDescriptor(Buffer.from(operation[side].base64, 'base64'));
        // Plans made before SDDL followed Windows spelled it as Samba does: both describe the bytes.
        spellings = [toSddl(sd, domainSid), toSddl(sd, domainSid, { style: 'samba' })];
      } catch {
        return refuse(`${side}.base64`, 'is not a security descriptor');
      }
      if (!spellings.includes(operation[side].sddl)) {
        refuse(`${side}.sddl`, 'does not describe the descriptor bytes');
      }
    }
  },
  judge(plan) {
    // One context per plan: its first grant fixes the connector every other grant must name.
    let context: DaclContext | undefined;
    return (operation, refuse) => {
      context ??= { baseDn: requireBaseDn(plan, refuse) };
      return daclMeaning(operation, context, refuse);
    };
  },
  // ACE rows in ADUC's words, the inheritance change, then the SDDL before and after.
  changeLines: (operation) =>
    describeSecurityDescriptorChange(operation)
      .slice(1)
      .map((line) => line.trimStart()),
  restoreByHand: restoreDaclByHand,
  adapter: (reach) => (reach.directory ? securityDescriptorAdapter(reach.directory) : undefined),
};
