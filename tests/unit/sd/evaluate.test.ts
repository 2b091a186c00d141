import { describe, expect, it } from 'vitest';
import {
  evaluateAccess,
  fromSddl,
  serializeSecurityDescriptor,
  WELL_KNOWN_PROPERTY_SETS,
  WritebackGuid,
  type AccessRequest,
  type EvaluateAccessInput,
} from '../../../shared/sd';
import { DOMAIN_SID, TYPICAL_USER_SDDL } from './fixtures';

const CONNECTOR = `${DOMAIN_SID}-1105`;
const SYNC_GROUP = `${DOMAIN_SID}-1200`;
const token = { userSid: CONNECTOR, groupSids: [`${DOMAIN_SID}-513`, SYNC_GROUP] };
const reset: AccessRequest = { kind: 'control-access', rightGuid: WritebackGuid.resetPassword };
const writeLockout: AccessRequest = {
  kind: 'write-property',
  attributeGuid: WritebackGuid.lockoutTime,
};
const writePwdLastSet: AccessRequest = {
  kind: 'write-property',
  attributeGuid: WritebackGuid.pwdLastSet,
};

function check(dacl: string, request: AccessRequest, extra: Partial<EvaluateAccessInput> = {}) {
  const sd = fromSddl(`O:DAG:DUD:${dacl}`, DOMAIN_SID);
  const input = {
    token,
    request,
    objectClassGuid: WritebackGuid.userClass,
    schema: WELL_KNOWN_PROPERTY_SETS,
    ...extra,
  };
  const fromBytes = evaluateAccess({ ...input, sd: serializeSecurityDescriptor(sd) });
  const fromParsed = evaluateAccess({ ...input, sd });
  expect(fromParsed).toEqual(fromBytes);
  return fromBytes;
}

describe('evaluateAccess: MS-DTYP 2.5.3.2 with object type lists', () => {
  it('grants Reset password through the inherited writeback ACE and says which ACE decided', () => {
    const verdict = check(
      `(A;;RPLCLORC;;;AU)(OA;CIID;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})`,
      reset,
    );
    expect(verdict.granted).toBe(true);
    expect(verdict.decidedBy?.index).toBe(1);
    expect(verdict.decidedBy?.row.permission).toBe('Reset password');
    expect(verdict.reason).toMatch(
      /^Granted by ACE #2: Allow S-1-5-21-1-2-3-1105 "Reset password"/,
    );
  });

  it('denies when no ACE grants, and names the right', () => {
    const verdict = check(TYPICAL_USER_SDDL.slice(TYPICAL_USER_SDDL.indexOf('D:') + 2), reset);
    expect(verdict.granted).toBe(false);
    expect(verdict.decidedBy).toBeUndefined();
    expect(verdict.reason).toBe(
      'No ACE in the DACL grants "Reset password" to this account or its groups.',
    );
  });

  it('follows stored order: the first ACE that matches decides', () => {
    const deny = `(OD;;CR;00299570-246d-11d0-a768-00aa006e0529;;${CONNECTOR})`;
    const allow = `(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;${CONNECTOR})`;
    expect(check(deny + allow, reset)).toMatchObject({ granted: false, decidedBy: { index: 0 } });
    expect(check(allow + deny, reset)).toMatchObject({ granted: true, decidedBy: { index: 0 } });
  });

  it('skips inherit-only ACEs on the object itself', () => {
    expect(
      check(
        `(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})`,
        reset,
      ).granted,
    ).toBe(false);
  });

  it('matches the token: the user, its groups, Everyone and Authenticated Users, not others', () => {
    expect(
      check(`(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;${SYNC_GROUP})`, reset).granted,
    ).toBe(true);
    expect(check('(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;WD)', reset).granted).toBe(true);
    expect(check('(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;AU)', reset).granted).toBe(true);
    expect(check('(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;DA)', reset).granted).toBe(false);
  });

  it('substitutes SELF only when the object is the caller', () => {
    const self = '(OA;;WP;28630ebf-41d5-11d1-a9c1-0000f80367c1;;PS)';
    expect(check(self, writeLockout).granted).toBe(false);
    expect(check(self, writeLockout, { objectSid: CONNECTOR }).granted).toBe(true);
    expect(check(self, writeLockout, { objectSid: `${DOMAIN_SID}-4000` }).granted).toBe(false);
  });

  it('honours property sets, broad rights and the object class', () => {
    const viaSet = `(OA;;WP;4c164200-20c0-11d0-a768-00aa006e0529;;${CONNECTOR})`;
    expect(check(viaSet, writePwdLastSet).granted).toBe(true);
    expect(check(viaSet, writePwdLastSet, { schema: new Map() }).granted).toBe(false);
    expect(check(viaSet, writeLockout).granted).toBe(false);
    expect(check(`(A;;WP;;;${CONNECTOR})`, writeLockout).granted).toBe(true);
    expect(check(`(A;;GW;;;${CONNECTOR})`, writeLockout).granted).toBe(true);
    expect(check(`(A;;GW;;;${CONNECTOR})`, reset).granted).toBe(false);
    expect(check(`(A;;GA;;;${CONNECTOR})`, reset).granted).toBe(true);
    expect(check(`(A;;CR;;;${CONNECTOR})`, reset).granted).toBe(true);
    expect(check(`(OA;;CR;;;${CONNECTOR})`, reset).granted).toBe(true);
    expect(
      check(`(OA;;CR;bf967aba-0de6-11d0-a285-00aa003049e2;;${CONNECTOR})`, reset).granted,
    ).toBe(true);
    expect(
      check(`(OA;;CR;bf967a9c-0de6-11d0-a285-00aa003049e2;;${CONNECTOR})`, reset).granted,
    ).toBe(false);
    expect(
      check(`(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;${CONNECTOR})`, reset).granted,
    ).toBe(false);
    expect(check(`(A;;RPCR;;;${CONNECTOR})`, writeLockout).granted).toBe(false);
    // A deny on the property set denies the attribute in it.
    expect(
      check(
        `(OD;;WP;4c164200-20c0-11d0-a768-00aa006e0529;;WD)(A;;WP;;;${CONNECTOR})`,
        writePwdLastSet,
      ).granted,
    ).toBe(false);
  });

  it('evaluates what descendants of a class inherit from a parent (domain root) DACL', () => {
    const root = `(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})(A;;CR;;;${CONNECTOR})`;
    expect(check(root, reset, { scope: 'descendant' })).toMatchObject({
      granted: true,
      decidedBy: { index: 0 },
    });
    expect(
      check(root, reset, {
        scope: 'descendant',
        objectClassGuid: 'bf967a9c-0de6-11d0-a285-00aa003049e2',
      }).granted,
    ).toBe(false);
  });

  it('treats a missing DACL as full access and an empty DACL as none', () => {
    expect(
      evaluateAccess({
        token,
        request: reset,
        sd: serializeSecurityDescriptor(fromSddl('O:DA', DOMAIN_SID)),
      }).granted,
    ).toBe(true);
    expect(check('', reset).granted).toBe(false);
  });
});

