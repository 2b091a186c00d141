/**
 * The DCs of each domain of a forest from the configuration NC, over a directory double holding
 * what Samba cannot host: DCs of a child domain, read-only DCs (told by msDS-isRODC or by the
 * NTDS-DSA-RO category), a DC that predates msDS-HasDomainNCs, and a server object left by a
 * demoted DC.
 */
import { describe, expect, it } from 'vitest';
import type { Directory, DirectoryEntry, SearchOptions } from '../../../main/directory/directory';
import { readForestDcs, writableDcsFor } from '../../../main/directory/forest-dcs';
import { forestModel } from '../../../main/directory/forest-domains';

const config = 'CN=Configuration,DC=contoso,DC=com';
const partitions = `CN=Partitions,${config}`;
const model = forestModel('DC=contoso,DC=com', [
  {
    dn: `CN=CONTOSO,${partitions}`,
    nCName: 'DC=contoso,DC=com',
    dnsRoot: 'contoso.com',
    systemFlags: 3,
  },
  {
    dn: `CN=EMEA,${partitions}`,
    nCName: 'DC=emea,DC=contoso,DC=com',
    dnsRoot: 'emea.contoso.com',
    systemFlags: 3,
    trustParent: `CN=CONTOSO,${partitions}`,
  },
]);

const entry = (dn: string, values: Record<string, string | string[]>): DirectoryEntry => ({
  dn,
  values: Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v : [v]]),
  ),
  bytes: {},
});
const server = (site: string, name: string, host: string) =>
  entry(`CN=${name},CN=Servers,CN=${site},CN=Sites,${config}`, {
    objectClass: ['top', 'server'],
    dNSHostName: host,
  });
const settings = (site: string, name: string, values: Record<string, string | string[]>) =>
  entry(`CN=NTDS Settings,CN=${name},CN=Servers,CN=${site},CN=Sites,${config}`, {
    objectClass: ['top', 'applicationSettings', 'nTDSDSA'],
    objectCategory: `CN=NTDS-DSA,CN=Schema,${config}`,
    ...values,
  });

const entries: DirectoryEntry[] = [
  server('HQ', 'DC1', 'dc1.contoso.com'),
  settings('HQ', 'DC1', {
    'msDS-HasDomainNCs': 'DC=contoso,DC=com',
    hasMasterNCs: [config, `CN=Schema,${config}`, 'DC=contoso,DC=com'],
    'msDS-isRODC': 'FALSE',
    options: '1',
  }),
  server('Branch', 'RODC1', 'rodc1.contoso.com'),
  settings('Branch', 'RODC1', {
    'msDS-HasDomainNCs': 'DC=contoso,DC=com',
    'msDS-isRODC': 'TRUE',
    options: '1',
  }),
  server('Paris', 'EDC2', 'edc2.emea.contoso.com'),
  // Before msDS-HasDomainNCs: the domain is the domain NC among hasMasterNCs.
  settings('Paris', 'EDC2', {
    hasMasterNCs: [config, `CN=Schema,${config}`, 'DC=emea,DC=contoso,DC=com'],
    options: '0',
  }),
  server('Paris', 'EDC1', 'edc1.emea.contoso.com'),
  settings('Paris', 'EDC1', {
    'msDS-HasDomainNCs': 'DC=emea,DC=contoso,DC=com',
    'msDS-isRODC': 'FALSE',
    options: '1',
  }),
  server('Lyon', 'ERODC', 'erodc.emea.contoso.com'),
  settings('Lyon', 'ERODC', {
    objectCategory: `CN=NTDS-DSA-RO,CN=Schema,${config}`,
    'msDS-HasDomainNCs': 'DC=emea,DC=contoso,DC=com',
  }),
  // A demoted DC's server object, its NTDS Settings gone.
  server('HQ', 'OLDDC', 'olddc.contoso.com'),
];

function sitesDirectory(): Directory & { bases: string[] } {
  const bases: string[] = [];
  return {
    bases,
    rootDse: () =>
      Promise.resolve({ dn: '', values: { configurationnamingcontext: [config] }, bytes: {} }),
    search: async function* (base: string, options: SearchOptions) {
      bases.push(base);
      const wanted = /^\(objectClass=(\w+)\)$/i.exec(options.filter ?? '')?.[1]?.toLowerCase();
      yield* entries.filter(
        (e) =>
          e.dn.toLowerCase().endsWith(`,${base.toLowerCase()}`) &&
          e.values['objectclass']?.some((c) => c.toLowerCase() === wanted),
      );
    },
  } as unknown as Directory & { bases: string[] };
}

describe('the DCs of each domain of a forest', () => {
  it('are read from the sites of the configuration NC, with their domain, site and role', async () => {
    const dir = sitesDirectory();
    const dcs = await readForestDcs(dir, model);
    expect(new Set(dir.bases)).toEqual(new Set([`CN=Sites,${config}`]));
    const view = (domain: string) =>
      dcs.get(domain)!.map((d) => [d.dnsHostName, d.site, d.writable, d.globalCatalog]);
    expect(view('DC=contoso,DC=com')).toEqual([
      ['dc1.contoso.com', 'HQ', true, true],
      ['rodc1.contoso.com', 'Branch', false, true],
    ]);
    expect(view('DC=emea,DC=contoso,DC=com')).toEqual([
      ['edc1.emea.contoso.com', 'Paris', true, true],
      ['edc2.emea.contoso.com', 'Paris', true, false],
      ['erodc.emea.contoso.com', 'Lyon', false, false],
    ]);
    expect(dcs.get('DC=contoso,DC=com')![0]!.ntdsSettings).toBe(
      `CN=NTDS Settings,CN=DC1,CN=Servers,CN=HQ,CN=Sites,${config}`,
    );
  });

  it('a change to an object goes to a writable DC of its own domain, never a read-only one', async () => {
    const dcs = await readForestDcs(sitesDirectory(), model);
    const hosts = (dn: string) => writableDcsFor(model, dcs, dn).map((d) => d.dnsHostName);
    expect(hosts('CN=Ann,OU=Staff,DC=emea,DC=contoso,DC=com')).toEqual([
      'edc1.emea.contoso.com',
      'edc2.emea.contoso.com',
    ]);
    expect(hosts('OU=Corp,DC=contoso,DC=com')).toEqual(['dc1.contoso.com']);
    expect(hosts('OU=Corp,DC=fabrikam,DC=com')).toEqual([]);
  });
});
