/**
 * LDAP attributes (minPwdAge, versionNumber, gPCMachineExtensionNames, msDS-MinimumPasswordAge):
 * read with a base search, written with one replace (an LDAP modify is atomic per entry).
 */
import type { Client } from 'ldapts';
import { Attribute, Change } from 'ldapts';
import { WizardError } from '../../../shared/errors';
import type { AttributeOperation } from '../../../shared/plan';
import type { TargetAdapter } from '../target-adapter';

export function attributeAdapter(client: Client): TargetAdapter<'attribute'> {
  return {
    kind: 'attribute',
    async read(operation: AttributeOperation) {
      const { searchEntries } = await client
        .search(operation.target, {
          scope: 'base',
          filter: '(objectClass=*)',
          attributes: [operation.attribute],
        })
        .catch((error: unknown) => {
          throw ldapError(operation, 'read', error);
        });
      const entry = searchEntries[0];
      if (!entry) throw ldapError(operation, 'read', new Error('no such object'));
      const key = Object.keys(entry).find(
        (name) => name.toLowerCase() === operation.attribute.toLowerCase(),
      );
      const value = key === undefined ? [] : entry[key];
      const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
      return values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
    },
    async write(operation: AttributeOperation, image) {
      await client
        .modify(
          operation.target,
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: operation.attribute, values: [...image] }),
          }),
        )
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
