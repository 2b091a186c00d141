/**
 * The directories a Connect server syncs, from `Get-ADSyncConnector | ConvertTo-Json -Depth 6`
 * (docs/domain-facts.md §8.2): one AD DS connector per forest, with its forest
 * (ConnectivityParameters `forest-name`), its AD DS connector account (`forest-login-user`,
 * `forest-login-domain`) and its partitions (one per naming context of the forest; the
 * domains are those with IsDomain, the synced ones those Selected), each with the containers
 * "Domain and OU filtering" includes and excludes (ConnectorPartitionScope
 * ContainerInclusionList / ContainerExclusionList); and the Entra connector told apart by its
 * Subtype "Windows Azure Active Directory (Microsoft)" or its fixed identifier.
 *
 * The output is untrusted text: names and DNs with control characters are refused, and so is
 * output cut short by too small a -Depth (PowerShell then prints a nested object as its type
 * name).
 */
import { z } from 'zod';
import { canonicalDn, dnsNameOfDomainDn, isAtOrUnder } from '../../shared/dn';
import { controlCharacters } from '../../shared/text/printable';
import { boolLike, entraConnectorId, guidText, oneOrMany, outputError } from './parsers';
import type { PowerShellRunner } from './powershell-runner';

const cmdlet = 'Get-ADSyncConnector';
/** The Entra connector's Subtype (Microsoft Learn, "Troubleshoot password hash synchronization"). */
const entraConnectorSubtype = 'Windows Azure Active Directory (Microsoft)';

const text = z
  .string()
  .max(2048)
  .refine((value) => !controlCharacters.test(value), 'contains control characters');
const texts = z.union([z.null(), oneOrMany(text)]).transform((list) => list ?? []);

/** A nested object PowerShell cut off at -Depth prints as its .NET type name. */
const truncated = z.string().transform((typeName, context) => {
  context.addIssue({
    code: 'custom',
    message: `is the text "${typeName.slice(0, 80)}", not an object (ConvertTo-Json needs -Depth 6)`,
  });
  return z.NEVER;
});

const partitionScope = z.union([
  z.null(),
  z.looseObject({
    ContainerInclusionList: texts.optional(),
    ContainerExclusionList: texts.optional(),
  }),
  truncated,
]);

const partition = z.union([
  z.looseObject({
    DN: text,
    Name: text.nullish(),
    Selected: boolLike,
    IsDomain: boolLike.optional(),
    ConnectorPartitionScope: partitionScope.optional(),
    PreferredDCs: texts.optional(),
  }),
  truncated,
]);

const parameter = z.looseObject({ Name: text, Value: z.unknown().optional() });
const connector = z.looseObject({
  Name: text,
  Identifier: guidText,
  ConnectorTypeName: text.nullish(),
  Subtype: text.nullish(),
  ConnectivityParameters: z.union([z.null(), oneOrMany(parameter), truncated]).optional(),
  Partitions: z.union([z.null(), oneOrMany(partition), truncated]).optional(),
});
type ConnectorJson = z.infer<typeof connector>;
type PartitionJson = Exclude<z.infer<typeof partition>, string>;

/** A domain an AD DS connector syncs, with the containers its OU filtering names. */
export interface SyncedDomain {
  /** The domain's DN (the partition's DN): `DC=emea,DC=contoso,DC=com`. */
  readonly dn: string;
  /** Its DNS name, from the DN: `emea.contoso.com`. */
  readonly dnsName: string;
  /** Containers synced with everything under them (the domain's DN when it is all synced). */
  readonly includedContainers: readonly string[];
  /** Containers under an included one that are not synced. */
  readonly excludedContainers: readonly string[];
  /** The domain controllers the connector is told to prefer, in its order. */
  readonly preferredDcs: readonly string[];
}

/** One AD DS connector: one forest as the Connect wizard's "Connect your directories" adds it. */
export interface ConnectedForest {
  readonly connectorName: string;
  readonly connectorId: string;
  /** The forest's DNS name (forest-name). */
  readonly forestName: string;
  /** The AD DS connector account (forest-login-user), and its domain (forest-login-domain). */
  readonly connectorAccount: { readonly user: string; readonly domain?: string };
  /** The domains of the forest the connector syncs (selected partitions), in ADSync's order. */
  readonly domains: readonly SyncedDomain[];
  /** The DNs of the forest's domains the connector does not sync. */
  readonly unselectedDomains: readonly string[];
}

export interface ConnectServerDirectories {
  readonly forests: readonly ConnectedForest[];
  /** The Entra connector(s) (one per tenant). */
  readonly entraConnectors: readonly { readonly name: string; readonly identifier: string }[];
  /** Connectors of other kinds (generic LDAP, SQL…), named so the admin knows they were seen. */
  readonly otherConnectors: readonly {
    readonly name: string;
    readonly identifier: string;
    readonly type: string;
  }[];
}

/**
 * The PowerShell the runner sends (wrapScript adds `ConvertTo-Json -Depth 6`): the connectors'
 * properties this module reads, the identifier as text (a [guid] may print as an object).
 */
const connectorDirectoriesScript = [
  'Import-Module ADSync',
  "@(Get-ADSyncConnector | Select-Object Name, @{ n = 'Identifier'; e = { $_.Identifier.ToString() } }, ConnectorTypeName, Subtype, ConnectivityParameters, Partitions)",
].join('\n');

/** The Connect server's directories, read through the one PowerShell runner (local or remote). */
export async function readConnectServerDirectories(
  runner: PowerShellRunner,
): Promise<ConnectServerDirectories> {
  return parseConnectServerDirectories(await runner.run(connectorDirectoriesScript));
}

