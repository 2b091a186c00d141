/** The canary plan's pwdLastSet as an admin reads it: the date, the raw value beside it. */
import { describe, expect, it } from 'vitest';
import { pwdLastSetWords } from '../../../main/cli/commands/verify';
import { confirm } from '../../../main/cli/options/run';

describe('pwdLastSet in the canary plan', () => {
  it('shows the UTC time with the raw FILETIME beside it, and 0 as must change at next logon', () => {
    // 134403548512760300 is 2026-11-28T15:54:11Z (Python's datetime agrees) (FILETIME: 100 ns since 1601-01-01 UTC).
    expect(pwdLastSetWords('134403548512760300')).toBe('2026-11-28T15:54:11Z (134403548512760300)');
    expect(pwdLastSetWords('0')).toBe('must change at next logon (0)');
  });
});

describe('confirming without a terminal', () => {
  it('a plan file is reviewed with writeback show; the canary, which has none, says so', async () => {
    expect(process.stdin.isTTY).toBeFalsy();
    await expect(confirm('Apply?', false)).rejects.toMatchObject({
      fix: 'Review the plan with writeback show, then run again with --yes.',
    });
    const canaryFix =
      'Review the canary plan above, then run the same command again with --yes (a canary has no plan file).';
    await expect(confirm('Reset?', false, canaryFix)).rejects.toMatchObject({ fix: canaryFix });
  });
});
