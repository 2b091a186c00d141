/**
 * Whether an account is locked out now, from stored attributes only: the rule the DC applies
 * when it constructs UF_LOCKOUT in msDS-User-Account-Control-Computed (MS-ADTS 3.1.1.4.5.17;
 * Samba's operational.c), so the user scan need not ask for that constructed attribute.
 *
 * Locked out when lockoutTime is set and either the effective lockout duration (the user's PSO's
 * msDS-LockoutDuration, else the domain's lockoutDuration) is zero or positive ("until an
 * administrator unlocks it"), or the lockout has not yet run out: lockoutTime + |duration| is
 * still ahead. Trust accounts (interdomain, workstation, server) are never reported locked out.
 */

/** userAccountControl bits of the trust accounts the DC never reports as locked out. */
const TRUST_ACCOUNTS = 0x800 | 0x1000 | 0x2000; // INTERDOMAIN, WORKSTATION and SERVER trust

export interface LockoutFacts {
  /** lockoutTime as FILETIME (100-ns since 1601); 0 or absent = not locked. */
  readonly lockoutTime: bigint | undefined;
  readonly userAccountControl: number;
}

/**
 * @param lockoutDuration the effective duration, a negative 100-ns interval (0 or more: until
 *   an administrator unlocks)
 * @param now the current time as a FILETIME
 */
export function isLockedOut(user: LockoutFacts, lockoutDuration: bigint, now: bigint): boolean {
  if (user.lockoutTime === undefined || user.lockoutTime === 0n) return false;
  if ((user.userAccountControl & TRUST_ACCOUNTS) !== 0) return false;
  if (lockoutDuration >= 0n) return true;
  return user.lockoutTime - lockoutDuration >= now;
}
