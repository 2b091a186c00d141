/**
 * A directory double holding a forest's partitions container: the rootDSE names the
 * configuration NC and the forest root, and the search under CN=Partitions answers the domain
 * crossRefs given (the first is the forest root; a domain under it names it as trustParent)
 * beside a DNS application partition, which is not a domain and must never be listed.
 */
import { expect } from 'vitest';
import type { Directory } from '../../../main/directory/directory';

const entry = (dn: string, values: Record<string, string>) => ({
  dn,
  values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), [v]])),
  bytes: {},
});

export function forestDirectory(domains: readonly { nc: string; dnsRoot: string }[]): Directory {
  const partitions = 'CN=Partitions,CN=Configuration,DC=contoso,DC=com';
  const root = domains[0]!;
  return {
    rootDse: async () =>
      entry('', {
        configurationNamingContext: 'CN=Configuration,DC=contoso,DC=com',
        rootDomainNamingContext: root.nc,
      }),
    search: async function* (base: string) {
      expect(base).toBe(partitions);
      yield entry(`CN=DomainDnsZones,${partitions}`, {
        nCName: `DC=DomainDnsZones,${root.nc}`,
        dnsRoot: `DomainDnsZones.${root.dnsRoot}`,
        systemFlags: '5',
      });
      for (const d of domains)
        yield entry(`CN=${d.dnsRoot},${partitions}`, {
          nCName: d.nc,
          dnsRoot: d.dnsRoot,
          systemFlags: '3',
          ...(d !== root && d.nc.toLowerCase().endsWith(`,${root.nc.toLowerCase()}`)
            ? { trustParent: `CN=${root.dnsRoot},${partitions}` }
            : {}),
        });
    },
  } as unknown as Directory;
}
