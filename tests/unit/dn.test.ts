import { describe, expect, it } from 'vitest';
import { canonicalDn, dnsNameOfDomainDn, isAtOrUnder, isChildOf } from '../../shared/dn';

describe('distinguished names compared for containment', () => {
  it('ignore case and spaces around separators, keep escaped commas inside their RDN', () => {
    expect(canonicalDn(' OU=Staff , DC=Contoso,dc=COM ')).toBe('ou=staff,dc=contoso,dc=com');
    expect(canonicalDn('CN=Smith\\, Ann,OU=Staff,DC=contoso,DC=com')).toBe(
      'cn=smith\\, ann,ou=staff,dc=contoso,dc=com',
    );
  });

  it('tell an object under a container from a look-alike name', () => {
    expect(isAtOrUnder('CN=Ann,OU=Staff,DC=contoso,DC=com', 'ou=staff,dc=contoso,dc=com')).toBe(
      true,
    );
    expect(isAtOrUnder('OU=Staff,DC=contoso,DC=com', 'OU=Staff,DC=contoso,DC=com')).toBe(true);
    expect(isAtOrUnder('CN=Ann,OU=XStaff,DC=contoso,DC=com', 'OU=Staff,DC=contoso,DC=com')).toBe(
      false,
    );
    // An escaped comma is not a separator: "Sales\, Staff" is one OU, not under OU=Staff.
    expect(isAtOrUnder('OU=Sales\\,Staff,DC=contoso,DC=com', 'Staff,DC=contoso,DC=com')).toBe(
      false,
    );
  });

  it('tell a child from a grandchild', () => {
    expect(isChildOf('DC=emea,DC=contoso,DC=com', 'DC=contoso,DC=com')).toBe(true);
    expect(isChildOf('DC=paris,DC=emea,DC=contoso,DC=com', 'DC=contoso,DC=com')).toBe(false);
    expect(isChildOf('DC=tailspin,DC=com', 'DC=contoso,DC=com')).toBe(false);
  });

  it('give a domain DN its DNS name, and nothing for another DN', () => {
    expect(dnsNameOfDomainDn('DC=EMEA, DC=Contoso,DC=com')).toBe('emea.contoso.com');
    expect(dnsNameOfDomainDn('CN=Configuration,DC=contoso,DC=com')).toBeUndefined();
    expect(dnsNameOfDomainDn('')).toBeUndefined();
  });
});
