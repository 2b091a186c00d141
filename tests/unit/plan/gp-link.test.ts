import { describe, expect, it } from 'vitest';
import { byPrecedence, parseGpLink } from '../../../main/steps/min-password-age/gp-link';

const ddp = 'cn={31B2F340-016D-11D2-945F-00C04FB984F9},cn=policies,cn=system,DC=contoso,DC=test';
const other = 'cn={74cd76df-e6a7-7221-1232-c8fef739e096},cn=policies,cn=system,DC=contoso,DC=test';
const third = 'CN={0B2C6D1E-1111-2222-3333-444455556666},CN=Policies,CN=System,DC=contoso,DC=test';

describe('gPLink', () => {
  it('gives the last entry link order 1, and reads disabled and enforced', () => {
    const links = parseGpLink(
      `[LDAP://${ddp};0][LDAP://${third};1][LDAP://${other};0]`,
      'DC=contoso,DC=test',
    );
    expect(links.map((l) => [l.guid, l.linkOrder, l.enabled, l.enforced])).toEqual([
      ['{31B2F340-016D-11D2-945F-00C04FB984F9}', 3, true, false],
      ['{0B2C6D1E-1111-2222-3333-444455556666}', 2, false, false],
      ['{74CD76DF-E6A7-7221-1232-C8FEF739E096}', 1, true, false],
    ]);
  });

  it('puts enforced links first, then link order', () => {
    const links = byPrecedence(
      parseGpLink(`[LDAP://${ddp};2][LDAP://${third};0][LDAP://${other};0]`, 'd'),
    );
    expect(links.map((l) => l.linkOrder)).toEqual([3, 1, 2]);
    expect(parseGpLink('', 'd')).toEqual([]);
  });

  it('refuses text that is not a link', () => {
    expect(() => parseGpLink(`[LDAP://${ddp};0]junk`, 'DC=contoso,DC=test')).toThrow(
      /gPLink of DC=contoso,DC=test has text .*junk/,
    );
    expect(() => parseGpLink('[LDAP://cn=notagpo,DC=x;0]', 'd')).toThrow(/not a GPO/);
  });
});
