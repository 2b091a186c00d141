/**
 * The dsacls command equivalent to each planned change, so an admin can read (or run) the
 * change with Microsoft's own tool. dsacls /I:S = "sub-objects only", /I omitted = this object
 * only; `/G "<principal>:<perm>;<object type>;<inherited object type>"`; /P:N clears "protected".
 */
import type { WritebackRight } from '../../domain/writeback-rights';

/**
 * cmd.exe quoting: the whole argument in double quotes, an inner quote doubled. cmd.exe toggles
 * its quoting on every quote, so a doubled one leaves it inside the quotes (`&`, `|`, `<`, `>`
 * and `^` stay literal), and dsacls's argument parser reads `""` as one quote. `%` (and `!`
 * under delayed expansion) are expanded even inside quotes and cannot be escaped on a command
 * line: a name holding one gets no command (`unquotable`).
 */
function quote(text: string): string {
  if (/[%!\r\n]/.test(text)) throw new Unquotable();
  return `"${text.replace(/"/g, '""')}"`;
}

class Unquotable extends Error {}

/** The command, or a `rem` line that says why none is given. */
function commandLine(build: () => string): string {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof Unquotable)) throw error;
    return 'rem No dsacls command: the name holds % or !, which cmd.exe would expand. Make this change in Active Directory Users and Computers (Security > Advanced).';
  }
}

export function dsaclsGrant(
  targetDn: string,
  principal: string,
  right: WritebackRight,
  form: 'descendant-users' | 'this-object',
): string {
  return commandLine(() =>
    form === 'descendant-users'
      ? `dsacls ${quote(targetDn)} /I:S /G ${quote(`${principal}:${right.dsacls};user`)}`
      : `dsacls ${quote(targetDn)} /G ${quote(`${principal}:${right.dsacls}`)}`,
  );
}

export function dsaclsEnableInheritance(targetDn: string): string {
  return commandLine(() => `dsacls ${quote(targetDn)} /P:N`);
}
