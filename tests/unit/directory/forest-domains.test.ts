/**
 * The forest model from the partitions container, over a directory double that holds a forest
 * Samba cannot host (Samba has no child domains): a root with children and a grandchild, two
 * other trees (one whose crossRef names the forest root as trustParent, as older versions of
 * MS-ADTS 6.1.1.2.1.1.4 say, one with rootTrust instead, as newer ones say), a child of a tree
 * root, and the crossRefs that are not domains (configuration, schema, DNS application
 * partitions, a pre-created domain, an external directory).
 */
import { describe, expect, it } from 'vitest';
import type { Directory, DirectoryEntry, SearchOptions } from '../../../main/directory/directory';
import {
  domainOf,
  forestModel,
  readForestDomains,
  type CrossRef,
} from '../../../main/directory/forest-domains';

const config = 'CN=Configuration,DC=contoso,DC=com';
const partitions = `CN=Partitions,${config}`;

function crossRef(cn: string, values: Record<string, string>): DirectoryEntry {
  return {
    dn: `CN=${cn},${partitions}`,
    values: Object.fromEntries(
      Object.entries({ objectClass: 'crossRef', ...values }).map(([k, v]) => [
        k.toLowerCase(),
        [v],
      ]),
    ),
    bytes: {},
  };
}

const domain = (cn: string, nc: string, dns: string, trustParent?: string) =>
  crossRef(cn, {
    nCName: nc,
    dnsRoot: dns,
    nETBIOSName: cn,
    systemFlags: '3',
    ...(trustParent ? { trustParent: `CN=${trustParent},${partitions}` } : {}),
  });

/** The forest, as the configuration NC of any of its DCs holds it (in no particular order). */
const forestEntries: DirectoryEntry[] = [
  domain('EMEA', 'DC=emea,DC=contoso,DC=com', 'emea.contoso.com', 'CONTOSO'),
  crossRef('Enterprise Configuration', {
    nCName: config,
    dnsRoot: 'contoso.com',
    systemFlags: '1',
  }),
  domain('TAILSPIN', 'DC=tailspin,DC=com', 'tailspin.com', 'CONTOSO'),
  domain('PARIS', 'DC=paris,DC=emea,DC=contoso,DC=com', 'paris.emea.contoso.com', 'EMEA'),
  domain('CONTOSO', 'DC=contoso,DC=com', 'contoso.com'),
  crossRef('FABRIKAM', {
    nCName: 'DC=fabrikam,DC=com',
    dnsRoot: 'fabrikam.com',
    nETBIOSName: 'FABRIKAM',
    systemFlags: '3',
    rootTrust: `CN=CONTOSO,${partitions}`,
  }),
  domain('EU', 'DC=eu,DC=fabrikam,DC=com', 'eu.fabrikam.com', 'FABRIKAM'),
  domain('US', 'DC=us,DC=contoso,DC=com', 'us.contoso.com', 'CONTOSO'),
  crossRef('Enterprise Schema', {
    nCName: `CN=Schema,${config}`,
    dnsRoot: 'contoso.com',
    systemFlags: '1',
  }),
  crossRef('1d5b0a2e-dns', {
    nCName: 'DC=DomainDnsZones,DC=contoso,DC=com',
    dnsRoot: 'DomainDnsZones.contoso.com',
    systemFlags: '5',
  }),
  crossRef('2e7f5cda-dns', {
    nCName: 'DC=ForestDnsZones,DC=contoso,DC=com',
    dnsRoot: 'ForestDnsZones.contoso.com',
    systemFlags: '5',
  }),
  // Pre-created ahead of a child domain's promotion: Enabled FALSE, no NC root yet.
  crossRef('APAC', {
    nCName: 'DC=apac,DC=contoso,DC=com',
    dnsRoot: 'dc9.contoso.com',
    nETBIOSName: 'APAC',
    systemFlags: '3',
    Enabled: 'FALSE',
    trustParent: `CN=CONTOSO,${partitions}`,
  }),
  // An external directory the forest refers to (no FLAG_CR_NTDS_NC).
  crossRef('Partner', { nCName: 'O=Partner', dnsRoot: 'ldap.partner.example', systemFlags: '0' }),
];

/** A directory double: a rootDSE and one-level searches answered from the entries it holds. */
function forestDirectory(
  entries: readonly DirectoryEntry[],
  root: Record<string, string> = {
    configurationNamingContext: config,
    rootDomainNamingContext: 'DC=contoso,DC=com',
    defaultNamingContext: 'DC=emea,DC=contoso,DC=com',
  },
): Directory & { searches: { base: string; options: SearchOptions }[] } {
  const searches: { base: string; options: SearchOptions }[] = [];
  const parentOf = (dn: string) => dn.slice(dn.indexOf(',') + 1).toLowerCase();
  const classFilter = (filter: string | undefined) => /^\(objectClass=(\w+)\)$/i.exec(filter ?? '');
  return {
    searches,
    rootDse: () =>
      Promise.resolve({
        dn: '',
        values: Object.fromEntries(Object.entries(root).map(([k, v]) => [k.toLowerCase(), [v]])),
        bytes: {},
      }),
    search: async function* (base: string, options: SearchOptions) {
      searches.push({ base, options });
      const wanted = classFilter(options.filter)?.[1]?.toLowerCase();
      if (options.scope !== 'one' || !wanted)
        throw new Error('the double answers one-level class searches');
      yield* entries.filter(
        (e) =>
          parentOf(e.dn) === base.toLowerCase() &&
          e.values['objectclass']?.some((c) => c.toLowerCase() === wanted),
      );
    },
  } as unknown as Directory & { searches: { base: string; options: SearchOptions }[] };
}

