/**
 * The options every command that connects shares (docs/cli.md, "Options shared by the commands"):
 * the AD connection, the connector account, the scope, SYSVOL, the Connect server and Entra ID.
 * A consultant scripts a run with one array of them and passes it to assess, plan, apply,
 * rollback and finish alike: each command accepts them all, and one it does not use, given on the
 * command line, is noted on stderr where it could matter.
 */
import type { Command } from 'commander';
import type { ConnectionFlags } from './connection';
import { addFlags, type FlagName } from './flags';

const connectionFlags = [
  'dc',
  'bindUser',
  'passwordEnv',
  'ca',
  'tlsFingerprint',
] as const satisfies readonly FlagName[];
/** What a plan decides: given to apply, rollback or finish, they would change nothing. */
export const targetFlags = ['account', 'scope', 'sysvol'] as const satisfies readonly FlagName[];
export const entraFlags = [
  'tenant',
  'cloud',
  'clientId',
  'graphTokenEnv',
  'graphEndpoint',
  'deviceCode',
  'noGraph',
] as const satisfies readonly FlagName[];
export const sharedFlags = [
  ...connectionFlags,
  ...targetFlags,
  'adsync',
  ...entraFlags,
] as const satisfies readonly FlagName[];

/** The values of the shared options, as commander parses them. */
export interface SharedOptionValues extends ConnectionFlags {
  readonly scope?: string[];
  readonly sysvol?: string;
  readonly adsync?: string;
  readonly tenant?: string;
  readonly cloud: string;
  readonly clientId?: string;
  readonly graphTokenEnv?: string;
  readonly graphEndpoint?: string;
  readonly deviceCode?: boolean;
  /** False with --no-graph. */
  readonly graph: boolean;
}

export function addSharedOptions(command: Command): Command {
  return addFlags(command, sharedFlags);
}

/** Why a command does not use a group of the shared options. */
export interface Unused {
  /** Shared flags, or a command's own (commander's attribute names: --dc-url is dcUrl). */
  readonly flags: readonly (FlagName | (string & {}))[];
  readonly why: string;
}

/**
 * Notes on stderr the shared options given on the command line (not defaults) that this run
 * does not use, one line per reason. --no-graph is never noted: skipping what is not done
 * anyway cannot mislead anyone.
 */
export function noteUnusedOptions(command: Command, unused: readonly Unused[]): void {
  for (const { flags, why } of unused) {
    // A flag's name here is commander's attribute name (--bind-user: bindUser).
    const given = command.options.filter((option) => {
      const name = option.attributeName();
      return (
        name !== 'graph' &&
        (flags as readonly string[]).includes(name) &&
        command.getOptionValueSource(name) === 'cli'
      );
    });
    if (given.length === 0) continue;
    const names = given.map((option) => option.long).join(', ');
    process.stderr.write(`note: writeback ${command.name()} does not use ${names}: ${why}\n`);
  }
}

/** apply, rollback and finish: the plan or journal already holds every target and where it is. */
export function noteUnusedByRun(command: Command): void {
  const holder =
    command.name() === 'apply'
      ? 'the plan already names every target; make a new plan to change them.'
      : "the run's journal already names every target it changed.";
  noteUnusedOptions(command, [
    {
      flags: targetFlags,
      why: holder,
    },
    { flags: entraFlags, why: 'it does not read Entra ID.' },
  ]);
}
