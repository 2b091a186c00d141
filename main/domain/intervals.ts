/**
 * AD's relative times (minPwdAge, lockoutDuration, msDS-MinimumPasswordAge, …): a count of
 * 100-ns ticks stored negative (MS-ADTS 2.2.15). One reader for all of them.
 */

/** One day in 100-ns ticks. */
export const TICKS_PER_DAY = 864_000_000_000n;

/** The stored value as written (negative, or 0 for none); 0 when absent or not a number. */
export function storedInterval(stored: string | undefined): bigint {
  return stored !== undefined && /^-?\d+$/.test(stored) ? BigInt(stored) : 0n;
}

/** The length of a stored interval as a positive tick count. */
export function intervalTicks(stored: string | undefined): bigint {
  const value = storedInterval(stored);
  return value < 0n ? -value : value;
}

/** Ticks as days (fractional when the interval is not whole days). */
export function ticksToDays(ticks: bigint): number {
  return Number(ticks) / Number(TICKS_PER_DAY);
}

/** Whole days of a stored interval (a GPO's MinimumPasswordAge is whole days). */
export function wholeDays(stored: string): number {
  return Number(intervalTicks(stored) / TICKS_PER_DAY);
}
