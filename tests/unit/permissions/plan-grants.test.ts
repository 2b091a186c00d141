import { describe, expect, it } from 'vitest';
import { evaluateWritebackRights } from '../../../main/steps/permissions/evaluate-rights';
import { fromBase64 } from '../../../main/steps/permissions/operation';
import { isPredictable, propagateDown } from '../../../main/domain/inheritance';
import { parentDn } from '../../../main/domain/dn';
import {
  planAdminSdHolderGrant,
  planEnableInheritance,
  planRootGrants,
  type Grantee,
} from '../../../main/steps/permissions/plan-grants';
import {
  fromSddl,
  parseSecurityDescriptor,
  SdControl,
  toSddl,
  WritebackGuid,
} from '../../../shared/sd';
import {
  ADMIN_SD_HOLDER_DN,
  AU_UNEXPIRE,
  CONNECTOR_GROUP_SID,
  CONNECTOR_SID,
  DOMAIN_SID,
  names,
  ROOT_ACES,
  ROOT_DN,
  rootSd,
  sd,
  TOKEN,
  USER_DEFAULT_SDDL,
} from './fixtures';

const U = WritebackGuid.userClass;
const grantee: Grantee = {
  sid: CONNECTOR_SID,
  dsaclsName: 'CONTOSO\\MSOL_0123456789ab',
  displayName: 'CONTOSO\\MSOL_0123456789ab',
};
const RESET = `(OA;CIIO;CR;${WritebackGuid.resetPassword};${U};${CONNECTOR_SID})`;
const CHANGE = `(OA;CIIO;CR;${WritebackGuid.changePassword};${U};${CONNECTOR_SID})`;
const LOCKOUT = `(OA;CIIO;WP;${WritebackGuid.lockoutTime};${U};${CONNECTOR_SID})`;
const PWDLASTSET = `(OA;CIIO;WP;${WritebackGuid.pwdLastSet};${U};${CONNECTOR_SID})`;
const UNEXPIRE = `(OA;;CR;${WritebackGuid.unexpirePassword};;${CONNECTOR_SID})`;
const schema = new Map([[WritebackGuid.pwdLastSet, WritebackGuid.userAccountRestrictions]]);

function evaluate(root: Uint8Array, withDefaults = true) {
  return evaluateWritebackRights({
    token: TOKEN,
    scopeDn: ROOT_DN,
    scopeSd: root,
    domainRootDn: ROOT_DN,
    domainRootSd: root,
    userDefaultSd: withDefaults ? fromSddl(USER_DEFAULT_SDDL, DOMAIN_SID) : null,
    schema,
    resolver: names(),
  });
}

const byId = (statuses: ReturnType<typeof evaluate>) =>
  Object.fromEntries(statuses.map((s) => [s.right.id, s]));

function plan(root: Uint8Array, withDefaults = true) {
  return planRootGrants({
    scopeDn: ROOT_DN,
    scopeSd: root,
    domainRootDn: ROOT_DN,
    domainRootSd: root,
    statuses: evaluate(root, withDefaults),
    grantee,
    resolver: names(),
    domainSid: DOMAIN_SID,
  });
}

/** The SDDL of the ACEs an operation adds, by comparing its before and after DACLs. */
function addedSddl(op: ReturnType<typeof plan>[number]): string[] {
  return op.diff.added.map((row) => row.sddl);
}

