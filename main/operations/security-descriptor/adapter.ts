/**
 * DACLs: read and written through the SD flags control with DACL only (MS-ADTS
 * 3.1.1.3.4.1.11), so owner, group and SACL are neither needed nor touched.
 */
import { WizardError } from '../../../shared/errors';
import type { SecurityDescriptorOperation } from '../../../shared/plan';
import {
  AceFlag,
  aceKey,
  parseSecurityDescriptor,
  parseSid,
  SdControl,
  toSddl,
  type Ace,
} from '../../../shared/sd';
import type { Directory } from '../../directory/directory';
import { bytes as bytesOf } from '../../directory/entry';
import { SdFlags } from '../../directory/sd-flags-control';
import type { TargetAdapter } from '../kind';

export function securityDescriptorAdapter(
  directory: Directory,
): TargetAdapter<'security-descriptor'> {
  return {
    kind: 'security-descriptor',
    async read(operation: SecurityDescriptorOperation) {
      const entry = await directory
        .read(operation.target, ['nTSecurityDescriptor'], SdFlags.DACL)
        .catch((error: unknown) => {
          throw sdError(operation, 'read', error);
        });
      if (!entry) throw sdError(operation, 'read', new Error('no such object'));
      const bytes = bytesOf(entry, 'nTSecurityDescriptor');
      if (!bytes) throw sdError(operation, 'read', new Error('no nTSecurityDescriptor returned'));
      return {
        base64: Buffer.from(bytes).toString('base64'),
        sddl: toSddl(parseSecurityDescriptor(bytes), parseSid(operation.domainSid)),
      };
    },
    // The DC computes inherited ACEs itself (MS-ADTS 3.1.1.5.3.3.5): what was written is the
    // explicit ACEs and whether the DACL is protected.
    matches(_operation, actual, intended) {
      const explicit = (base64: string) => {
        const sd = parseSecurityDescriptor(Buffer.from(base64, 'base64'));
        const keys = (sd.dacl?.aces ?? [])
          .filter((ace: Ace) => !(ace.flags & AceFlag.inherited))
          .map(aceKey)
          .sort();
        return JSON.stringify([sd.control & SdControl.daclProtected, keys]);
      };
      return explicit(actual.base64) === explicit(intended.base64);
    },
    async write(operation: SecurityDescriptorOperation, image) {
      await directory
        .write(
          operation.target,
          [
            {
              attribute: 'nTSecurityDescriptor',
              values: [new Uint8Array(Buffer.from(image.base64, 'base64'))],
            },
          ],
          { sdFlags: SdFlags.DACL },
        )
        .catch((error: unknown) => {
          throw sdError(operation, 'write', error);
        });
    },
  };
}

function sdError(
  operation: SecurityDescriptorOperation,
  verb: string,
  error: unknown,
): WizardError {
  return new WizardError(
    'ldap-security-descriptor',
    `Cannot ${verb} the permissions of ${operation.target}: ${(error as Error).message}.`,
    verb === 'write'
      ? 'Bind as an account with Modify permissions on this object (Domain Admins).'
      : 'Check that the object exists and that the bind account may read its permissions.',
    undefined,
    { cause: error },
  );
}
