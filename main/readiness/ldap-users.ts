/**
 * The one streaming pass over the users in scope: a paged subtree search (Simple Paged
 * Results, RFC 2696) asking only for what the verdict needs, with the DACL of each user
 * (SD flags 4: no SACL privilege needed). Pages are decoded into UserRecords one entry at
 * a time; nothing is accumulated.
 */
import { searchUsersWithDacl, USER_FILTER } from '../directory/dacl-streams';
import type { Directory, DirectoryEntry } from '../directory/directory';
import { bytes, integer, sid, text } from '../directory/entry';
import { WizardError } from '../../shared/errors';
import type { UserRecord } from './user-record';

export const USER_ATTRIBUTES = [
  'sAMAccountName',
  'userAccountControl',
  'msDS-User-Account-Control-Computed',
  'adminCount',
  'pwdLastSet',
  'lockoutTime',
  'msDS-ResultantPSO',
  'objectSid',
  'nTSecurityDescriptor',
] as const;

export { USER_FILTER };

export const DEFAULT_PAGE_SIZE = 1000;

export function toUserRecord(entry: DirectoryEntry): UserRecord {
  const sd = bytes(entry, 'nTSecurityDescriptor');
  const uac = integer(entry, 'userAccountControl');
  const computed = integer(entry, 'msDS-User-Account-Control-Computed');
  return {
    dn: entry.dn,
    sAMAccountName: text(entry, 'sAMAccountName') ?? '',
    userAccountControl: uac === undefined ? 0 : Number(uac),
    uacComputed: computed === undefined ? undefined : Number(computed),
    adminCount: Number(integer(entry, 'adminCount') ?? 0n),
    pwdLastSet: integer(entry, 'pwdLastSet'),
    lockoutTime: integer(entry, 'lockoutTime'),
    resultantPso: text(entry, 'msDS-ResultantPSO'),
    objectSid: sid(entry),
    sd: sd !== undefined && sd.length > 0 ? sd : undefined,
  };
}

export interface UserScanOptions {
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * Users under `scope`, page by page. Stops (and abandons the paged search: leaving the loop
 * ends the Directory's stream) when `signal` aborts.
 */
export async function* readUsers(
  directory: Directory,
  scope: string,
  options: UserScanOptions = {},
): AsyncGenerator<UserRecord> {
  for await (const entry of searchUsersWithDacl(directory, scope, USER_ATTRIBUTES, {
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
  })) {
    if (options.signal?.aborted) throw cancelled();
    yield toUserRecord(entry);
  }
}

export function cancelled(): WizardError {
  return new WizardError(
    'assess-cancelled',
    'The readiness scan was cancelled; no report was written for the users not yet read.',
    'Run the assessment again when you are ready; it is read-only.',
  );
}
