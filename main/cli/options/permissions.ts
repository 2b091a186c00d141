/**
 * `writeback plan --steps permissions` (docs/cli.md): --scope, --account, --include-adminsdholder,
 * --enable-inheritance and --streams (declared in flags.ts) turned into the step's options.
 */
import type { PermissionsOptions } from '../../steps/permissions';
import { checkedStreams } from '../../readiness/scan-streams';

export interface PermissionsCliOptions {
  readonly scope?: readonly string[];
  readonly account?: string;
  readonly includeAdminsdholder?: boolean;
  readonly enableInheritance?: readonly string[];
  readonly streams?: string;
  readonly dc?: string;
}

export function toPermissionsOptions(options: PermissionsCliOptions): PermissionsOptions {
  const inheritance = options.enableInheritance ?? [];
  return {
    ...(options.scope?.length ? { scopes: options.scope } : {}),
    ...(options.account ? { account: options.account } : {}),
    includeAdminSdHolder: options.includeAdminsdholder ?? false,
    ...(options.streams !== undefined ? { streams: checkedStreams(options.streams) } : {}),
    ...(options.dc !== undefined ? { dc: options.dc } : {}),
    ...(inheritance.length
      ? { enableInheritance: inheritance.includes('all') ? ('all' as const) : inheritance }
      : {}),
    onProgress: (count) => process.stderr.write(`permissions: ${count} users scanned\n`),
  };
}
