/** A plan made on one domain of a multi-domain forest says which domains it does not cover. */
import type { Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { otherDomains } from '../../../main/plan/make-plan';

function forest(domains: { nc: string; dnsRoot: string }[]): Client {
  return {
    search: async (base: string, options: { filter?: string }) => {
      if (base === '')
        return {
          searchEntries: [
            { dn: '', configurationNamingContext: 'CN=Configuration,DC=contoso,DC=com' },
          ],
        };
      expect(base).toBe('CN=Partitions,CN=Configuration,DC=contoso,DC=com');
      // Only domain crossRefs (SYSTEM_FLAG_CR_NTDS_DOMAIN), not the DNS or schema partitions.
      expect(options.filter).toContain('systemFlags:1.2.840.113556.1.4.803:=2');
      return {
        searchEntries: domains.map((d) => ({
          dn: `CN=${d.dnsRoot},${base}`,
          nCName: d.nc,
          dnsRoot: d.dnsRoot,
        })),
      };
    },
  } as unknown as Client;
}

describe('otherDomains', () => {
  it('lists every domain but the one planned, whatever the DN case', async () => {
    const client = forest([
      { nc: 'DC=contoso,DC=com', dnsRoot: 'contoso.com' },
      { nc: 'DC=emea,DC=contoso,DC=com', dnsRoot: 'emea.contoso.com' },
      { nc: 'DC=fabrikam,DC=net', dnsRoot: 'fabrikam.net' },
    ]);
    expect(await otherDomains(client, 'dc=Contoso,dc=COM')).toEqual([
      { nc: 'DC=emea,DC=contoso,DC=com', dnsRoot: 'emea.contoso.com' },
      { nc: 'DC=fabrikam,DC=net', dnsRoot: 'fabrikam.net' },
    ]);
  });

  it('is empty in a single-domain forest', async () => {
    expect(
      await otherDomains(
        forest([{ nc: 'DC=contoso,DC=com', dnsRoot: 'contoso.com' }]),
        'DC=contoso,DC=com',
      ),
    ).toEqual([]);
  });
});
