/** A security descriptor's DACL: the Permissions step's grants (the SD flags control writes only the DACL). */
import { z } from 'zod';
import {
  base64,
  commonFields,
  distinguishedName,
  type OperationKindFacts,
} from '../operation-fields';
import { plainLine } from '../plain';

const sdImage = z.strictObject({ base64, sddl: plainLine().min(1) });

export const securityDescriptorOperation = z.strictObject({
  kind: z.literal('security-descriptor'),
  ...commonFields,
  target: distinguishedName,
  /** To read the SDDL's DA/DU/… aliases back to SIDs. */
  domainSid: z.string().regex(/^S-1-5-21(-\d+){3}$/),
  /**
   * The names the directory gave for the principals the change grants to (the connector:
   * DOMAIN\MSOL_…), so every face names them as ADUC does, not as bare SIDs. Shown, never trusted.
   */
  principals: z
    .record(z.string().regex(/^S-1-5(-\d+){1,14}$/), z.string().regex(/^[^\p{Cc}]{1,256}$/u))
    .optional(),
  before: sdImage,
  after: sdImage,
});
export type SecurityDescriptorOperation = z.infer<typeof securityDescriptorOperation>;

export const securityDescriptorFacts: OperationKindFacts<typeof securityDescriptorOperation> = {
  schema: securityDescriptorOperation,
  targetKey: (operation) => `sd:${operation.target.toLowerCase()}`,
  describeTarget: (operation) => operation.target,
  changeView: ({ target, domainSid, before, after }) => ({
    shape: 'dacl',
    target,
    domainSid,
    before,
    after,
  }),
};