describe('evaluating the connector rights on a default domain', () => {
  it('finds Unexpire Password held through Authenticated Users and Change password through Everyone', () => {
    const status = byId(evaluate(rootSd()));
    expect(status['unexpire-password']!.held).toBe(true);
    expect(status['unexpire-password']!.decidingAce?.principal).toBe('Authenticated Users');
    expect(status['unexpire-password']!.explanation).toContain(
      'already held, through Allow Authenticated Users "Unexpire Password" (This object only) on DC=contoso,DC=test',
    );
    expect(status['change-password']!.held).toBe(true);
    expect(status['change-password']!.decidingAce?.principal).toBe('Everyone');
    expect(status['change-password']!.decidedOn).toContain('default permissions');
    for (const id of ['reset-password', 'write-lockout-time', 'write-pwd-last-set'])
      expect(status[id]!.held, id).toBe(false);
  });

  it('without the user class defaults, Change password is missing too', () => {
    expect(byId(evaluate(rootSd(), false))['change-password']!.held).toBe(false);
  });

  it('counts a property-set grant for pwdLastSet, but not for lockoutTime', () => {
    const set = `(OA;CIIO;WP;${WritebackGuid.userAccountRestrictions};${U};${CONNECTOR_SID})`;
    const status = byId(evaluate(rootSd([set])));
    expect(status['write-pwd-last-set']!.held).toBe(true);
    expect(status['write-lockout-time']!.held).toBe(false);
  });

  it('counts GenericAll on descendant users through a group in the token', () => {
    const status = byId(evaluate(rootSd([`(OA;CIIO;GA;;${U};${CONNECTOR_GROUP_SID})`])));
    for (const id of ['reset-password', 'write-lockout-time', 'write-pwd-last-set'])
      expect(status[id]!.held, id).toBe(true);
  });

  it('ignores grants for another class and grants that reach this object only', () => {
    const computer = 'bf967a86-0de6-11d0-a285-00aa003049e2';
    const status = byId(
      evaluate(
        rootSd([
          `(OA;CIIO;CR;${WritebackGuid.resetPassword};${computer};${CONNECTOR_SID})`,
          `(OA;;CR;${WritebackGuid.resetPassword};;${CONNECTOR_SID})`,
        ]),
      ),
    );
    expect(status['reset-password']!.held).toBe(false);
  });

  it('says a right is denied, and by which ACE, when a Deny decides', () => {
    const deny = `(OD;CIIO;CR;${WritebackGuid.resetPassword};${U};${CONNECTOR_SID})`;
    const status = byId(evaluate(rootSd([deny], 'AI')));
    expect(status['reset-password']!.held).toBe(false);
    expect(status['reset-password']!.decidingAce?.type).toBe('Deny');
    expect(status['reset-password']!.explanation).toContain('DENIED');
  });
});

