/** The Verify page's DC addresses box: what the walk typed, each judged with its reason. */
import { describe, expect, it } from 'vitest';
import { parseDcAddressLines } from '../../../shared/dc-addresses';

describe('DC addresses, one name=ldaps://address a line', () => {
  it('takes good lines, lower-cases the name, and skips blank lines', () => {
    expect(
      parseDcAddressLines(
        'DC2.contoso.test=ldaps://127.0.0.73\n\n dc3.contoso.test = ldaps://10.0.0.13:636 ',
      ),
    ).toEqual({
      addresses: [
        { host: 'dc2.contoso.test', url: 'ldaps://127.0.0.73' },
        { host: 'dc3.contoso.test', url: 'ldaps://10.0.0.13:636' },
      ],
      problems: [],
    });
  });

  it('refuses an address with no name, plain LDAP, a short name and a repeat, each saying why', () => {
    const { addresses, problems } = parseDcAddressLines(
      [
        'ldaps://127.0.0.73',
        'dc2.contoso.test=http://x',
        'dc2=ldaps://127.0.0.73',
        'dc4.contoso.test=ldaps://10.0.0.14',
        'dc4.contoso.test=ldaps://10.0.0.15',
        'dc5.contoso.test=ldaps://10.0.0.15/dc=contoso',
      ].join('\n'),
    );
    expect(addresses).toEqual([{ host: 'dc4.contoso.test', url: 'ldaps://10.0.0.14' }]);
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(
      /^Line 1 \(ldaps:\/\/127\.0\.0\.73\): the DC name before "=" is missing|^Line 1 .*no "="/,
    );
    expect(problems[1]).toMatch(/^Line 2 .*is not LDAPS/);
    expect(problems[2]).toMatch(/^Line 3 .*dc2 is not a DC's full DNS name/);
    expect(problems[3]).toMatch(/^Line 5 .*given twice/);
    expect(problems[4]).toMatch(/^Line 6 .*nothing after it/);
  });
});
