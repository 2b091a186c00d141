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

/** The stored attributes a verdict needs, and nothing constructed (they cost the DC per user). */
export const USER_ATTRIBUTES = [
  'sAMAccountName',
  'userAccountControl',
  'adminCount',
  'pwdLastSet',
  'lockoutTime',
  'objectSid',
  'nTSecurityDescriptor',
  // Stored, 16 bytes: the order the report lists users in (assess-users.ts), streams or not.
  'objectGUID',
] as const;

export { USER_FILTER };

export const DEFAULT_PAGE_SIZE = 1000;

export function toUserRecord(entry: DirectoryEntry): UserRecord {
  const sd = bytes(entry, 'nTSecurityDescriptor');
  const guid = bytes(entry, 'objectGUID');
  const uac = integer(entry, 'userAccountControl');
  return {
    dn: entry.dn,
    sAMAccountName: text(entry, 'sAMAccountName') ?? '',
    userAccountControl: uac === undefined ? 0 : Number(uac),
    adminCount: Number(integer(entry, 'adminCount') ?? 0n),
    pwdLastSet: integer(entry, 'pwdLastSet'),
    lockoutTime: integer(entry, 'lockoutTime'),
    objectSid: sid(entry),
    sd: sd !== undefined && sd.length > 0 ? sd : undefined,
    // A copy (a string), never a view: a view would keep its whole page's buffer alive.
    ...(guid !== undefined ? { objectGuid: Buffer.from(guid).toString('hex') } : {}),
  };
}

export interface UserScanOptions {
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  /** Connections the scan is split across (scan-streams.ts chooses; default one). */
  readonly streams?: number;
}

/**
 * Users under `scope`, page by page (over several connections when `streams` > 1, in no set
 * order: whoever reports them orders what it keeps). Stops (and abandons the paged search: leaving the loop
 * ends the Directory's stream) when `signal` aborts.
 */
export async function* readUsers(
  directory: Directory,
  scope: string,
  options: UserScanOptions = {},
): AsyncGenerator<UserRecord> {
  for await (const entry of searchUsersWithDacl(directory, scope, USER_ATTRIBUTES, {
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    ...(options.streams !== undefined ? { streams: options.streams } : {}),
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
