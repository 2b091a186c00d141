/**
 * The command an admin runs next on the same run (roll it back, finish it), spelled with the
 * connection it needs. "To undo: writeback rollback <journal>" alone fails with "--dc is
 * required": the next command must carry the same --dc, --bind-user, --password-env and trust
 * options, never a password (the variable's name only). Options come from this run when it had
 * them, else from the plan's own record of the DC, else a placeholder the admin fills in.
 * A run over several directories carries its directories file instead. Everything is escaped: a
 * journal's plan is untrusted text. The CLI prints it after apply, finish and runs, and writes it
 * for sh and for PowerShell in the evidence pack it writes.
 */
import type { Plan } from '../../../shared/plan';
import { printable } from '../../../shared/text/printable';
import { psQuote, shQuote } from '../../../shared/text/shell-quote';

/** The connection options the run was given (the CLI's flags; only names, never a password). */
export interface AgainConnection {
  readonly dc?: string;
  readonly bindUser?: string;
  readonly passwordEnv?: string;
  readonly ca?: string;
  readonly tlsFingerprint?: string;
  /** The directories file of a run over several directories (it holds no password). */
  readonly directories?: string;
}

/**
 * How values are quoted: for one shell exactly (`sh`, `powershell`: single quotes, nothing
 * expanded), or, as the CLI prints it, in double quotes that read the same in sh, cmd.exe and
 * PowerShell for the paths and URLs a run has.
 */
export type CommandShell = 'sh' | 'powershell' | 'any';

const quoteFor: Record<CommandShell, (value: string) => string> = {
  sh: (value) => shQuote(printable(value)),
  powershell: (value) => psQuote(printable(value)),
  any: (value) => `"${printable(value).replace(/"/g, '\\"')}"`,
};

export function commandAgain(
  verb: 'rollback' | 'finish',
  journal: string,
  given: AgainConnection,
  plan?: Plan,
  shell: CommandShell = 'any',
): string {
  const quoted = quoteFor[shell];
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
