/**
 * The command an admin runs next on the same run (roll it back, finish it), spelled with the
 * connection it needs. "To undo: writeback rollback <journal>" alone fails with "--dc is
 * required": the next command must carry the same --dc, --bind-user, --password-env and trust
 * options, never a password (the variable's name only). Options come from this run when it had
 * them, else from the plan's own record of the DC, else a placeholder the admin fills in.
 * A run over several directories carries its directories file instead. Everything is escaped: a
 * journal's plan is untrusted text.
 */
import type { Plan } from '../../../shared/plan';
import { printable } from '../../../shared/text/printable';
import type { ConnectionFlags } from './connection';

/** Values in double quotes: the same form reads in sh, cmd.exe and PowerShell. */
function quoted(value: string): string {
  return `"${printable(value).replace(/"/g, '\\"')}"`;
}

export function commandAgain(
  verb: 'rollback' | 'finish',
  journal: string,
  given: ConnectionFlags & { readonly directories?: string },
  plan?: Plan,
): string {
  // A plan of only Connect server settings needs no DC; one that writes AD needs the same DC.
  const needsDc = !plan || plan.operations.some((operation) => operation.kind !== 'adsync-setting');
  const words = [`writeback ${verb} ${quoted(journal)}`];
  if (needsDc && (given.directories !== undefined || plan?.source.directories)) {
    // A run over several directories reaches each through the directories file (no password in it).
    words.push(
      given.directories !== undefined
        ? `--directories ${quoted(given.directories)}`
        : '--directories <directories.json>',
    );
  } else if (needsDc) {
    const dc = given.dc ?? plan?.source.dc;
    words.push(dc ? `--dc ${quoted(dc)}` : '--dc <ldaps://dc>');
    words.push(given.bindUser ? `--bind-user ${quoted(given.bindUser)}` : '--bind-user <admin>');
    if (given.passwordEnv) words.push(`--password-env ${quoted(given.passwordEnv)}`);
    if (given.ca) words.push(`--ca ${quoted(given.ca)}`);
    if (given.tlsFingerprint) words.push(`--tls-fingerprint ${quoted(given.tlsFingerprint)}`);
  }
  // The Connect server is the one the plan recorded: rollback and finish go back there alone.
  return words.join(' ');
}
