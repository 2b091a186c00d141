/**
 * The domains of a forest, read from its partitions container as every DC of the forest holds
 * it (docs/domain-facts.md §2.6, §8.1): one crossRef object per naming context under
 * `CN=Partitions,<configuration NC>`, the domains being those whose systemFlags carry
 * FLAG_CR_NTDS_DOMAIN and that are not merely pre-created (`Enabled` FALSE) (MS-ADTS 6.1.1.2.1.1
 * "Cross-Ref Objects", 3.1.1.5.2.7 "crossRef Requirements"). A domain crossRef names the
 * domain's NC (`nCName`), DNS name (`dnsRoot`) and NetBIOS name (`nETBIOSName`); a child
 * domain's `trustParent` is its parent's crossRef; the forest root's has none (MS-ADTS
 * 6.1.1.2.1.1.4 "Domain crossRef Object"). For another tree's root, versions of that section
 * disagree: none (with `rootTrust` naming the forest root's crossRef), or the forest root's
 * crossRef. So a domain is a child only when its trustParent's domain is also its DN's parent;
 * otherwise it roots a tree of its own. The forest root is the rootDSE's
 * rootDomainNamingContext.
 *
 * One DC answers for the whole forest here: the configuration NC is replicated to every DC of
 * the forest, so no DC of another domain needs to be reached to list the domains.
 */
import { canonicalDn, dnsNameOfDomainDn, isAtOrUnder, isChildOf } from '../../shared/dn';
import { ExitCode, WizardError } from '../../shared/errors';
import { printable } from '../../shared/text/printable';
import type { Directory, DirectoryEntry } from './directory';
import { text } from './entry';

/** systemFlags of a crossRef (MS-ADTS 2.2.10 "System Flags", 6.1.1.2.1.1). */
export const crossRefFlags = {
  /** FLAG_CR_NTDS_NC: the NC is an AD naming context. */
  ntdsNc: 0x1,
  /** FLAG_CR_NTDS_DOMAIN: the NC is a domain. */
  ntdsDomain: 0x2,
  /** FLAG_CR_NTDS_NOT_GC_REPLICATED: an application NC (DomainDnsZones, ForestDnsZones…). */
  notGcReplicated: 0x4,
} as const;

/** Where a domain sits in its forest. */
export type DomainPlace = 'forest-root' | 'tree-root' | 'child';

export interface ForestDomain {
  /** The domain NC: `DC=emea,DC=contoso,DC=com`. */
  readonly dn: string;
  /** `emea.contoso.com` (dnsRoot). */
  readonly dnsName: string;
  /** `EMEA` (nETBIOSName). */
  readonly netbiosName?: string;
  /** The DN of the domain's crossRef object. */
  readonly crossRef: string;
  readonly place: DomainPlace;
  /** A child domain's parent domain (its DN); absent for the forest root and tree roots. */
  readonly parent?: string;
  /** The DNs of its child domains, by DNS name. */
  readonly children: readonly string[];
}

export interface ForestModel {
  /** The forest's name: the DNS name of its root domain. */
  readonly name: string;
  /** The forest root domain's DN. */
  readonly rootDomain: string;
  /** Every domain: the forest root first, then each tree depth-first, by DNS name. */
  readonly domains: readonly ForestDomain[];
}

/** One crossRef as the partitions container holds it (the attributes the model is built from). */
export interface CrossRef {
  readonly dn: string;
  readonly nCName?: string;
  readonly dnsRoot?: string;
  readonly nETBIOSName?: string;
  readonly systemFlags?: number;
  readonly trustParent?: string;
  /** FALSE on a crossRef made ahead of a domain that does not exist yet. */
  readonly enabled?: boolean;
}

const crossRefAttributes = [
  'nCName',
  'dnsRoot',
  'nETBIOSName',
  'systemFlags',
  'trustParent',
  'Enabled',
];

/** Reads the partitions container through `dir` and builds the forest model. */
export async function readForestDomains(dir: Directory): Promise<ForestModel> {
  const root = await dir.rootDse();
  const configNc = text(root, 'configurationNamingContext');
  const rootDomain = text(root, 'rootDomainNamingContext');
  if (!configNc || !rootDomain) {
    throw partitionsError(
      'The DC did not say which forest it belongs to (no configurationNamingContext or rootDomainNamingContext in its rootDSE).',
    );
  }
  const crossRefs: CrossRef[] = [];
  for await (const entry of dir.search(`CN=Partitions,${configNc}`, {
    scope: 'one',
    filter: '(objectClass=crossRef)',
    attributes: crossRefAttributes,
  })) {
    crossRefs.push(toCrossRef(entry));
  }
  return forestModel(rootDomain, crossRefs);
}

