/**
 * The one streaming pass over the users in scope: a paged subtree search (Simple Paged
 * Results, RFC 2696) asking only for what the verdict needs, with the DACL of each user
 * (SD flags 4: no SACL privilege needed). Pages are decoded into UserRecords one entry at
 * a time; nothing is accumulated.
 */
import type { Client, Entry } from 'ldapts';
import { parseSid } from '../../shared/sd';
import { WizardError } from '../../shared/errors';
import { SdFlags, SdFlagsControl } from '../directory/sd-flags-control';
import { USER_ATTRIBUTES, USER_FILTER, type UserRecord } from './user-record';

export { USER_ATTRIBUTES, USER_FILTER };

const BINARY_ATTRIBUTES = ['objectSid', 'nTSecurityDescriptor'];

export const DEFAULT_PAGE_SIZE = 1000;

function first(value: Entry[string] | undefined): string | Buffer | undefined {
  return Array.isArray(value) ? (value[0] as string | Buffer | undefined) : value;
}

function text(value: Entry[string] | undefined): string | undefined {
  const v = first(value);
  return v === undefined ? undefined : Buffer.isBuffer(v) ? v.toString('utf8') : v;
}

function integer(value: Entry[string] | undefined): bigint | undefined {
  const v = text(value);
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return BigInt(v);
}

export function toUserRecord(entry: Entry): UserRecord {
  const sd = first(entry['nTSecurityDescriptor']);
  const sid = first(entry['objectSid']);
  const uac = integer(entry['userAccountControl']);
  return {
    dn: entry.dn,
    sAMAccountName: text(entry['sAMAccountName']) ?? '',
    userAccountControl: uac === undefined ? 0 : Number(uac),
    adminCount: Number(integer(entry['adminCount']) ?? 0n),
    pwdLastSet: integer(entry['pwdLastSet']),
    lockoutTime: integer(entry['lockoutTime']),
    objectSid: Buffer.isBuffer(sid) && sid.length >= 8 ? parseSid(new Uint8Array(sid)) : undefined,
    sd:
      Buffer.isBuffer(sd) && sd.length > 0
        ? new Uint8Array(sd.buffer, sd.byteOffset, sd.length)
        : undefined,
  };
}

export interface UserScanOptions {
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/** Users under `scope`, page by page. Stops (and abandons the paged search) when `signal` aborts. */
export async function* readUsers(
  client: Client,
  scope: string,
  options: UserScanOptions = {},
): AsyncGenerator<UserRecord> {
  const pages = client.searchPaginated(
    scope,
    {
      scope: 'sub',
      filter: USER_FILTER,
      attributes: [...USER_ATTRIBUTES],
      explicitBufferAttributes: BINARY_ATTRIBUTES,
      paged: { pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE },
    },
    new SdFlagsControl(SdFlags.DACL),
  );
  try {
    for await (const page of pages) {
      for (const entry of page.searchEntries) {
        if (options.signal?.aborted) throw cancelled();
        yield toUserRecord(entry);
      }
    }
  } finally {
    await pages.return(undefined);
  }
}

export function cancelled(): WizardError {
  return new WizardError(
    'assess-cancelled',
    'The readiness scan was cancelled; no report was written for the users not yet read.',
    'Run the assessment again when you are ready; it is read-only.',
  );
}
