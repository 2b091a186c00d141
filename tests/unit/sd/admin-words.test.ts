import { describe, expect, it } from 'vitest';
import {
  addAce,
  builtInNames,
  describeAce,
  diffDacl,
  findEquivalentOrCoveringAce,
  fromSddl,
  NameTable,
  removeAces,
  SdError,
  setDaclProtected,
  toSddl,
  type Ace,
  type Acl,
  WELL_KNOWN_PROPERTY_SETS,
  formatGuid,
  WritebackGuid,
} from '../../../shared/sd';
import { DOMAIN_SID } from './fixtures';

const CONNECTOR = `${DOMAIN_SID}-1105`;
const names = builtInNames(DOMAIN_SID);
const dacl = (sddl: string): Acl => fromSddl(`D:${sddl}`, DOMAIN_SID).dacl!;
const ace = (sddl: string): Ace => dacl(sddl).aces[0]!;
const RESET = `(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})`;

describe('describeAce: the rows of ADUC Advanced Security Settings', () => {
  const cases: readonly [string, Partial<ReturnType<typeof describeAce>>][] = [
    [
      RESET,
      {
        type: 'Allow',
        principal: CONNECTOR,
        permission: 'Reset password',
        appliesTo: 'Descendant User objects',
        inherited: false,
      },
    ],
    [
      `(OA;CIIO;WP;28630ebf-41d5-11d1-a9c1-0000f80367c1;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})`,
      { permission: 'Write lockoutTime', appliesTo: 'Descendant User objects' },
    ],
    [
      '(A;CIID;GA;;;DA)',
      {
        principal: 'Domain Admins',
        permission: 'Full control',
        inherited: true,
        appliesTo: 'This object and all descendant objects',
      },
    ],
    [
      '(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)',
      { principal: 'SYSTEM', permission: 'Full control', appliesTo: 'This object only' },
    ],
    [
      '(A;CIIO;RP;;;AU)',
      {
        principal: 'Authenticated Users',
        permission: 'Read all properties',
        appliesTo: 'All descendant objects',
      },
    ],
    ['(A;;LCRPLORC;;;AU)', { permission: 'Read' }],
    [
      '(OD;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)',
      { type: 'Deny', principal: 'Everyone', permission: 'Change password' },
    ],
    [
      '(OA;;WP;4c164200-20c0-11d0-a768-00aa006e0529;;PS)',
      { principal: 'SELF', permission: 'Write Account Restrictions' },
    ],
    [
      '(A;;RPWP;;;RU)',
      {
        principal: 'Pre-Windows 2000 Compatible Access',
        permission: 'Special: Read all properties, Write all properties',
      },
    ],
    [
      '(OA;CINPIO;CCDC;bf967aba-0de6-11d0-a285-00aa003049e2;;AO)',
      {
        permission: 'Special: Create User objects, Delete User objects',
        appliesTo: 'Child objects only',
      },
    ],
    [
      '(A;CI;CR;;;S-1-5-21-9-9-9-1000)',
      { principal: 'S-1-5-21-9-9-9-1000', permission: 'All extended rights' },
    ],
  ];
  for (const [sddl, expected] of cases) {
    it(sddl, () => {
      const row = describeAce(ace(sddl), names);
      expect(row).toMatchObject(expected);
      expect(row.sddl).toBe(sddl);
    });
  }

  it('uses names learned at run time', () => {
    const table = new NameTable(DOMAIN_SID).addPrincipal(CONNECTOR, 'CONTOSO\\MSOL_0123456789ab');
    table.addGuid('11111111-2222-3333-4444-555555555555', {
      kind: 'attribute',
      name: 'extensionAttribute1',
      displayName: 'extensionAttribute1',
    });
    const row = describeAce(
      ace(`(OA;;WP;11111111-2222-3333-4444-555555555555;;${CONNECTOR})`),
      table,
    );
    expect(row).toMatchObject({
      principal: 'CONTOSO\\MSOL_0123456789ab',
      permission: 'Write extensionAttribute1',
    });
  });

  it('learns schema objects and extended rights read from the directory', () => {
    const table = new NameTable(DOMAIN_SID)
      .addSchemaObject({
        schemaIDGUID: 'bf967aba-0de6-11d0-a285-00aa003049e2',
        lDAPDisplayName: 'user',
        isClass: true,
      })
      .addSchemaObject({
        schemaIDGUID: formatGuid('aaaaaaaa-0000-0000-0000-000000000001'),
        lDAPDisplayName: 'contosoBadge',
        isClass: false,
        attributeSecurityGUID: formatGuid('bbbbbbbb-0000-0000-0000-000000000002'),
      })
      .addExtendedRight({
        rightsGuid: 'bbbbbbbb-0000-0000-0000-000000000002',
        cn: 'Contoso-Badge-Info',
        displayName: 'Badge Information',
        validAccesses: 0x30,
      })
      .addExtendedRight({
        rightsGuid: '00299570-246d-11d0-a768-00aa006e0529',
        cn: 'User-Force-Change-Password',
        displayName: 'Reset Password',
        validAccesses: 0x100,
      });
    expect(table.propertySets().get('aaaaaaaa-0000-0000-0000-000000000001')).toBe(
      'bbbbbbbb-0000-0000-0000-000000000002',
    );
    expect(table.propertySets().get(WritebackGuid.pwdLastSet)).toBe(
      WritebackGuid.userAccountRestrictions,
    );
    expect(
      describeAce(ace(`(OA;;WP;bbbbbbbb-0000-0000-0000-000000000002;;${CONNECTOR})`), table)
        .permission,
    ).toBe('Write Badge Information');
    expect(
      describeAce(ace(`(OA;;RP;aaaaaaaa-0000-0000-0000-000000000001;;${CONNECTOR})`), table)
        .permission,
    ).toBe('Read contosoBadge');
    expect(describeAce(ace(RESET), table)).toMatchObject({
      permission: 'Reset password',
      appliesTo: 'Descendant User objects',
    });
  });

  it('tells whether descendants of a class inherit the ACE', () => {
    expect(
      describeAce(ace(RESET), names, 'bf967aba-0de6-11d0-a285-00aa003049e2').inheritsToTargetClass,
    ).toBe(true);
    expect(
      describeAce(ace(RESET), names, 'bf967a9c-0de6-11d0-a285-00aa003049e2').inheritsToTargetClass,
    ).toBe(false);
    expect(describeAce(ace(RESET), names).appliesToThisObject).toBe(false);
  });
});

