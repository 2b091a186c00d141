/**
 * The AD connection options of cli.md for `assess`, and the provider they build. Without
 * --dc the AD side reports "not assessed" (adNotRequested). The password comes only from
 * the variable named by --password-env: never from an argument, never logged.
 */
import type { Command } from 'commander';
import { badInput } from '../../shared/errors';
import type { AssessProvider } from '../assess/assess-provider';
import { adNotRequested } from '../assess/ad-not-requested';
import { adAssessProvider, readCaFile } from './ad-assess-provider';
import type { ReadinessProgress } from './assess-users';

export interface AdOptionValues {
  readonly dc?: string;
  readonly bindUser?: string;
  readonly passwordEnv?: string;
  readonly ca?: string;
  readonly account?: string;
  readonly scope?: string[];
  readonly pageSize?: string;
}

export function addAdOptions(command: Command): Command {
  return command
    .option('--dc <url>', 'ldaps://host[:port], or ldap://host[:port] with StartTLS')
    .option('--bind-user <upn|dn>', 'the account that reads AD')
    .option('--password-env <VAR>', 'the environment variable holding its password')
    .option('--ca <file.pem>', 'trust this CA in addition to the system store')
    .option(
      '--account <sAMAccountName|upn|dn>',
      'the AD DS connector account (default: discover MSOL_)',
    )
    .option(
      '--scope <dn>',
      'assess only the users under this DN (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--page-size <n>', 'LDAP page size for the user scan', '1000');
}

function progressLine(p: ReadinessProgress): void {
  const left =
    p.remainingMs !== undefined ? `, about ${Math.ceil(p.remainingMs / 1000)} s left` : '';
  process.stderr.write(`users assessed: ${p.usersScanned} (${Math.round(p.rate)}/s${left})\n`);
}

export function adProviderFromOptions(
  options: AdOptionValues,
  signal?: AbortSignal,
): AssessProvider {
  if (options.dc === undefined) return adNotRequested;
  if (options.bindUser === undefined || options.passwordEnv === undefined) {
    throw badInput(
      'ad-credentials',
      '--dc needs --bind-user and --password-env.',
      'Add --bind-user <upn|dn> --password-env <VAR>, with the password in that environment variable.',
    );
  }
  const password = process.env[options.passwordEnv];
  if (password === undefined || password === '') {
    throw badInput(
      'ad-password-missing',
      `The environment variable ${options.passwordEnv} is not set.`,
      `Set ${options.passwordEnv} to the password of ${options.bindUser} (never pass it as an argument).`,
    );
  }
  const pageSize = Number(options.pageSize ?? '1000');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100_000) {
    throw badInput(
      'page-size',
      `--page-size "${options.pageSize}" is not a whole number from 1 to 100000.`,
      "Use --page-size 1000 (AD's MaxPageSize).",
    );
  }
  return adAssessProvider({
    dc: options.dc,
    bindUser: options.bindUser,
    password,
    ...(options.ca !== undefined ? { caPem: readCaFile(options.ca) } : {}),
    ...(options.account !== undefined ? { account: options.account } : {}),
    ...(options.scope !== undefined ? { scopes: options.scope } : {}),
    pageSize,
    ...(signal ? { signal } : {}),
    onProgress: progressLine,
  });
}
