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

/** The principal as the app's diff names it: DOMAIN\name, with the SID beside it. */
const principal = (r: AceRow): string =>
  r.sid !== undefined && r.principal !== r.sid ? `${r.principal} (${r.sid})` : r.principal;

const row = (sign: '+' | '-', r: AceRow): string =>
  `  ${sign} ${r.type} ${principal(r)}  "${r.permission}"  ${r.appliesTo}${r.inherited ? ' (inherited)' : ''}  ${r.sddl}`;

/** Built-in names, and the names the plan recorded for the principals it grants to. */
function namesOf(operation: SecurityDescriptorOperation): NameTable {
  const names = new NameTable(operation.domainSid);
  for (const [sid, name] of Object.entries(operation.principals ?? {}))
    names.addPrincipal(sid, name);
  return names;
}

export function describeSecurityDescriptorChange(
  operation: SecurityDescriptorOperation,
  resolver: NameResolver = namesOf(operation),
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
