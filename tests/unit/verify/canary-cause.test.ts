/**
 * Why a canary failed when no Connect event names the user: a write seen on some DCs but not
 * others is replication's; a write seen on no DC never reached AD, so it is the Connect server's
 * (password writeback off, its service stopped, no connectivity), never replication's.
 */
import { describe, expect, it } from 'vitest';
import { findCause } from '../../../main/verify/canary-cause';
import type { DcConvergence } from '../../../main/verify/dc-watch';

const account = {
  dn: 'CN=Canary,OU=Test,DC=contoso,DC=test',
  sAMAccountName: 'canary',
  userPrincipalName: 'canary@contoso.test',
  objectSid: 'S-1-5-21-1-2-3-1105',
  pwdLastSet: '1',
};
const before = { pwdLastSet: '1', unicodePwdVersion: 1 };
const unseen = (dc: string): DcConvergence => ({ dc, before, originating: false });
const seen = (dc: string): DcConvergence => ({
  dc,
  before,
  after: { pwdLastSet: '2', unicodePwdVersion: 2 },
  seenAfterMs: 1000,
  convergedAfterMs: 0,
  originating: true,
});
const succeeded = { status: 'succeeded' as const };

describe('a canary Entra ID says succeeded, with no Connect event about the user', () => {
  it('seen on no DC: the Connect server, not replication, and the by-hand read when it was not reached', async () => {
    const cause = await findCause({
      account,
      operation: succeeded,
      dcs: [unseen('dc1.contoso.test'), unseen('dc2.contoso.test')],
      events: [],
      connectRead: false,
      requestedAt: '2026-11-28T16:00:00.000Z',
    });
    expect(cause.code).toBe('not-written');
    expect(cause.message).toMatch(/no writable DC .*dc1\.contoso\.test, dc2\.contoso\.test/);
    expect(cause.message).toMatch(/replication is not the cause/);
    expect(`${cause.fix} ${cause.step}`).not.toMatch(/repadmin|replication between/);
    expect(cause.step).toMatch(/Connect server/);
    expect(cause.step).toMatch(/Optional features/);
    expect(cause.byHand).toMatch(/Get-WinEvent/);
    expect(cause.byHand).toContain("'2026-11-28T15:59:00.000Z'");
  });

  it('seen on no DC, the Connect server read and silent: says so, no by-hand read', async () => {
    const cause = await findCause({
      account,
      operation: succeeded,
      dcs: [unseen('dc1.contoso.test')],
      events: [],
      connectRead: true,
    });
    expect(cause.code).toBe('not-written');
    expect(cause.message).toMatch(/logged no event about this user/);
    expect(cause.byHand).toBeUndefined();
  });

  it('seen on one DC, not another: replication to the one that never showed it', async () => {
    const cause = await findCause({
      account,
      operation: succeeded,
      dcs: [seen('dc1.contoso.test'), unseen('dc2.contoso.test')],
      events: [],
      connectRead: true,
    });
    expect(cause.code).toBe('not-converged');
    expect(cause.message).toMatch(
      /dc1\.contoso\.test showed the new password, but dc2\.contoso\.test never did/,
    );
    expect(cause.fix).toMatch(/repadmin/);
  });
});
