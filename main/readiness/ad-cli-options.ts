/**
 * The AD connection options of docs/cli.md for `assess`, and the provider they build. Without
 * --dc the AD side reports "not assessed" (adNotRequested). The connection flags and the
 * password are read the one way every command reads them (main/cli/connection-options.ts:
 * --password-env, else a no-echo prompt on a terminal; never an argument, never logged).
 */
import type { Command } from 'commander';
import { badInput } from '../../shared/errors';
import {
  addConnectionOptions,
  connectionFromFlags,
  type ConnectionFlags,
} from '../cli/connection-options';
import type { AssessProvider } from '../assess/assess-provider';
import { adNotRequested } from '../assess/ad-not-requested';
import { adAssessProvider } from './ad-assess-provider';
import type { ReadinessProgress } from './assess-users';

export interface AdOptionValues extends ConnectionFlags {
  readonly scope?: string[];
  readonly sysvol?: string;
  readonly pageSize?: string;
}

export function addAdOptions(command: Command): Command {
  return addConnectionOptions(command)
    .option(
      '--scope <dn>',
      'assess only the users under this DN (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--page-size <n>', 'LDAP page size for the user scan', '1000')
    .option(
      '--sysvol <path>',
      'the domain SYSVOL folder that holds Policies, to name the GPO that decides the minimum password age',
    );
}

function progressLine(p: ReadinessProgress): void {
  const left =
    p.remainingMs !== undefined ? `, about ${Math.ceil(p.remainingMs / 1000)} s left` : '';
  process.stderr.write(`users assessed: ${p.usersScanned} (${Math.round(p.rate)}/s${left})\n`);
}

export async function adProviderFromOptions(
  options: AdOptionValues,
  signal?: AbortSignal,
): Promise<AssessProvider> {
  if (options.dc === undefined) return adNotRequested;
  // Asked before anything connects, so a missing password is exit 2, not a failed check.
  const connection = await connectionFromFlags(options);
  const pageSize = Number(options.pageSize ?? '1000');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100_000) {
    throw badInput(
      'page-size',
      `--page-size "${options.pageSize}" is not a whole number from 1 to 100000.`,
      "Use --page-size 1000 (AD's MaxPageSize).",
    );
  }
  return adAssessProvider({
    dc: connection.url,
    bindUser: connection.bindUser,
    password: connection.password,
    ...(connection.caFile !== undefined ? { caFile: connection.caFile } : {}),
    ...(connection.tlsFingerprint !== undefined
      ? { tlsFingerprint: connection.tlsFingerprint }
      : {}),
    ...(options.account !== undefined ? { account: options.account } : {}),
    ...(options.scope !== undefined ? { scopes: options.scope } : {}),
    ...(options.sysvol !== undefined ? { sysvol: options.sysvol } : {}),
    pageSize,
    ...(signal ? { signal } : {}),
    onProgress: progressLine,
  });
}
