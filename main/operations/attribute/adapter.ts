/**
 * LDAP attributes (minPwdAge, versionNumber, gPCMachineExtensionNames, msDS-MinimumPasswordAge):
 * read with a base search, written with one replace (an LDAP modify is atomic per entry).
 */
import { WizardError } from '../../../shared/errors';
import type { AttributeOperation } from '../../../shared/plan';
import type { Directory } from '../../directory/directory';
import { allBytes, texts } from '../../directory/entry';
import type { TargetAdapter } from '../kind';

export function attributeAdapter(directory: Directory): TargetAdapter<'attribute'> {
  return {
    kind: 'attribute',
    async read(operation: AttributeOperation) {
      const entry = await directory
        .read(operation.target, [operation.attribute])
        .catch((error: unknown) => {
          throw ldapError(operation, 'read', error);
        });
      if (!entry) throw ldapError(operation, 'read', new Error('no such object'));
      const values = texts(entry, operation.attribute);
      const bytes = allBytes(entry, operation.attribute);
      // An attribute that came back as bytes is read as the UTF-8 text it holds.
      return values.length > 0 || bytes.length === 0
        ? [...values]
        : bytes.map((b) => Buffer.from(b).toString('utf8'));
    },
    async write(operation: AttributeOperation, image) {
      await directory
        .write(operation.target, [{ attribute: operation.attribute, values: image }])
        .catch((error: unknown) => {
          throw ldapError(operation, 'write', error);
        });
    },
  };
}

function ldapError(operation: AttributeOperation, verb: string, error: unknown): WizardError {
  return new WizardError(
    'ldap-attribute',
    `Cannot ${verb} ${operation.attribute} of ${operation.target}: ${(error as Error).message}.`,
    verb === 'write'
      ? 'Bind as an account allowed to change it (Domain Admins for the domain head and GPOs).'
      : 'Check that the object exists and that the bind account may read it.',
    undefined,
    { cause: error },
  );
}
