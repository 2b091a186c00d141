/**
 * `writeback plan --steps permissions` (docs/cli.md): the step's options on the command line, turned
 * into the step's options (main/plan/make-plan.ts plans it).
 */
import type { Command } from 'commander';
import type { PermissionsOptions } from './permissions-step';

export interface PermissionsCliOptions {
  readonly scope?: readonly string[];
  readonly account?: string;
  readonly includeAdminsdholder?: boolean;
  readonly enableInheritance?: readonly string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds --scope (repeatable), --account, --include-adminsdholder, --enable-inheritance (repeatable). */
export function addPermissionsOptions(command: Command): Command {
  return command
    .option(
      '--scope <dn>',
      'permissions: grant on this OU instead of the domain root (repeatable)',
      collect,
    )
    .option(
      '--account <sAMAccountName|upn|dn>',
      'the AD DS connector account (default: the only enabled MSOL_ account)',
    )
    .option(
      '--include-adminsdholder',
      'permissions, opt-in: also grant on AdminSDHolder (Microsoft: not recommended)',
    )
    .option(
      '--enable-inheritance <dn|all>',
      'permissions, opt-in: enable inheritance on this user, or all users with it disabled (repeatable)',
      collect,
    );
}

export function toPermissionsOptions(options: PermissionsCliOptions): PermissionsOptions {
  const inheritance = options.enableInheritance ?? [];
  return {
    ...(options.scope?.length ? { scopes: options.scope } : {}),
    ...(options.account ? { account: options.account } : {}),
    includeAdminSdHolder: options.includeAdminsdholder ?? false,
    ...(inheritance.length
      ? { enableInheritance: inheritance.includes('all') ? ('all' as const) : inheritance }
      : {}),
    onProgress: (count) => process.stderr.write(`permissions: ${count} users scanned\n`),
  };
}
