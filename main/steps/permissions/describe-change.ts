/**
 * A planned `security-descriptor` operation in ADUC's words, for `plan` and `show`: the ACE
 * rows added and removed, the inheritance change, and the SDDL before and after (the
 * equivalent dsacls commands are the operation's equivalentCommand, printed by the caller).
 */
import type { SecurityDescriptorOperation } from '../../../shared/plan';
import {
  diffDacl,
  parseSecurityDescriptor,
  SdControl,
  WritebackGuid,
  type AceRow,
  type NameResolver,
  NameTable,
} from '../../../shared/sd';

const row = (sign: '+' | '-', r: AceRow): string =>
  `  ${sign} ${r.type} ${r.principal}  "${r.permission}"  ${r.appliesTo}${r.inherited ? ' (inherited)' : ''}  ${r.sddl}`;

export function describeSecurityDescriptorChange(
  operation: SecurityDescriptorOperation,
  resolver: NameResolver = new NameTable(operation.domainSid),
): string[] {
  const before = parseSecurityDescriptor(
    new Uint8Array(Buffer.from(operation.before.base64, 'base64')),
  );
  const after = parseSecurityDescriptor(
    new Uint8Array(Buffer.from(operation.after.base64, 'base64')),
  );
  const diff = diffDacl(before.dacl, after.dacl, resolver, WritebackGuid.userClass);
  const lines = [`${operation.target}: ${operation.summary}`];
  for (const r of diff.removed) lines.push(row('-', r));
  for (const r of diff.added) lines.push(row('+', r));
  const inheritance = (control: number) =>
    control & SdControl.daclProtected ? 'disabled' : 'enabled';
  if (inheritance(before.control) !== inheritance(after.control))
    lines.push(`  Inheritance: ${inheritance(before.control)} → ${inheritance(after.control)}`);
  lines.push(`  SDDL before: ${operation.before.sddl}`, `  SDDL after:  ${operation.after.sddl}`);
  return lines;
}
