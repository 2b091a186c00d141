/** An LDAP attribute of one object (minPwdAge, msDS-MinimumPasswordAge, a GPO's versionNumber). */
import { z } from 'zod';
import { commonFields, distinguishedName, type OperationKindFacts } from '../operation-fields';
import { plainLine } from '../plain';
import { describeAttributeValue } from '../../text/attribute-value';

/** Attributes that hold or reveal secrets: a plan never carries or writes them. */
export const secretAttributes: ReadonlySet<string> = new Set([
  'unicodepwd',
  'userpassword',
  'dbcspwd',
  'ntpwdhistory',
  'lmpwdhistory',
  'supplementalcredentials',
  'ms-mcs-admpwd',
  'mslaps-password',
  'mslaps-encryptedpassword',
  'msds-managedpassword',
  'clearTextPassword'.toLowerCase(),
]);

/** LDAP attribute values as strings, order-insensitive (LDAP values are a set). */
const attributeValues = z.array(plainLine().max(65536)).max(1000);

export const attributeOperation = z.strictObject({
  kind: z.literal('attribute'),
  ...commonFields,
  target: distinguishedName,
  attribute: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/)
    .refine((name) => !secretAttributes.has(name.toLowerCase()), 'is a secret attribute'),
  before: attributeValues,
  after: attributeValues,
});
export type AttributeOperation = z.infer<typeof attributeOperation>;

export const attributeFacts: OperationKindFacts<typeof attributeOperation> = {
  schema: attributeOperation,
  targetKey: (operation) =>
    `attr:${operation.target.toLowerCase()}#${operation.attribute.toLowerCase()}`,
  describeTarget: (operation) => `${operation.attribute} of ${operation.target}`,
  changeView: (operation) => {
    const values = (list: readonly string[]) =>
      list.length === 0
        ? '(not set)'
        : list.map((value) => describeAttributeValue(operation.attribute, value)).join(', ');
    return {
      shape: 'before-after',
      what: 'Attribute',
      name: operation.attribute,
      before: values(operation.before),
      after: values(operation.after),
    };
  },
};
