/**
 * What an attribute operation does, and whether a writeback plan may do it: the Minimum
 * password age step sets minPwdAge on the domain head and msDS-MinimumPasswordAge on a PSO to 0,
 * and raises a GPO's versionNumber (adding the Security Settings extension to its
 * gPCMachineExtensionNames when missing). Nothing else.
 */
import type { AttributeOperation } from '../../../shared/plan';
import { ensureSecurityExtension } from '../../sysvol/extension-names';
import { childRdn, isSameDn } from '../domain-scope';
import type { Refuse } from '../kind';

const gpoRdn = /^cn=\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

const single = (values: readonly string[]): string | undefined =>
  values.length === 1 ? values[0] : undefined;

/** A GPO's container (GPC): `CN={GUID},CN=Policies,CN=System,<domain>`. */
export function isGpoContainer(dn: string, baseDn: string): boolean {
  const rdn = childRdn(dn, `CN=Policies,CN=System,${baseDn}`);
  return rdn !== undefined && gpoRdn.test(rdn.replace(/\s*=\s*/, '='));
}

function versionMeaning(operation: AttributeOperation, refuse: Refuse): string {
  const [before, after] = [single(operation.before), single(operation.after)];
  const isInt32 = (value: string | undefined) =>
    value !== undefined && /^-?\d{1,10}$/.test(value) && Number(value) === (Number(value) | 0);
  if (!isInt32(before) || !isInt32(after) || before === after) {
    refuse('sets versionNumber to something other than one new 32-bit version');
  }
  return `raises versionNumber ${before} → ${after} of GPO ${operation.target}`;
}

function extensionsMeaning(operation: AttributeOperation, refuse: Refuse): string {
  const before = operation.before.length === 0 ? '' : single(operation.before);
  let expected: string | undefined;
  try {
    expected = before === undefined ? undefined : ensureSecurityExtension(before, operation.target);
  } catch {
    expected = undefined;
  }
  if (expected === undefined || single(operation.after) !== expected) {
    refuse('changes gPCMachineExtensionNames beyond adding the Security Settings extension');
  }
  return `adds the Security Settings extension to gPCMachineExtensionNames of GPO ${operation.target}`;
}

export function attributeMeaning(
  operation: AttributeOperation,
  baseDn: string,
  refuse: Refuse,
): string {
  const name = operation.attribute.toLowerCase();
  const toZero = single(operation.after) === '0';
  if (name === 'minpwdage' && isSameDn(operation.target, baseDn)) {
    if (!toZero) refuse('sets minPwdAge to something other than 0');
    return `sets minPwdAge = 0 (no minimum password age) on the domain head ${operation.target}`;
  }
  if (
    name === 'msds-minimumpasswordage' &&
    childRdn(operation.target, `CN=Password Settings Container,CN=System,${baseDn}`)
  ) {
    if (!toZero) refuse('sets msDS-MinimumPasswordAge to something other than 0');
    return `sets msDS-MinimumPasswordAge = 0 on the PSO ${operation.target}${operation.optIn ? ' (opt-in)' : ''}`;
  }
  if (isGpoContainer(operation.target, baseDn)) {
    if (name === 'versionnumber') return versionMeaning(operation, refuse);
    if (name === 'gpcmachineextensionnames') return extensionsMeaning(operation, refuse);
  }
  return refuse(`changes ${operation.attribute} of ${operation.target}`);
}