describe('editing a DACL', () => {
  const base = dacl('(D;;WP;;;WD)(A;;RP;;;AU)(A;ID;RP;;;DU)');

  it('puts an explicit deny after the explicit denies, an explicit allow before the inherited ACEs', () => {
    const withDeny = addAce(base, ace('(D;;CR;;;AU)'));
    expect(
      toSddl(
        {
          revision: 1,
          sbz1: 0,
          control: 0x8004,
          owner: null,
          group: null,
          sacl: null,
          dacl: withDeny,
        },
        DOMAIN_SID,
      ),
    ).toBe('D:(D;;WP;;;WD)(D;;CR;;;AU)(A;;RP;;;AU)(A;ID;RP;;;DU)');
    const withAllow = addAce(base, ace(RESET));
    expect(withAllow.aces.map((a) => describeAce(a, names).sddl)).toEqual([
      '(D;;WP;;;WD)',
      '(A;;RP;;;AU)',
      RESET,
      '(A;ID;RP;;;DU)',
    ]);
    expect(withAllow.revision).toBe(4);
  });

  it('removes exactly the given ACEs and refuses one that is not there', () => {
    const withAllow = addAce(base, ace(RESET));
    expect(removeAces(withAllow, [ace(RESET)])).toEqual({ ...base, revision: 4 });
    expect(() => removeAces(base, [ace(RESET)])).toThrow(SdError);
  });

  it('recognises an ACE already present or covered by a broader one', () => {
    const grant = ace(RESET);
    expect(findEquivalentOrCoveringAce(dacl(RESET), grant)).toMatchObject({
      index: 0,
      relation: 'equal',
    });
    expect(findEquivalentOrCoveringAce(dacl(`(A;CI;GA;;;${CONNECTOR})`), grant)).toMatchObject({
      relation: 'covering',
    });
    expect(
      findEquivalentOrCoveringAce(
        dacl(`(OA;CI;CR;;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})`),
        grant,
      ),
    ).toMatchObject({
      relation: 'covering',
    });
    expect(findEquivalentOrCoveringAce(dacl('(A;CIIO;CR;;;AU)'), grant)).toMatchObject({
      relation: 'covering',
    });
    // Not covering: this object only, another right, another class, a deny, someone else.
    expect(findEquivalentOrCoveringAce(dacl(`(A;;GA;;;${CONNECTOR})`), grant)).toBeUndefined();
    expect(
      findEquivalentOrCoveringAce(
        dacl(`(OA;CI;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;${CONNECTOR})`),
        grant,
      ),
    ).toBeUndefined();
    expect(
      findEquivalentOrCoveringAce(
        dacl(`(OA;CI;CR;;bf967a9c-0de6-11d0-a285-00aa003049e2;${CONNECTOR})`),
        grant,
      ),
    ).toBeUndefined();
    expect(findEquivalentOrCoveringAce(dacl(`(D;CI;CR;;;${CONNECTOR})`), grant)).toBeUndefined();
    expect(findEquivalentOrCoveringAce(dacl(`(A;CI;CR;;;DA)`), grant)).toBeUndefined();
    expect(
      findEquivalentOrCoveringAce(dacl(`(A;CI;CR;;;DA)`), grant, {
        principalSids: [`${DOMAIN_SID}-512`],
      }),
    ).toMatchObject({
      relation: 'covering',
    });
  });

  it('counts a grant on the property set as covering the attribute in it', () => {
    const pwdLastSet = ace(
      `(OA;CIIO;WP;bf967a0a-0de6-11d0-a285-00aa003049e2;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})`,
    );
    const onSet = dacl(`(OA;CI;WP;4c164200-20c0-11d0-a768-00aa006e0529;;${CONNECTOR})`);
    expect(findEquivalentOrCoveringAce(onSet, pwdLastSet)).toBeUndefined();
    expect(
      findEquivalentOrCoveringAce(onSet, pwdLastSet, { schema: WELL_KNOWN_PROPERTY_SETS }),
    ).toMatchObject({
      relation: 'covering',
      index: 0,
    });
  });

  it('sets and clears the protected flag', () => {
    const sd = fromSddl('D:AI(A;;RP;;;AU)', DOMAIN_SID);
    const locked = setDaclProtected(sd, true);
    expect(toSddl(locked)).toBe('D:PAI(A;;RP;;;AU)');
    expect(toSddl(setDaclProtected(locked, false))).toBe('D:AI(A;;RP;;;AU)');
  });
});

