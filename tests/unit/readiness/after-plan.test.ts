import { describe, expect, it } from 'vitest';
import { ContainerClass, ContainerIndex, containerDacl } from '../../../main/domain/containers';
import { PasswordPolicy } from '../../../main/domain/password-policy';
import { ResultantPsos } from '../../../main/domain/resultant-pso';
import { AfterPlan, judgeAfterPlan, plannedDacls } from '../../../main/readiness/after-plan';
import { assessUsers } from '../../../main/readiness/assess-users';
import type { UserRecord } from '../../../main/readiness/user-record';
import type { ReadinessContext } from '../../../main/readiness/user-verdict';
import type { Operation } from '../../../shared/plan';
import { fromSddl, serializeSecurityDescriptor, WritebackGuid } from '../../../shared/sd';

const DOMAIN = 'S-1-5-21-1-2-3';
const CONNECTOR = `${DOMAIN}-1105`;
const ROOT = 'DC=contoso,DC=test';
const USERS = `OU=Users,${ROOT}`;
const LOCKED = `OU=Locked,${ROOT}`;
const HOLDER = `CN=AdminSDHolder,CN=System,${ROOT}`;
const { resetPassword: RP, lockoutTime: LT, pwdLastSet: PLS, userClass: U } = WritebackGuid;
const GRANTS = `(OA;CIIO;CR;${RP};${U};${CONNECTOR})(OA;CIIO;WP;${LT};${U};${CONNECTOR})(OA;CIIO;WP;${PLS};${U};${CONNECTOR})`;
const THIS_OBJECT_GRANTS = GRANTS.replaceAll(`;CIIO;`, ';;').replaceAll(`;${U};`, ';;');
const ADMINS = '(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)';
const sd = (sddl: string): Uint8Array => serializeSecurityDescriptor(fromSddl(sddl, DOMAIN));

const containers = new ContainerIndex([
  containerDacl(ROOT, sd(`D:AI${ADMINS}`), ContainerClass.domainDNS),
  containerDacl(
    USERS,
    sd(`D:AI(A;CI;LC;;;AU)${ADMINS.replace('(A;;', '(A;CIID;')}`),
    ContainerClass.organizationalUnit,
  ),
  containerDacl(LOCKED, sd(`D:PAI(A;CI;LC;;;AU)`), ContainerClass.organizationalUnit),
  containerDacl(HOLDER, sd(`D:PAI${ADMINS}`), ContainerClass.container),
]);

function user(cn: string, parent: string, sddl: string, adminCount = 0): UserRecord {
  return {
    dn: `CN=${cn},${parent}`,
    sAMAccountName: cn.toLowerCase(),
    userAccountControl: 0x200,
    adminCount,
    pwdLastSet: undefined,
    lockoutTime: undefined,
    objectSid: undefined,
    sd: sd(sddl),
  };
}

const ann = user('Ann', USERS, `D:AI${ADMINS}`);
const lena = user('Lena', LOCKED, `D:AI${ADMINS}`);
const nadia = user('Nadia', USERS, `D:PAI${ADMINS}`);
const paul = user('Paul', USERS, `D:AI${ADMINS}`, 1);
const protectedMembers = new Map([[paul.dn.toLowerCase(), 'Domain Admins']]);

const context: ReadinessContext = {
  token: { userSid: CONNECTOR, groupSids: [] },
  connectorName: 'MSOL_0123456789ab',
  policy: new PasswordPolicy(
    { ticks: 0n, source: 'the domain password policy', fix: '' },
    0n,
    new ResultantPsos(),
    [],
  ),
  protectedMembers,
  tree: containers,
  grantScopes: [ROOT],
  now: Date.parse('2026-06-01T12:00:00Z'),
};

const codes = (judge: (u: UserRecord, c: ReadinessContext) => { code: string }[], u: UserRecord) =>
  judge(u, context).map((r) => r.code);

function afterPlan(planned: Record<string, string>) {
  return new AfterPlan(
    { domainDn: ROOT, containers, protectedMembers },
    new Map(Object.entries(planned).map(([dn, sddl]) => [dn.toLowerCase(), sd(sddl)])),
  );
}

describe('the verdicts after a plan (the one engine on the DACLs the plan writes)', () => {
  it('a grant on the domain root reaches inheriting users, not those behind inheritance disabled', () => {
    const judge = judgeAfterPlan(afterPlan({ [ROOT]: `D:AI${GRANTS}${ADMINS}` }));
    expect(codes(judge, ann)).toEqual([]);
    expect(codes(judge, lena)).toEqual(['inheritance-disabled-above']);
    expect(codes(judge, nadia)).toEqual(['inheritance-disabled']);
    // Paul is protected: SDProp stamps AdminSDHolder (not granted) whatever the root says.
    expect(codes(judge, paul)).toEqual(['protected-account']);
  });

  it('the opt-ins: the user re-inheriting, and AdminSDHolder as SDProp will stamp it', () => {
    const judge = judgeAfterPlan(
      afterPlan({
        [ROOT]: `D:AI${GRANTS}${ADMINS}`,
        [nadia.dn]: `D:AI${ADMINS}${GRANTS.replaceAll('CIIO', 'CIID')}`,
        [HOLDER]: `D:PAI${THIS_OBJECT_GRANTS}${ADMINS}`,
        [LOCKED]: `D:PAI${GRANTS}(A;CI;LC;;;AU)`,
      }),
    );
    expect(codes(judge, nadia)).toEqual([]);
    expect(codes(judge, paul)).toEqual([]);
    expect(codes(judge, lena)).toEqual([]);
  });

  it('leaves a user as read when nothing the plan writes reaches it', () => {
    const projection = afterPlan({ [LOCKED]: `D:PAI${GRANTS}(A;CI;LC;;;AU)` });
    expect(projection.sdAfter(ann)).toBe(ann.sd);
    expect(projection.sdAfter(nadia)).toBe(nadia.sd);
  });

  it("takes a plan's security-descriptor after-images, and judges both ways in one pass", async () => {
    const operation = {
      kind: 'security-descriptor',
      target: ROOT,
      after: { base64: Buffer.from(sd(`D:AI${GRANTS}${ADMINS}`)).toString('base64'), sddl: '' },
    } as unknown as Operation;
    const planned = plannedDacls([operation]);
    expect([...planned.keys()]).toEqual([ROOT.toLowerCase()]);
    const judge = judgeAfterPlan(
      new AfterPlan({ domainDn: ROOT, containers, protectedMembers }, planned),
    );
    let read = 0;
    async function* users() {
      for (const u of [ann, lena, nadia, paul]) {
        read++;
        yield u;
      }
    }
    const result = await assessUsers(users(), context, { afterPlan: judge });
    expect(read).toBe(4);
    expect(result.summary.blockedUsers).toBe(4);
    expect(result.afterPlan!.blockers.map((b) => b.sAMAccountName)).toEqual([
      'lena',
      'nadia',
      'paul',
    ]);
    expect(result.afterPlan!.summary.usersByReason['missing-grant']).toBe(0);
  });
});