describe('planning only what is missing', () => {
  it('adds Reset password, Write lockoutTime and Write pwdLastSet for descendant users, nothing else', () => {
    const ops = plan(rootSd());
    expect(ops).toHaveLength(1);
    const op = ops[0]!;
    expect(op.target).toBe(ROOT_DN);
    expect(op.optIn).toBe(false);
    expect(addedSddl(op)).toEqual([RESET, LOCKOUT, PWDLASTSET]);
    expect(op.diff.removed).toEqual([]);
    expect(op.diff.added.map((r) => [r.type, r.principal, r.permission, r.appliesTo])).toEqual([
      ['Allow', 'CONTOSO\\MSOL_0123456789ab', 'Reset password', 'Descendant User objects'],
      ['Allow', 'CONTOSO\\MSOL_0123456789ab', 'Write lockoutTime', 'Descendant User objects'],
      ['Allow', 'CONTOSO\\MSOL_0123456789ab', 'Write pwdLastSet', 'Descendant User objects'],
    ]);
    expect(op.commands).toEqual([
      'dsacls "DC=contoso,DC=test" /I:S /G "CONTOSO\\MSOL_0123456789ab:CA;Reset Password;user"',
      'dsacls "DC=contoso,DC=test" /I:S /G "CONTOSO\\MSOL_0123456789ab:WP;lockoutTime;user"',
      'dsacls "DC=contoso,DC=test" /I:S /G "CONTOSO\\MSOL_0123456789ab:WP;pwdLastSet;user"',
    ]);
    expect(op.summary).toBe(
      'Grant CONTOSO\\MSOL_0123456789ab: Reset password, Write lockoutTime, Write pwdLastSet on descendant User objects',
    );
  });

  it('keeps every existing ACE and the control flags, and puts the allows before inherited ACEs', () => {
    const inherited = '(A;CIID;RP;;;S-1-5-21-1000-2000-3000-1300)';
    const before = sd(`D:AI${ROOT_ACES.join('')}${inherited}`);
    const op = plan(before)[0]!;
    const after = parseSecurityDescriptor(fromBase64(op.after.sdBase64));
    const original = parseSecurityDescriptor(before);
    expect(after.control).toBe(original.control);
    const explicitCount = ROOT_ACES.length;
    // Every original ACE kept in order; the three allows inserted after the explicit ACEs, before the inherited one.
    expect(after.dacl!.aces.slice(0, explicitCount)).toEqual(
      original.dacl!.aces.slice(0, explicitCount),
    );
    expect(after.dacl!.aces.at(-1)).toEqual(original.dacl!.aces.at(-1));
    expect(
      after
        .dacl!.aces.slice(explicitCount, explicitCount + 3)
        .map((ace) => toSddl({ ...after, dacl: { ...after.dacl!, aces: [ace] } }, DOMAIN_SID)),
    ).toEqual([RESET, LOCKOUT, PWDLASTSET].map((ace) => `D:AI${ace}`));
    expect(after.dacl!.aces.length).toBe(original.dacl!.aces.length + 3);
  });

  it('plans Change password and Unexpire Password only when they are not held', () => {
    const noUnexpire = sd(`D:AI${ROOT_ACES.filter((a) => a !== AU_UNEXPIRE).join('')}`);
    const op = plan(noUnexpire, false)[0]!;
    expect(addedSddl(op).sort()).toEqual([RESET, CHANGE, LOCKOUT, PWDLASTSET, UNEXPIRE].sort());
    expect(op.commands).toContain(
      'dsacls "DC=contoso,DC=test" /G "CONTOSO\\MSOL_0123456789ab:CA;Unexpire Password"',
    );
    expect(op.commands).toContain(
      'dsacls "DC=contoso,DC=test" /I:S /G "CONTOSO\\MSOL_0123456789ab:CA;Change Password;user"',
    );
  });

  it('plans nothing once the planned ACEs are in place (plan again is empty)', () => {
    const op = plan(rootSd())[0]!;
    expect(plan(fromBase64(op.after.sdBase64))).toEqual([]);
  });

  it('does not plan an Allow behind a Deny that would still decide', () => {
    const deny = `(OD;CIIO;CR;${WritebackGuid.resetPassword};${U};${CONNECTOR_SID})`;
    const op = plan(rootSd([deny]))[0]!;
    expect(addedSddl(op)).toEqual([LOCKOUT, PWDLASTSET]);
  });

  it('fingerprints the exact bytes read', () => {
    const before = rootSd();
    const op = plan(before)[0]!;
    expect(op.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(plan(rootSd(['(A;;RC;;;WD)']))[0]!.fingerprint).not.toBe(op.fingerprint);
    expect(fromBase64(op.before.sdBase64)).toEqual(before);
  });

  it('with an OU scope, grants on the OU and Unexpire Password on the domain root separately', () => {
    const ouDn = `OU=Corp,${ROOT_DN}`;
    const ouSd = sd('D:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)');
    const root = sd(`D:AI${ROOT_ACES.filter((a) => a !== AU_UNEXPIRE).join('')}`);
    const statuses = evaluateWritebackRights({
      token: TOKEN,
      scopeDn: ouDn,
      scopeSd: ouSd,
      domainRootDn: ROOT_DN,
      domainRootSd: root,
      userDefaultSd: fromSddl(USER_DEFAULT_SDDL, DOMAIN_SID),
      schema,
      resolver: names(),
    });
    const ops = planRootGrants({
      scopeDn: ouDn,
      scopeSd: ouSd,
      domainRootDn: ROOT_DN,
      domainRootSd: root,
      statuses,
      grantee,
      resolver: names(),
      domainSid: DOMAIN_SID,
    });
    expect(ops.map((op) => op.target)).toEqual([ouDn, ROOT_DN]);
    expect(addedSddl(ops[0]!)).toEqual([RESET, LOCKOUT, PWDLASTSET]);
    expect(addedSddl(ops[1]!)).toEqual([UNEXPIRE]);
    expect(ops[0]!.summary).toContain(`descendant User objects of ${ouDn}`);
  });
});

describe('opt-in operations', () => {
  it('AdminSDHolder: this-object grants, opt-in, said to be not recommended; nothing once held', () => {
    const holder = sd('D:PAI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;;RPLCLORC;;;AU)');
    const input = {
      adminSdHolderDn: ADMIN_SD_HOLDER_DN,
      adminSdHolderSd: holder,
      token: TOKEN,
      grantee,
      schema,
      resolver: names(),
      domainSid: DOMAIN_SID,
    };
    const op = planAdminSdHolderGrant(input)!;
    expect(op.optIn).toBe(true);
    expect(op.summary).toContain('not recommended');
    expect(addedSddl(op)).toEqual([
      `(OA;;CR;${WritebackGuid.resetPassword};;${CONNECTOR_SID})`,
      `(OA;;WP;${WritebackGuid.lockoutTime};;${CONNECTOR_SID})`,
      `(OA;;WP;${WritebackGuid.pwdLastSet};;${CONNECTOR_SID})`,
    ]);
    expect(op.after.inheritance).toBe('disabled');
    expect(op.commands[0]).toBe(
      `dsacls "${ADMIN_SD_HOLDER_DN}" /G "CONTOSO\\MSOL_0123456789ab:CA;Reset Password"`,
    );
    expect(
      planAdminSdHolderGrant({ ...input, adminSdHolderSd: fromBase64(op.after.sdBase64) }),
    ).toBeUndefined();
  });

  it("enable inheritance: explicit ACEs kept, the parent's inheritable ACEs appended as the DC does, dsacls /P:N", () => {
    const userDn = `CN=Nadia,OU=Staff,OU=Corp,${ROOT_DN}`;
    const computer = 'bf967a86-0de6-11d0-a285-00aa003049e2';
    const parent = sd(
      `D:AI(A;;RPLCLORC;;;AU)(OA;CIIO;CR;${WritebackGuid.resetPassword};${U};${CONNECTOR_SID})` +
        `(OA;CIIO;RP;4c164200-20c0-11d0-a768-00aa006e0529;${computer};RU)(A;CINP;LC;;;RU)(A;CIID;LC;;;BA)`,
    );
    const before = sd(
      'D:PAI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)',
    );
    const parentDacl = parseSecurityDescriptor(parent).dacl;
    const op = planEnableInheritance({
      userDn,
      userSd: before,
      parentDacl,
      domainSid: DOMAIN_SID,
    })!;
    expect(op.optIn).toBe(true);
    expect(op.target).toBe(userDn);
    expect(op.diff.removed).toEqual([]);
    expect(op.diff.inheritance).toBe('Inheritance: disabled → enabled');
    expect(op.commands).toEqual([`dsacls "${userDn}" /P:N`]);
    expect(op.after.sddl).toBe(
      'D:AI(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)' +
        `(OA;CIID;CR;${WritebackGuid.resetPassword};${U};${CONNECTOR_SID})` +
        `(OA;CIIOID;RP;4c164200-20c0-11d0-a768-00aa006e0529;${computer};RU)(A;ID;LC;;;RU)(A;CIID;LC;;;BA)`,
    );
    const after = parseSecurityDescriptor(fromBase64(op.after.sdBase64));
    expect(after.control & SdControl.daclProtected).toBe(0);
    expect(
      planEnableInheritance({ userDn, userSd: fromBase64(op.after.sdBase64), parentDacl }),
    ).toBeUndefined();
  });

  it('the inheritance prediction refuses parents with CREATOR OWNER inheritable ACEs', () => {
    expect(isPredictable(parseSecurityDescriptor(sd('D:(A;CIIO;GA;;;CO)')).dacl)).toBe(false);
    expect(isPredictable(parseSecurityDescriptor(rootSd()).dacl)).toBe(true);
  });

  it('propagateDown: a grant on the domain root reaches a user two levels down as the DC computes it', () => {
    const ou = 'bf967aa5-0de6-11d0-a285-00aa003049e2';
    const root = plan(rootSd())[0]!;
    const parentDacl = propagateDown([
      {
        dn: ROOT_DN,
        sd: fromBase64(root.after.sdBase64),
        classGuid: '19195a5b-6da0-11d0-afd3-00c04fd930c9',
      },
      { dn: `OU=Corp,${ROOT_DN}`, sd: sd('D:AI(A;;RPLCLORC;;;AU)'), classGuid: ou },
      { dn: `OU=Staff,OU=Corp,${ROOT_DN}`, sd: sd('D:AI(A;CI;LC;;;AU)'), classGuid: ou },
    ]);
    const op = planEnableInheritance({
      userDn: `CN=N,OU=Staff,OU=Corp,${ROOT_DN}`,
      userSd: sd('D:PAI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)'),
      parentDacl,
      domainSid: DOMAIN_SID,
    })!;
    expect(op.after.sddl).toContain(
      `(OA;CIID;CR;${WritebackGuid.resetPassword};${U};${CONNECTOR_SID})`,
    );
    expect(op.after.sddl).toContain('(A;CIID;LC;;;AU)');
    expect(op.after.sddl).not.toContain('LCRPLORC;;;AU)(OA;CIID'); // the OU's non-inheritable ACE stays there
  });

  it('parentDn honours escaped commas', () => {
    expect(parentDn('CN=Doe\\, John,OU=Staff,DC=contoso,DC=test')).toBe(
      'OU=Staff,DC=contoso,DC=test',
    );
    expect(parentDn('DC=test')).toBeUndefined();
  });

  it('enable inheritance on an adminCount=1 account warns that SDProp will disable it again', () => {
    const before = sd('D:PAI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)');
    const op = planEnableInheritance({
      userDn: `CN=Paul,CN=Users,${ROOT_DN}`,
      userSd: before,
      parentDacl: parseSecurityDescriptor(rootSd()).dacl,
      adminCount: true,
    })!;
    expect(op.summary).toContain('SDProp');
  });
});