describe('evaluateAccess: conditional ACEs (MS-DTYP 2.5.3.2, 2.4.4.17)', () => {
  const RESET = WritebackGuid.resetPassword;
  const U = WritebackGuid.userClass;
  const grant = `(OA;;CR;${RESET};;${CONNECTOR})`;

  it('a conditional allow grants when Member_of holds for the caller, not otherwise', () => {
    const holds = check(`(XA;;CR;;;${CONNECTOR};(Member_of {SID(${SYNC_GROUP})}))`, reset);
    expect(holds.granted).toBe(true);
    expect(holds.reason).toMatch(/Its condition holds for this account/);
    const fails = check(`(XA;;CR;;;${CONNECTOR};(Member_of {SID(${DOMAIN_SID}-999)}))`, reset);
    expect(fails.granted).toBe(false);
    expect(fails.decidedBy).toBeUndefined();
  });

  it('an UNKNOWN condition (a claim the token does not carry) is not a grant', () => {
    const verdict = check(`(XA;;CR;;;${CONNECTOR};(@User.department == "IT"))${grant}`, reset);
    expect(verdict.decidedBy?.index).toBe(1); // the plain grant after it decides
  });

  it('an UNKNOWN condition on a deny denies; a false one does not', () => {
    const unknown = check(`(XD;;CR;;;${CONNECTOR};(@User.clearance >= 3))${grant}`, reset);
    expect(unknown.granted).toBe(false);
    expect(unknown.decidedBy?.index).toBe(0);
    expect(unknown.reason).toMatch(/cannot be decided here/);
    const isFalse = check(
      `(XD;;CR;;;${CONNECTOR};(Not_Member_of {SID(${SYNC_GROUP})}))${grant}`,
      reset,
    );
    expect(isFalse.granted).toBe(true);
    expect(isFalse.decidedBy?.index).toBe(1);
  });

  it('three-valued logic: false && UNKNOWN is false, true || UNKNOWN is true', () => {
    const andFalse = `(XD;;CR;;;${CONNECTOR};((Member_of {SID(${DOMAIN_SID}-999)}) && (@User.x == 1)))`;
    expect(check(`${andFalse}${grant}`, reset).granted).toBe(true);
    const orTrue = `(XA;;CR;;;${CONNECTOR};((Member_of_any {SID(${SYNC_GROUP}), SID(BA)}) || (@User.x == 1)))`;
    expect(check(orTrue, reset).granted).toBe(true);
    const notUnknown = `(XA;;CR;;;${CONNECTOR};(!(@User.x == 1)))`;
    expect(check(notUnknown, reset).granted).toBe(false);
  });

  it('a conditional object ACE (ZA) matches on its object type like OA', () => {
    const za = `(ZA;;CR;${RESET};${U};${CONNECTOR};(Member_of {SID(${SYNC_GROUP})}))`;
    expect(check(za, reset).granted).toBe(true);
    const other = `(ZA;;CR;${WritebackGuid.changePassword};;${CONNECTOR};(Member_of {SID(${SYNC_GROUP})}))`;
    expect(check(other, reset).granted).toBe(false);
  });
});
