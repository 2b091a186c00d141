/**
 * One user as the readiness scan reads it: the stored attributes of the single streaming pass,
 * decoded, and nothing else (no constructed attribute: the user's PSO and lockout are decided
 * from the domain model's password policy). The security descriptor is only borrowed for the verdict and
 * is never kept (memory stays flat with the number of users).
 */

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
  /**
   * objectGUID's 16 bytes as stored, in hex: the order reports list users in, whichever order
   * the streams of a split scan delivered them (one stream on Samba gives this order).
   */
  readonly objectGuid?: string;
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