export function parseConnectServerDirectories(json: unknown): ConnectServerDirectories {
  const result = z.union([z.null(), oneOrMany(connector)]).safeParse(json);
  if (!result.success) throw outputError(cmdlet, explain(result.error.issues[0]!));
  const list = result.data ?? [];
  const forests: ConnectedForest[] = [];
  const entraConnectors: ConnectServerDirectories['entraConnectors'][number][] = [];
  const otherConnectors: ConnectServerDirectories['otherConnectors'][number][] = [];
  for (const item of list) {
    if (item.ConnectorTypeName === 'AD') forests.push(toForest(item));
    else if (item.Subtype === entraConnectorSubtype || item.Identifier === entraConnectorId) {
      entraConnectors.push({ name: item.Name, identifier: item.Identifier });
    } else {
      const type = [item.ConnectorTypeName, item.Subtype].filter(Boolean).join(' / ');
      otherConnectors.push({ name: item.Name, identifier: item.Identifier, type: type || '?' });
    }
  }
  return { forests, entraConnectors, otherConnectors };
}

/**
 * The issue an admin can act on. Zod reports a failed union as "Invalid input" with every
 * branch's issues; the branch that got furthest (ours, or the deepest path) says what is wrong.
 */
function explain(issue: z.core.$ZodIssue, base: readonly PropertyKey[] = []): string {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union') {
    const branches = issue.errors.flat();
    const best =
      branches.find((i) => i.code === 'custom') ??
      [...branches].sort((a, b) => depth(b) - depth(a))[0];
    if (best) return explain(best, path);
  }
  return `${path.map(String).join('.') || 'the output'}: ${issue.message}`;
}

function depth(issue: z.core.$ZodIssue): number {
  return issue.code === 'invalid_union'
    ? issue.path.length + Math.max(0, ...issue.errors.flat().map(depth))
    : issue.path.length;
}

function toForest(item: ConnectorJson): ConnectedForest {
  const parameters = Array.isArray(item.ConnectivityParameters) ? item.ConnectivityParameters : [];
  const value = (name: string): string | undefined => {
    const found = parameters.find((p) => p.Name === name)?.Value;
    if (found === undefined || found === null || found === '') return undefined;
    const checked = text.safeParse(found);
    if (!checked.success) {
      throw outputError(cmdlet, `${item.Name}: ${name} is not text without control characters`);
    }
    return checked.data;
  };
  const forestName = value('forest-name');
  const user = value('forest-login-user');
  if (!forestName || !user) {
    throw outputError(
      cmdlet,
      `the AD connector ${item.Name} has no ${forestName ? 'forest-login-user' : 'forest-name'} connectivity parameter`,
    );
  }
  const domain = value('forest-login-domain');
  const partitions = (Array.isArray(item.Partitions) ? item.Partitions : []) as PartitionJson[];
  const domains = partitions.filter(isDomainPartition);
  return {
    connectorName: item.Name,
    connectorId: item.Identifier,
    forestName,
    connectorAccount: { user, ...(domain ? { domain } : {}) },
    domains: domains.filter((p) => p.Selected).map(toSyncedDomain),
    unselectedDomains: domains.filter((p) => !p.Selected).map((p) => p.DN),
  };
}

/**
 * IsDomain says it; an output without it (older builds) is read from the DN: a domain NC is
 * all DC= parts, and the DNS application partitions are not domains.
 */
function isDomainPartition(p: PartitionJson): boolean {
  if (p.IsDomain !== undefined) return p.IsDomain;
  const dnsName = dnsNameOfDomainDn(p.DN);
  return dnsName !== undefined && !/^(domain|forest)dnszones\./i.test(dnsName);
}

function toSyncedDomain(p: PartitionJson): SyncedDomain {
  const dnsName = dnsNameOfDomainDn(p.DN);
  if (dnsName === undefined) {
    throw outputError(cmdlet, `the domain partition ${p.DN} has a DN that is not DC=…,DC=…`);
  }
  const scope = typeof p.ConnectorPartitionScope === 'object' ? p.ConnectorPartitionScope : null;
  const included = scope?.ContainerInclusionList ?? [];
  return {
    dn: p.DN,
    dnsName,
    // No inclusion list at all: the whole domain, as the wizard's "Sync all domains and OUs".
    includedContainers: included.length > 0 ? included : [p.DN],
    excludedContainers: scope?.ContainerExclusionList ?? [],
    preferredDcs: p.PreferredDCs ?? [],
  };
}

/**
 * Does the connector sync the object at `dn`? Its domain is the deepest of the forest's
 * domains above it (a child domain's objects are in the child's partition, not the parent's):
 * it must be one the connector syncs, and there the most specific container of the inclusion
 * and exclusion lists above the object decides, as ADSync's OU filtering does (an OU excluded
 * under an included one is out; an OU included again under an excluded one is in).
 */
export function syncsObject(forest: ConnectedForest, dn: string): boolean {
  const above = (container: string) => isAtOrUnder(dn, container);
  const deepest = (list: readonly string[]) =>
    Math.max(-1, ...list.filter(above).map((c) => canonicalDn(c).length));
  const domainDns = [...forest.domains.map((d) => d.dn), ...forest.unselectedDomains];
  const home = domainDns.filter(above).sort((a, b) => b.length - a.length)[0];
  const domain = forest.domains.find((d) => d.dn === home);
  if (!domain) return false;
  const included = deepest(domain.includedContainers);
  return included >= 0 && included > deepest(domain.excludedContainers);
}