describe('diffDacl', () => {
  it('lists added and removed ACEs in admin words and SDDL, ignoring order', () => {
    const before = dacl('(A;;RP;;;AU)(A;;WP;;;DA)(A;;WP;;;DA)');
    const after = dacl(`(A;;WP;;;DA)${RESET}(A;;RP;;;AU)`);
    const diff = diffDacl(before, after, names);
    expect(diff.added.map((row) => [row.permission, row.sddl])).toEqual([
      ['Reset password', RESET],
    ]);
    expect(diff.removed.map((row) => [row.principal, row.sddl])).toEqual([
      ['Domain Admins', '(A;;WP;;;DA)'],
    ]);
    expect(diffDacl(before, before, names)).toEqual({ added: [], removed: [] });
  });
});

describe('conditional ACEs and ACE types the kernel does not interpret', () => {
  it('names a conditional ACE as the ACE it acts as, with its condition', () => {
    const conditional = ace(
      `(ZA;CI;CR;${WritebackGuid.resetPassword};${WritebackGuid.userClass};DU;(Member_of {SID(DA)}))`,
    );
    const row = describeAce(conditional, names);
    expect(row).toMatchObject({
      type: 'Allow',
      principal: expect.stringContaining('Domain Users'),
      permission: 'Reset password, when (Member_of {SID(DA)})',
      appliesTo: 'This object and descendant User objects',
      ace: conditional,
    });
    expect(row.sddl).toBe(
      `(ZA;CI;CR;${WritebackGuid.resetPassword};${WritebackGuid.userClass};DU;(Member_of {SID(DA)}))`,
    );
  });

  it('shows a malformed callback ACE as Special and refuses to invent SDDL for it', () => {
    const opaque: Ace = {
      kind: 'opaque',
      aceType: 0x09,
      flags: 0,
      body: new Uint8Array([1, 2, 3, 4]),
    };
    const row = describeAce(opaque, names);
    expect(row).toMatchObject({ type: 'Other', permission: 'Special (ACE type 0x9)', sddl: '' });
    expect(() =>
      toSddl({
        revision: 1,
        sbz1: 0,
        control: 0x8004,
        owner: null,
        group: null,
        sacl: null,
        dacl: { revision: 2, aces: [opaque] },
      }),
    ).toThrow(/no SDDL rendering/);
  });
});
