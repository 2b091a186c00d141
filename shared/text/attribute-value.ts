/**
 * An attribute's value as an admin reads it: an AD interval (minPwdAge and its kin: negative
 * counts of 100 ns) becomes days, with the raw value beside it; anything else is itself.
 */

/** AD attributes that hold an interval as a negative count of 100-nanosecond ticks. */
const intervalAttributes = new Set(
  [
    'minPwdAge',
    'maxPwdAge',
    'lockoutDuration',
    'lockOutObservationWindow',
    'msDS-MinimumPasswordAge',
    'msDS-MaximumPasswordAge',
    'msDS-LockoutDuration',
    'msDS-LockoutObservationWindow',
  ].map((name) => name.toLowerCase()),
);

const ticksPerMinute = 600_000_000n;

/** "2 days (-1728000000000)"; "none (0)"; the value itself when it is not an interval. */
export function describeAttributeValue(attribute: string, value: string): string {
  if (!intervalAttributes.has(attribute.toLowerCase()) || !/^-?\d+$/.test(value)) return value;
  const ticks = BigInt(value);
  if (ticks === 0n) return `none (${value})`;
  if (ticks === -9223372036854775808n) return `never (${value})`;
  const minutes = Number((ticks < 0n ? -ticks : ticks) / ticksPerMinute);
  return `${spell(minutes)} (${value})`;
}

function spell(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  if (minutes >= 1440) return `${(minutes / 1440).toFixed(2)} days`;
  return plural(minutes, 'minute');
}
