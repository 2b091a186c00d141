import { describe, expect, it } from 'vitest';
import { fromSddl, serializeSecurityDescriptor, WritebackGuid } from '../../../shared/sd';
import { assessUsers } from '../../../main/readiness/assess-users';
import { isBlockerCode } from '../../../main/readiness/reasons';
import { TICKS_PER_DAY, toFileTime, type UserRecord } from '../../../main/readiness/user-record';
import { judgeUser, type ReadinessContext } from '../../../main/readiness/user-verdict';
import { PasswordPolicy } from '../../../main/domain/password-policy';
import { ResultantPsos } from '../../../main/domain/resultant-pso';
import { cliWords } from '../../../main/cli/words';
import { wordFields } from '../../../shared/fields';

const DOMAIN = 'S-1-5-21-1-2-3';
const CONNECTOR = `${DOMAIN}-1105`;
const USER_SID = `${DOMAIN}-2001`;
const NOW = Date.parse('2026-06-01T12:00:00Z');
const {
  resetPassword: RP,
  lockoutTime: LT,
  pwdLastSet: PLS,
  userClass: U,
  changePassword: CP,
} = WritebackGuid;

/** The three grants of the Permissions step, as inherited onto a user. */
const GRANTS =
  `(OA;CIIOID;CR;${RP};${U};${CONNECTOR})(OA;CIIOID;WP;${LT};${U};${CONNECTOR})(OA;CIIOID;WP;${PLS};${U};${CONNECTOR})`.replaceAll(
    'CIIOID',
    'CIID',
  );
const sd = (sddl: string): Uint8Array => serializeSecurityDescriptor(fromSddl(sddl, DOMAIN));

const PSO_DN = 'CN=PSO,CN=Password Settings Container,CN=System,DC=contoso,DC=test';
const PSO_USER = 'CN=Pia,OU=Users,OU=Corp,DC=contoso,DC=test';

/** The domain's policy, and a PSO linked to PSO_USER (its resultant PSO, as the DC would say). */
function policy(domainTicks = 0n, psoTicks = 0n, lockoutDuration = 0n): PasswordPolicy {
  const pso = {
    dn: PSO_DN,
    name: 'PSO',
    precedence: 1,
    guid: new Uint8Array(16),
    minimumAge: -psoTicks,
    maximumAge: 0n,
    lockoutDuration,
    appliesTo: [PSO_USER],
  };
  const resultant = new ResultantPsos(true, [pso]);
  resultant.offerDirect(PSO_USER, pso);
  return new PasswordPolicy(
    { ticks: domainTicks, source: 'the domain password policy', fix: 'set domain to 0' },
    lockoutDuration,
    resultant,
    [pso],
  );
}

function context(overrides: Partial<ReadinessContext> = {}): ReadinessContext {
  return {
    token: { userSid: CONNECTOR, groupSids: [`${DOMAIN}-513`] },
    connectorName: 'MSOL_0123456789ab',
    policy: policy(),
    protectedMembers: new Map(),
    grantScopes: ['DC=contoso,DC=test'],
    now: NOW,
    ...overrides,
  };
}

function user(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    dn: 'CN=Ann,OU=Users,OU=Corp,DC=contoso,DC=test',
    sAMAccountName: 'ann',
    userAccountControl: 0x200,
    adminCount: 0,
    pwdLastSet: toFileTime(NOW - 30 * 86_400_000),
    lockoutTime: 0n,
    objectSid: USER_SID,
    sd: sd(`D:AI${GRANTS}(A;;RPWP;;;SY)`),
    ...overrides,
  };
}

const codes = (u: UserRecord, c = context()): string[] => judgeUser(u, c).map((r) => r.code);

