/**
 * One user as the readiness scan reads it: the stored attributes of the single streaming pass,
 * decoded, and nothing else (no constructed attribute: the user's PSO and lockout are decided
 * from the domain model's password policy). The security descriptor is only borrowed for the verdict and
 * is never kept (memory stays flat with the number of users).
 */

import { parseSid } from '../../shared/sd';
import type { DirectoryEntry } from '../directory/directory';

/** The stored attributes a verdict needs, and nothing constructed (they cost the DC per user). */
export const USER_ATTRIBUTES = [
  'sAMAccountName',
  'userAccountControl',
  'adminCount',
  'pwdLastSet',
  'lockoutTime',
  'objectSid',
  'nTSecurityDescriptor',
] as const;

/** Users (not computers, not contacts): AD's usual filter for person user objects. */
export const USER_FILTER = '(&(objectCategory=person)(objectClass=user))';

/** userAccountControl bits (MS-ADTS 2.2.16). */
export const Uac = {
  accountDisable: 0x2,
  lockout: 0x10,
  passwdNotReqd: 0x20,
  normalAccount: 0x200,
  dontExpirePassword: 0x10000,
} as const;

export interface UserRecord {
  readonly dn: string;
  readonly sAMAccountName: string;
  readonly userAccountControl: number;
  /** adminCount (0 when not set). */
  readonly adminCount: number;
  /** pwdLastSet as a FILETIME (100-ns since 1601); 0 = must change at next logon. */
  readonly pwdLastSet: bigint | undefined;
  readonly lockoutTime: bigint | undefined;
  /** objectSid as S-1-5-21-…: SELF ACEs ("user cannot change password") are about it. */
  readonly objectSid: string | undefined;
  /** nTSecurityDescriptor, DACL only (SD flags 4). */
  readonly sd: Uint8Array | undefined;
}

/** FILETIME (100-ns intervals since 1601-01-01) of a JS time. */
export function toFileTime(ms: number): bigint {
  return (BigInt(Math.trunc(ms)) + 11_644_473_600_000n) * 10_000n;
}

/** JS time of a FILETIME. */
export function fromFileTime(fileTime: bigint): number {
  return Number(fileTime / 10_000n - 11_644_473_600_000n);
}

/** One 100-ns tick count per day. */
export { TICKS_PER_DAY } from '../domain/intervals';

function integer(entry: DirectoryEntry, name: string): bigint | undefined {
  const v = entry.values[name]?.[0];
  return v !== undefined && /^-?\d+$/.test(v) ? BigInt(v) : undefined;
}

/** A user as main/directory returns it (lower-case names, binary values as bytes). */
export function userRecordOf(entry: DirectoryEntry): UserRecord {
  const sid = entry.bytes['objectsid']?.[0];
  const sd = entry.bytes['ntsecuritydescriptor']?.[0];
  return {
    dn: entry.dn,
    sAMAccountName: entry.values['samaccountname']?.[0] ?? '',
    userAccountControl: Number(integer(entry, 'useraccountcontrol') ?? 0n),
    adminCount: Number(integer(entry, 'admincount') ?? 0n),
    pwdLastSet: integer(entry, 'pwdlastset'),
    lockoutTime: integer(entry, 'lockouttime'),
    objectSid: sid !== undefined && sid.length >= 8 ? parseSid(sid) : undefined,
    sd: sd !== undefined && sd.length > 0 ? sd : undefined,
  };
}
