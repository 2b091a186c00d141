/**
 * The domain controllers of every domain of a forest, from the configuration NC that every DC
 * of the forest holds (docs/domain-facts.md §8.4): each DC has an nTDSDSA object ("NTDS
 * Settings") under its server object in `CN=Sites`; its `msDS-HasDomainNCs` names the domain it
 * holds, `msDS-isRODC` says it is read-only, `options` bit NTDSDSA_OPT_IS_GC says it is a global
 * catalog, and the parent server object carries its `dNSHostName` (MS-ADTS 6.1.1.2.2.1.2.1.1
 * "nTDSDSA Object"; MS-ADA2 "Attribute msDS-HasDomainNCs"). So one DC of a forest says which
 * writable DC of each other domain a change there must go through; the PDC emulator of a
 * domain is the nTDSDSA its head's `fSMORoleOwner` names, read from a DC of that domain.
 */
import { canonicalDn } from '../../shared/dn';
import type { Directory, DirectoryEntry } from './directory';
import { text, texts } from './entry';
import { domainOf, type ForestModel } from './forest-domains';

export interface ForestDc {
  /** `dc1.emea.contoso.com` (the server object's dNSHostName). */
  readonly dnsHostName: string;
  /** The DN of its nTDSDSA object: what a domain head's fSMORoleOwner names. */
  readonly ntdsSettings: string;
  /** The domain it holds (a domain DN of the forest model). */
  readonly domain: string;
  /** The site it is in. */
  readonly site: string;
  /** False for a read-only DC: never a target for a change. */
  readonly writable: boolean;
  readonly globalCatalog: boolean;
}

/** NTDSDSA_OPT_IS_GC (MS-ADTS 6.1.1.2.2.1.2.1.1). */
const isGlobalCatalog = 0x1;

/** Every DC of the forest, by the DN of the domain it holds, ordered by host name. */
export async function readForestDcs(
  dir: Directory,
  model: ForestModel,
): Promise<ReadonlyMap<string, readonly ForestDc[]>> {
  const root = await dir.rootDse();
  const sites = `CN=Sites,${text(root, 'configurationNamingContext') ?? ''}`;
  const hostNames = new Map<string, string>();
  for await (const server of dir.search(sites, {
    filter: '(objectClass=server)',
    attributes: ['dNSHostName'],
  })) {
    const name = text(server, 'dNSHostName');
    if (name) hostNames.set(canonicalDn(server.dn), name);
  }
  const byDomain = new Map<string, ForestDc[]>(model.domains.map((d) => [d.dn, []]));
  for await (const settings of dir.search(sites, {
    filter: '(objectClass=nTDSDSA)',
    attributes: ['msDS-HasDomainNCs', 'hasMasterNCs', 'msDS-isRODC', 'options', 'objectCategory'],
  })) {
    const dc = toForestDc(settings, model, hostNames);
    if (dc) byDomain.get(dc.domain)?.push(dc);
  }
  for (const list of byDomain.values())
    list.sort((a, b) => a.dnsHostName.localeCompare(b.dnsHostName));
  return byDomain;
}

function toForestDc(
  settings: DirectoryEntry,
  model: ForestModel,
  hostNames: ReadonlyMap<string, string>,
): ForestDc | undefined {
  const serverDn = settings.dn.slice(settings.dn.search(/(?<!\\),/) + 1);
  const dnsHostName = hostNames.get(canonicalDn(serverDn));
  // msDS-HasDomainNCs (Windows Server 2003 and later); before it, the one domain NC among
  // hasMasterNCs.
  const held = [...texts(settings, 'msDS-HasDomainNCs'), ...texts(settings, 'hasMasterNCs')];
  const domain = held
    .map((nc) => model.domains.find((d) => canonicalDn(d.dn) === canonicalDn(nc)))
    .find((d) => d !== undefined);
  if (!dnsHostName || !domain) return undefined;
  const readOnly =
    text(settings, 'msDS-isRODC')?.toUpperCase() === 'TRUE' ||
    /^CN=NTDS-DSA-RO,/i.test(text(settings, 'objectCategory') ?? '');
  return {
    dnsHostName,
    ntdsSettings: settings.dn,
    domain: domain.dn,
    site: siteOf(settings.dn),
    writable: !readOnly,
    globalCatalog: (Number(text(settings, 'options') ?? 0) & isGlobalCatalog) !== 0,
  };
}

/** `CN=NTDS Settings,CN=DC1,CN=Servers,CN=Paris,CN=Sites,…` → `Paris`. */
function siteOf(ntdsSettings: string): string {
  return /,CN=Servers,CN=((?:[^,\\]|\\.)+),CN=Sites,/i.exec(ntdsSettings)?.[1] ?? '';
}

/** The writable DCs of the domain an object is in (where a change to it must be written). */
export function writableDcsFor(
  model: ForestModel,
  dcs: ReadonlyMap<string, readonly ForestDc[]>,
  dn: string,
): readonly ForestDc[] {
  const domain = domainOf(model, dn);
  return domain ? (dcs.get(domain.dn) ?? []).filter((dc) => dc.writable) : [];
}