describe('judgeUser', () => {
  it('finds nothing for an inheriting user the connector may reset', () => {
    expect(judgeUser(user(), context())).toEqual([]);
  });

  it('names a missing grant with the rights it lacks', () => {
    const [reason, ...rest] = judgeUser(user({ sd: sd('D:AI(A;;RPWP;;;SY)') }), context());
    expect(rest).toEqual([]);
    expect(reason!.code).toBe('missing-grant');
    expect(reason!.message).toContain('Reset password, Write lockoutTime and Write pwdLastSet');
    expect(wordFields(reason!.fix, cliWords)).toContain('--steps permissions');
  });

  it('explains inheritance disabled, protected and stale adminCount accounts differently', () => {
    const dacl = sd('D:P(A;;RPWP;;;SY)');
    expect(codes(user({ sd: dacl }))).toEqual(['inheritance-disabled']);
    const reason = judgeUser(user({ sd: dacl }), context())[0]!;
    expect(wordFields(reason.fix, cliWords)).toContain(
      '--enable-inheritance "CN=Ann,OU=Users,OU=Corp,DC=contoso,DC=test"',
    );

    const admin = user({ sd: dacl, adminCount: 1 });
    const protectedCtx = context({
      protectedMembers: new Map([[admin.dn.toLowerCase(), 'Domain Admins']]),
    });
    const prot = judgeUser(admin, protectedCtx);
    expect(prot.map((r) => r.code)).toEqual(['protected-account']);
    expect(prot[0]!.message).toContain('Domain Admins');
    expect(prot[0]!.fix).toContain('by design');

    expect(codes(admin)).toEqual(['stale-admin-count-inheritance']);
    // adminCount=1, inheriting again, no protected group: works, but a warning.
    expect(codes(user({ adminCount: 1 }))).toEqual(['stale-admin-count']);
  });

  it('a protected account whose DACL still inherits is a protected account, not a missing grant', () => {
    const admin = user({ sd: sd('D:AI(A;;RPWP;;;SY)'), adminCount: 1 });
    const ctx = context({
      protectedMembers: new Map([
        [admin.dn.toLowerCase(), 'itself (Administrator, a built-in protected account)'],
      ]),
    });
    const [reason] = judgeUser(admin, ctx);
    expect(reason!.code).toBe('protected-account');
    expect(reason!.message).toContain('protected itself (Administrator');
    expect(reason!.message).toContain('at its next run');
  });

  it('names the OU with inheritance disabled between the user and the grant, and both ways out', () => {
    const ou = 'OU=Users,OU=Corp,DC=contoso,DC=test';
    const tree = {
      denyOrigin: (): undefined => undefined,
      inheritanceBreakBetween: (dn: string, scope: string): string | undefined =>
        dn.endsWith(ou) && scope === 'DC=contoso,DC=test' ? ou : undefined,
    };
    const [reason, ...rest] = judgeUser(user({ sd: sd('D:AI(A;;RPWP;;;SY)') }), context({ tree }));
    expect(rest).toEqual([]);
    expect(reason!.code).toBe('inheritance-disabled-above');
    expect(reason!.message).toContain(`Inheritance is disabled on ${ou}, above this user`);
    expect(wordFields(reason!.fix, cliWords)).toContain(
      `--scope "DC=contoso,DC=test" --scope "${ou}"`,
    );
    // With the OU itself as a grant scope, the user's grant comes from there: a plain missing grant.
    const scoped = context({ tree, grantScopes: ['DC=contoso,DC=test', ou] });
    expect(codes(user({ sd: sd('D:AI(A;;RPWP;;;SY)') }), scoped)).toEqual(['missing-grant']);
  });

  it('names an explicit Deny, where it was set, and which rights it refuses', () => {
    const deny = `(OD;CIID;CR;${RP};${U};${CONNECTOR})`;
    const denied = user({ sd: sd(`D:AI${deny}${GRANTS}`) });
    const tree = {
      denyOrigin: (): string => 'OU=Restricted,OU=Corp,DC=contoso,DC=test',
      inheritanceBreakBetween: (): undefined => undefined,
    };
    const [reason, ...rest] = judgeUser(denied, context({ tree }));
    expect(rest).toEqual([]);
    expect(reason!.code).toBe('deny-ace');
    expect(reason!.message).toContain('inherited from OU=Restricted,OU=Corp,DC=contoso,DC=test');
    expect(reason!.message).toContain('refuses the connector Reset password.');
    expect(reason!.message).toContain('MSOL_0123456789ab');
    expect(reason!.fix).toContain('Remove the Deny entry on OU=Restricted');
    // Origin unknown: said so, not invented.
    expect(judgeUser(denied, context())[0]!.message).toContain('inherited from a parent');
    // Explicit on the user.
    const own = user({ sd: sd(`D:AI(OD;;CR;${RP};;${DOMAIN}-513)${GRANTS}`) });
    expect(judgeUser(own, context())[0]!.message).toContain('set on the user itself');
  });

  it("applies the domain minimum age, or the resultant PSO's, against pwdLastSet", () => {
    const day = TICKS_PER_DAY;
    const ctx = context({ policy: policy(day, 3n * day) });
    // The PSO's fix says to set the PSO to 0.
    const psoFix = 'Set msDS-MinimumPasswordAge of the PSO "PSO" to 0';
    const setHoursAgo = (h: number): bigint => toFileTime(NOW - h * 3_600_000);
    expect(codes(user({ pwdLastSet: setHoursAgo(25) }), ctx)).toEqual([]);
    const recent = judgeUser(user({ pwdLastSet: setHoursAgo(23) }), ctx);
    expect(recent.map((r) => r.code)).toEqual(['minimum-password-age']);
    expect(recent[0]!.message).toContain('1 day (the domain password policy)');
    expect(recent[0]!.message).toContain('2026-06-01T13:00:00.000Z');
    const psoUser = judgeUser(user({ pwdLastSet: setHoursAgo(48), dn: PSO_USER }), ctx);
    expect(psoUser.map((r) => r.fix.slice(0, psoFix.length))).toEqual([psoFix]);
    expect(psoUser[0]!.message).toContain('3 days (the PSO "PSO")');
    // pwdLastSet = 0 (must change at next logon): no age applies.
    expect(codes(user({ pwdLastSet: 0n }), ctx)).toEqual([]);
  });

  it('reports account conditions with their severity', () => {
    expect(codes(user({ userAccountControl: 0x202 }))).toEqual(['account-disabled']);
    // Locked out: lockoutTime set and the lockout has not run out (0: until an admin unlocks).
    expect(codes(user({ lockoutTime: toFileTime(NOW - 60_000) }))).toEqual(['locked-out']);
    const thirtyMinutes = -18_000_000_000n;
    const ranOut = context({ policy: policy(0n, 0n, thirtyMinutes) });
    expect(codes(user({ lockoutTime: toFileTime(NOW - 3_600_000) }), ranOut)).toEqual([]);
    expect(codes(user({ lockoutTime: toFileTime(NOW - 60_000) }), ranOut)).toEqual(['locked-out']);
    expect(codes(user({ userAccountControl: 0x10200, pwdLastSet: 0n }))).toEqual([
      'never-expires-must-change',
    ]);
    const cannot = user({ sd: sd(`D:AI(OD;;CR;${CP};;WD)(OD;;CR;${CP};;PS)${GRANTS}`) });
    expect(codes(cannot)).toEqual(['cannot-change-password']);
    expect(isBlockerCode('account-disabled')).toBe(true);
    for (const code of [
      'locked-out',
      'cannot-change-password',
      'never-expires-must-change',
      'stale-admin-count',
    ])
      expect(isBlockerCode(code)).toBe(false);
  });
});