describe('the domains of a forest, from its partitions container', () => {
  it('finds every domain, the trees and who is whose parent', async () => {
    const dir = forestDirectory(forestEntries);
    const model = await readForestDomains(dir);
    expect(dir.searches.map((s) => [s.base, s.options.scope])).toEqual([[partitions, 'one']]);
    expect(model.name).toBe('contoso.com');
    expect(model.rootDomain).toBe('DC=contoso,DC=com');
    expect(
      model.domains.map((d) => [d.dnsName, d.place, d.parent ?? null, d.children, d.netbiosName]),
    ).toEqual([
      [
        'contoso.com',
        'forest-root',
        null,
        ['DC=emea,DC=contoso,DC=com', 'DC=us,DC=contoso,DC=com'],
        'CONTOSO',
      ],
      [
        'emea.contoso.com',
        'child',
        'DC=contoso,DC=com',
        ['DC=paris,DC=emea,DC=contoso,DC=com'],
        'EMEA',
      ],
      ['paris.emea.contoso.com', 'child', 'DC=emea,DC=contoso,DC=com', [], 'PARIS'],
      ['us.contoso.com', 'child', 'DC=contoso,DC=com', [], 'US'],
      ['fabrikam.com', 'tree-root', null, ['DC=eu,DC=fabrikam,DC=com'], 'FABRIKAM'],
      ['eu.fabrikam.com', 'child', 'DC=fabrikam,DC=com', [], 'EU'],
      // trustParent names the forest root, but tailspin.com is not under contoso.com: a tree.
      ['tailspin.com', 'tree-root', null, [], 'TAILSPIN'],
    ]);
    expect(model.domains[1]!.crossRef).toBe(`CN=EMEA,${partitions}`);
  });

  it('leaves out the configuration, schema and DNS partitions, a pre-created domain and an external directory', async () => {
    const model = await readForestDomains(forestDirectory(forestEntries));
    const names = model.domains.map((d) => d.dn.toLowerCase());
    for (const dn of [
      config,
      `CN=Schema,${config}`,
      'DC=DomainDnsZones,DC=contoso,DC=com',
      'DC=ForestDnsZones,DC=contoso,DC=com',
      'DC=apac,DC=contoso,DC=com',
      'O=Partner',
    ]) {
      expect(names).not.toContain(dn.toLowerCase());
    }
    expect(model.domains).toHaveLength(7);
  });

  it('a single-domain forest (what the Samba lab has) is its root alone', () => {
    const refs: CrossRef[] = [
      {
        dn: `CN=FABRIKAM,CN=Partitions,CN=Configuration,DC=fabrikam,DC=test`,
        nCName: 'DC=fabrikam,DC=test',
        dnsRoot: 'fabrikam.test',
        nETBIOSName: 'FABRIKAM',
        systemFlags: 3,
      },
      {
        dn: `CN=x,CN=Partitions,CN=Configuration,DC=fabrikam,DC=test`,
        nCName: 'DC=DomainDnsZones,DC=fabrikam,DC=test',
        systemFlags: 5,
      },
    ];
    expect(forestModel('DC=fabrikam,DC=test', refs)).toEqual({
      name: 'fabrikam.test',
      rootDomain: 'DC=fabrikam,DC=test',
      domains: [
        {
          dn: 'DC=fabrikam,DC=test',
          dnsName: 'fabrikam.test',
          netbiosName: 'FABRIKAM',
          crossRef: refs[0]!.dn,
          place: 'forest-root',
          children: [],
        },
      ],
    });
  });

  it('tells which domain an object is in: the deepest domain above it', async () => {
    const model = await readForestDomains(forestDirectory(forestEntries));
    const of = (dn: string) => domainOf(model, dn)?.dnsName;
    expect(of('OU=Sales,DC=paris,DC=emea,DC=contoso,DC=com')).toBe('paris.emea.contoso.com');
    expect(of('ou=Staff, dc=EMEA, dc=contoso, dc=com')).toBe('emea.contoso.com');
    expect(of('CN=Users,DC=contoso,DC=com')).toBe('contoso.com');
    expect(of('DC=eu,DC=fabrikam,DC=com')).toBe('eu.fabrikam.com');
    // Not a domain of this forest, nor a look-alike suffix.
    expect(of('OU=x,DC=notcontoso,DC=com')).toBeUndefined();
    expect(of('OU=x,DC=northwind,DC=com')).toBeUndefined();
  });

  it('refuses a partitions container without the forest root, or with a parent that is not a domain', async () => {
    const withoutRoot = forestEntries.filter((e) => !e.dn.startsWith('CN=CONTOSO,'));
    await expect(readForestDomains(forestDirectory(withoutRoot))).rejects.toMatchObject({
      code: 'forest-partitions-unreadable',
      message: expect.stringContaining('forest root DC=contoso,DC=com') as unknown,
    });
    const orphan = [
      ...forestEntries,
      domain('LOST', 'DC=lost,DC=us,DC=contoso,DC=com', 'lost.us.contoso.com', 'GONE\u001b[2J'),
    ];
    const error = await readForestDomains(forestDirectory(orphan)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'forest-partitions-unreadable' });
    // The directory's text is shown, its control characters written out.
    expect((error as Error).message).toContain('CN=GONE\\u001b[2J');
    expect((error as Error).message).not.toContain('\u001b');
  });

  it('refuses a DC that does not say which forest it is in', async () => {
    const dir = forestDirectory(forestEntries, { defaultNamingContext: 'DC=contoso,DC=com' });
    await expect(readForestDomains(dir)).rejects.toMatchObject({
      code: 'forest-partitions-unreadable',
      fix: expect.stringContaining('domain controller') as unknown,
    });
  });
});
