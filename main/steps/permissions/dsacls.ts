/**
 * The dsacls command equivalent to each planned change, so an admin can read (or run) the
 * change with Microsoft's own tool. dsacls /I:S = "sub-objects only", /I omitted = this object
 * only; `/G "<principal>:<perm>;<object type>;<inherited object type>"`; /P:N clears "protected".
 */
import type { WritebackRight } from './writeback-rights';

/** cmd.exe quoting: the whole argument in double quotes, inner quotes escaped. */
const quote = (text: string): string => `"${text.replace(/"/g, '\\"')}"`;

export function dsaclsGrant(
  targetDn: string,
  principal: string,
  right: WritebackRight,
  form: 'descendant-users' | 'this-object',
): string {
  if (form === 'descendant-users')
    return `dsacls ${quote(targetDn)} /I:S /G ${quote(`${principal}:${right.dsacls};user`)}`;
  return `dsacls ${quote(targetDn)} /G ${quote(`${principal}:${right.dsacls}`)}`;
}

export function dsaclsEnableInheritance(targetDn: string): string {
  return `dsacls ${quote(targetDn)} /P:N`;
}