describe('assessUsers', () => {
  async function* many(n: number): AsyncGenerator<UserRecord> {
    const good = user();
    const bad = user({ sd: sd('D:P(A;;RPWP;;;SY)') });
    for (let i = 0; i < n; i++) {
      const base = i % 10 === 0 ? bad : good;
      yield { ...base, sAMAccountName: `u${i}`, dn: `CN=u${i},OU=Users,DC=contoso,DC=test` };
    }
  }

  it('keeps only blocked users, counts causes, reports progress', async () => {
    const seen: number[] = [];
    let t = 0;
    const result = await assessUsers(many(5000), context(), {
      onProgress: (p) => seen.push(p.usersScanned),
      progressEveryMs: 0,
      expectedTotal: 5000,
      clock: () => (t += 1),
    });
    expect(result.summary.usersScanned).toBe(5000);
    expect(result.summary.blockedUsers).toBe(500);
    expect(result.blockers).toHaveLength(500);
    expect(result.summary.usersByReason['inheritance-disabled']).toBe(500);
    expect(seen.at(-1)).toBe(5000);
    expect(seen.length).toBeGreaterThan(5);
  });

  it('counts users whose DACL could not be read instead of calling them ready', async () => {
    async function* two(): AsyncGenerator<UserRecord> {
      yield user();
      yield user({ sd: undefined, dn: 'CN=Hidden,DC=contoso,DC=test' });
    }
    const result = await assessUsers(two(), context());
    expect(result.summary.unreadableDacls).toBe(1);
    expect(result.blockers).toEqual([]);
  });

  it('stops with a clear error when cancelled', async () => {
    const controller = new AbortController();
    const run = assessUsers(many(100_000), context(), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.usersScanned >= 1000) controller.abort();
      },
      progressEveryMs: 0,
    });
    await expect(run).rejects.toMatchObject({ code: 'assess-cancelled' });
  });
});