function toCrossRef(entry: DirectoryEntry): CrossRef {
  const one = (name: string) => text(entry, name);
  const flags = one('systemFlags');
  const enabled = one('Enabled');
  return {
    dn: entry.dn,
    nCName: one('nCName'),
    dnsRoot: one('dnsRoot'),
    nETBIOSName: one('nETBIOSName'),
    systemFlags: flags === undefined ? undefined : Number(flags),
    trustParent: one('trustParent'),
    enabled: enabled === undefined ? undefined : enabled.toUpperCase() !== 'FALSE',
  };
}

/** The forest model from the forest root's DN and the partitions container's crossRefs. */
export function forestModel(rootDomain: string, crossRefs: readonly CrossRef[]): ForestModel {
  const domainRefs = crossRefs.filter(
    (ref) =>
      ((ref.systemFlags ?? 0) & crossRefFlags.ntdsDomain) !== 0 &&
      ref.enabled !== false &&
      ref.nCName !== undefined,
  );
  const byCrossRef = new Map(domainRefs.map((ref) => [canonicalDn(ref.dn), ref]));
  const root = domainRefs.find((ref) => canonicalDn(ref.nCName!) === canonicalDn(rootDomain));
  if (!root) {
    throw partitionsError(
      `The partitions container has no domain crossRef for the forest root ${printable(rootDomain)}.`,
    );
  }
  const domains = domainRefs.map((ref): ForestDomain => {
    const parentRef = ref.trustParent ? byCrossRef.get(canonicalDn(ref.trustParent)) : undefined;
    if (ref.trustParent && !parentRef) {
      throw partitionsError(
        `The crossRef of ${printable(ref.nCName!)} names a parent (${printable(ref.trustParent)}) that is not a domain of this forest.`,
      );
    }
    const isChild =
      ref !== root && parentRef !== undefined && isChildOf(ref.nCName!, parentRef.nCName!);
    const place: DomainPlace = ref === root ? 'forest-root' : isChild ? 'child' : 'tree-root';
    return {
      dn: ref.nCName!,
      dnsName: ref.dnsRoot ?? dnsNameOfDomainDn(ref.nCName!) ?? ref.nCName!,
      ...(ref.nETBIOSName ? { netbiosName: ref.nETBIOSName } : {}),
      crossRef: ref.dn,
      place,
      ...(isChild ? { parent: parentRef.nCName! } : {}),
      children: [],
    };
  });
  return {
    name: domains[domainRefs.indexOf(root)]!.dnsName,
    rootDomain: root.nCName!,
    domains: inTreeOrder(domains),
  };
}

/** Children filled in; the forest root first, then each tree depth-first, siblings by name. */
function inTreeOrder(domains: readonly ForestDomain[]): ForestDomain[] {
  const byName = (a: ForestDomain, b: ForestDomain) => a.dnsName.localeCompare(b.dnsName);
  const childrenOf = (dn: string) =>
    domains
      .filter((d) => d.parent !== undefined && canonicalDn(d.parent) === canonicalDn(dn))
      .sort(byName);
  const ordered: ForestDomain[] = [];
  const visit = (domain: ForestDomain) => {
    const children = childrenOf(domain.dn);
    ordered.push({ ...domain, children: children.map((c) => c.dn) });
    children.forEach(visit);
  };
  const tops = domains
    .filter((d) => d.place !== 'child')
    .sort((a, b) =>
      a.place === 'forest-root' ? -1 : b.place === 'forest-root' ? 1 : byName(a, b),
    );
  tops.forEach(visit);
  return ordered;
}

/**
 * The domain an object belongs to: the domain whose DN is the longest suffix of the object's
 * (an OU of `emea.contoso.com` is in that domain, not in `contoso.com` above it).
 */
export function domainOf(model: ForestModel, dn: string): ForestDomain | undefined {
  return model.domains
    .filter((d) => isAtOrUnder(dn, d.dn))
    .sort((a, b) => b.dn.length - a.dn.length)[0];
}

function partitionsError(message: string): WizardError {
  return new WizardError(
    'forest-partitions-unreadable',
    message,
    'Bind as an account that can read the configuration partition (any domain user can by default), and give a domain controller of the forest.',
    ExitCode.failed,
  );
}
