/**
 * What the wizard learns from the DC before it plans anything (docs/domain-facts.md §1): the forest's
 * domains and writable DCs, the PDC emulator, schema GUIDs for the SD kernel, the AD DS
 * connector account and its token. Every name typed by the admin is escaped first.
 */
import { ExitCode, WizardError, badInput } from '../../shared/errors';
import type { Directory, DirectoryEntry } from './directory';
import { guid, sid, sids, text, texts } from './entry';
import { escapeFilterValue } from './escape';
import { field } from '../../shared/fields';

export interface DomainController {
  readonly dn: string;
  readonly dnsHostName: string;
  readonly operatingSystem?: string;
  /** Windows Server older than 2016 (docs/domain-facts.md §7). */
  readonly unsupported: boolean;
}

export interface DomainFacts {
  readonly dn: string;
  readonly dnsName: string;
  readonly netbiosName?: string;
  readonly writableDcs: readonly DomainController[];
  /** dnsHostName of the PDC emulator (the domain head's fSMORoleOwner). */
  readonly pdcEmulator?: string;
  readonly domainSid?: string;
}

export interface ForestFacts {
  readonly namingContexts: readonly string[];
  readonly defaultNamingContext: string;
  readonly configurationNamingContext: string;
  readonly schemaNamingContext: string;
  readonly dnsHostName: string;
  readonly domainFunctionality: number;
  readonly forestFunctionality: number;
  readonly supportedControls: readonly string[];
  readonly domains: readonly DomainFacts[];
}

async function collect(iterable: AsyncIterable<DirectoryEntry>): Promise<DirectoryEntry[]> {
  const out: DirectoryEntry[] = [];
  for await (const entry of iterable) out.push(entry);
  return out;
}

/** Versions before Windows Server 2016 are out of support. */
export function isUnsupportedOs(os: string | undefined): boolean {
  if (!os) return false;
  return /Windows Server (2003|2008|2012)/i.test(os);
}

export async function discoverForest(dir: Directory): Promise<ForestFacts> {
  const root = await dir.rootDse();
  const v = (name: string) => text(root, name) ?? '';
  const configNc = v('configurationNamingContext');
  // crossRef objects with SYSTEM_FLAG_CR_NTDS_DOMAIN (MS-ADTS 6.1.1.2.1.1.5): one per domain.
  const crossRefs = await collect(
    dir.search(`CN=Partitions,${configNc}`, {
      scope: 'one',
      filter: '(&(objectClass=crossRef)(systemFlags:1.2.840.113556.1.4.803:=2))',
      attributes: ['nCName', 'dnsRoot', 'nETBIOSName'],
    }),
  );
  const domains: DomainFacts[] = [];
  for (const ref of crossRefs) {
    const nc = text(ref, 'nCName')!;
    const head = await dir.read(nc, ['objectSid', 'fSMORoleOwner']);
    // Writable DCs: computer accounts with SERVER_TRUST_ACCOUNT (0x2000) in this domain.
    const dcs = await collect(
      dir.search(nc, {
        filter: '(&(objectCategory=computer)(userAccountControl:1.2.840.113556.1.4.803:=8192))',
        attributes: ['dNSHostName', 'operatingSystem', 'serverReferenceBL'],
      }),
    );
    const roleOwner = text(head, 'fSMORoleOwner'); // CN=NTDS Settings,CN=DC1,CN=Servers,…
    const pdcServer = roleOwner?.replace(/^CN=NTDS Settings,/i, '');
    const pdc = pdcServer ? await dir.read(pdcServer, ['dNSHostName']) : undefined;
    domains.push({
      dn: nc,
      dnsName: text(ref, 'dnsRoot') ?? '',
      netbiosName: text(ref, 'nETBIOSName'),
      writableDcs: dcs.map((dc) => ({
        dn: dc.dn,
        dnsHostName: text(dc, 'dNSHostName') ?? '',
        operatingSystem: text(dc, 'operatingSystem'),
        unsupported: isUnsupportedOs(text(dc, 'operatingSystem')),
      })),
      pdcEmulator: text(pdc, 'dNSHostName'),
      domainSid: sid(head),
    });
  }
  return {
    namingContexts: texts(root, 'namingContexts'),
    defaultNamingContext: v('defaultNamingContext'),
    configurationNamingContext: configNc,
    schemaNamingContext: v('schemaNamingContext'),
    dnsHostName: v('dnsHostName'),
    domainFunctionality: Number(v('domainFunctionality')),
    forestFunctionality: Number(v('forestFunctionality')),
    supportedControls: texts(root, 'supportedControl'),
    domains,
  };
}

/** Attributes and classes whose GUIDs the SD kernel needs (docs/domain-facts.md §1). */
export const schemaNamesOfInterest = [
  'pwdLastSet',
  'lockoutTime',
  'unicodePwd',
  'userAccountControl',
  'userPassword',
  'ms-DS-User-Account-Control-Computed',
  'user',
  'inetOrgPerson',
  'computer',
];
export const extendedRightsOfInterest = [
  'User-Force-Change-Password',
  'User-Change-Password',
  'Unexpire-Password',
  'Update-Password-Not-Required-Bit',
  'DS-Replication-Get-Changes',
  'DS-Replication-Get-Changes-All',
];

export interface SchemaFacts {
  /** lDAPDisplayName → schemaIDGUID. */
  readonly schemaIdGuids: ReadonlyMap<string, string>;
  /** lDAPDisplayName → attributeSecurityGUID (its property set), when it has one. */
  readonly propertySets: ReadonlyMap<string, string>;
  /** Extended right name (cn) → rightsGuid. */
  readonly rightsGuids: ReadonlyMap<string, string>;
  /** GUID (lower case) → name, for the SD kernel's NameResolver. */
  readonly nameForGuid: ReadonlyMap<string, string>;
}

export async function readSchemaFacts(dir: Directory): Promise<SchemaFacts> {
  const root = await dir.rootDse();
  const schemaNc = text(root, 'schemaNamingContext')!;
  const configNc = text(root, 'configurationNamingContext')!;
  const nameFilter = schemaNamesOfInterest
    .map((n) => `(lDAPDisplayName=${escapeFilterValue(n)})`)
    .join('');
  const schemaIdGuids = new Map<string, string>();
  const propertySets = new Map<string, string>();
  const nameForGuid = new Map<string, string>();
  for await (const entry of dir.search(schemaNc, {
    scope: 'one',
    filter: `(|${nameFilter})`,
    attributes: ['lDAPDisplayName', 'schemaIDGUID', 'attributeSecurityGUID'],
  })) {
    const name = text(entry, 'lDAPDisplayName')!;
    const id = guid(entry, 'schemaIDGUID');
    if (id) {
      schemaIdGuids.set(name, id);
      nameForGuid.set(id, name);
    }
    const set = guid(entry, 'attributeSecurityGUID');
    if (set) propertySets.set(name, set);
  }
  const rightsGuids = new Map<string, string>();
  for await (const entry of dir.search(`CN=Extended-Rights,${configNc}`, {
    scope: 'one',
    filter: '(objectClass=controlAccessRight)',
    attributes: ['cn', 'rightsGuid', 'displayName'],
  })) {
    const cn = text(entry, 'cn')!;
    const guid = text(entry, 'rightsGuid')?.toLowerCase();
    if (!guid) continue;
    nameForGuid.set(guid, text(entry, 'displayName') ?? cn);
    if (extendedRightsOfInterest.includes(cn)) rightsGuids.set(cn, guid);
  }
  return { schemaIdGuids, propertySets, rightsGuids, nameForGuid };
}

export interface ConnectorAccount {
  readonly dn: string;
  readonly sAMAccountName: string;
  readonly userPrincipalName?: string;
  readonly description?: string;
  readonly installationId?: string;
  readonly computerName?: string;
  readonly tenant?: string;
  readonly enabled: boolean;
}

/** AD Connect's description of the accounts it creates (express settings). */
export function parseConnectorDescription(
  description: string,
): { installationId: string; computerName: string; tenant: string } | undefined {
  const match =
    /installation identifier ([0-9a-f]{32}) running on computer (\S+) configured to synchronize to tenant (\S+?)\.?(?:\s|$)/i.exec(
      description,
    );
  return match
    ? { installationId: match[1]!, computerName: match[2]!, tenant: match[3]! }
    : undefined;
}

const accountAttributes = [
  'sAMAccountName',
  'userPrincipalName',
  'description',
  'userAccountControl',
];

function toAccount(entry: DirectoryEntry): ConnectorAccount {
  const description = text(entry, 'description');
  const parsed = description ? parseConnectorDescription(description) : undefined;
  const uac = Number(text(entry, 'userAccountControl') ?? 0);
  return {
    dn: entry.dn,
    sAMAccountName: text(entry, 'sAMAccountName') ?? '',
    userPrincipalName: text(entry, 'userPrincipalName'),
    description,
    ...parsed,
    enabled: (uac & 0x2) === 0, // ACCOUNTDISABLE
  };
}

export async function findConnectorAccounts(dir: Directory): Promise<ConnectorAccount[]> {
  const root = await dir.rootDse();
  const found: ConnectorAccount[] = [];
  for await (const entry of dir.search(text(root, 'defaultNamingContext')!, {
    filter:
      '(&(objectCategory=person)(objectClass=user)(sAMAccountName=MSOL_*)(description=*Azure Active Directory Connect*))',
    attributes: accountAttributes,
  })) {
    found.push(toAccount(entry));
  }
  return found;
}

/** An account by sAMAccountName, UPN or DN (whatever the admin typed). */
export async function resolveAccount(
  dir: Directory,
  nameOrUpnOrDn: string,
): Promise<ConnectorAccount> {
  const root = await dir.rootDse();
  const isDn = /^(CN|OU)=/i.test(nameOrUpnOrDn) && nameOrUpnOrDn.includes(',');
  let entry: DirectoryEntry | undefined;
  if (isDn) {
    entry = await dir.read(nameOrUpnOrDn, accountAttributes);
  } else {
    const value = escapeFilterValue(nameOrUpnOrDn.replace(/^[^\\]+\\/, ''));
    for await (const e of dir.search(text(root, 'defaultNamingContext')!, {
      filter: `(&(objectClass=user)(|(sAMAccountName=${value})(userPrincipalName=${value})))`,
      attributes: accountAttributes,
    })) {
      entry = e;
      break;
    }
  }
  if (!entry) {
    throw badInput(
      'account-not-found',
      `No user account named "${nameOrUpnOrDn}" exists in the domain.`,
      `Give ${field('account')} as the sAMAccountName (MSOL_…), UPN or DN of the AD DS connector account (Synchronization Service Manager → Connectors → the AD connector → Properties).`,
    );
  }
  return toAccount(entry);
}

/** The one connector to work with: the admin's choice, the only enabled one, or stop (exit 2). */
export async function selectConnectorAccount(
  dir: Directory,
  chosen?: string,
): Promise<ConnectorAccount> {
  if (chosen) return resolveAccount(dir, chosen);
  const all = await findConnectorAccounts(dir);
  const enabled = all.filter((a) => a.enabled);
  if (enabled.length === 1) return enabled[0]!;
  const list = all
    .map(
      (a) =>
        `${a.sAMAccountName} (${a.enabled ? 'enabled' : 'disabled'}; server ${a.computerName ?? '?'}; tenant ${a.tenant ?? '?'}; installation ${a.installationId ?? '?'}; ${a.dn})`,
    )
    .join('; ');
  if (all.length === 0) {
    throw badInput(
      'connector-not-found',
      'No AD DS connector account (MSOL_…) was found in the domain.',
      `Give ${field('account')} with the account AD Connect uses for this forest (a custom account if it was not installed with express settings).`,
    );
  }
  throw badInput(
    'connector-ambiguous',
    `Several AD DS connector accounts could be the one in use: ${list}.`,
    `Choose one with ${field('account', '<sAMAccountName>')}; Synchronization Service Manager → Connectors shows the one AD Connect uses.`,
  );
}

/** The domain a DC serves (its rootDSE's defaultNamingContext). */
export async function domainNamingContext(dir: Directory): Promise<string> {
  const dn = text(await dir.rootDse(), 'defaultNamingContext');
  if (!dn) {
    throw new WizardError(
      'dc-no-naming-context',
      'The DC did not say which domain it serves (no defaultNamingContext).',
      `Give ${field('dc')} a domain controller, not a global catalog port or another LDAP server.`,
      ExitCode.connect,
    );
  }
  return dn;
}

/**
 * selectConnectorAccount with the account's SID: the plan's Permissions step and the readiness
 * scan pick the connector exactly as the wizard and assess do (the same candidates, the same
 * list with installation, server and tenant when several match).
 */
/** The connector account as the rights checks need it: who it is and its SID. */
export interface ConnectorIdentity {
  readonly dn: string;
  readonly sAMAccountName: string;
  readonly sid: string;
  /** False when ACCOUNTDISABLE is set: a dormant account (an earlier install). */
  readonly enabled: boolean;
}

export async function selectConnectorWithSid(
  dir: Directory,
  chosen?: string,
): Promise<ConnectorIdentity> {
  const account = await selectConnectorAccount(dir, chosen);
  const accountSid = sid(await dir.read(account.dn, ['objectSid']));
  if (!accountSid) {
    throw new WizardError(
      'connector-unreadable',
      `The objectSid of ${account.dn} could not be read.`,
      'Bind as an account that can read user objects (any domain user can by default).',
    );
  }
  return {
    dn: account.dn,
    sAMAccountName: account.sAMAccountName,
    sid: accountSid,
    enabled: account.enabled,
  };
}

/** The account's token as the DC computes it: its SID plus tokenGroups (MS-ADTS 3.1.1.4.5.19). */
export async function readToken(
  dir: Directory,
  dn: string,
): Promise<{ userSid: string; groupSids: string[] }> {
  const entry = await dir.read(dn, ['objectSid', 'tokenGroups']);
  const userSid = sid(entry);
  if (!entry || !userSid) {
    throw new WizardError(
      'token-unreadable',
      `The SID and groups of ${dn} could not be read.`,
      'Check the account exists and the bind account may read it.',
      ExitCode.failed,
    );
  }
  return { userSid, groupSids: sids(entry, 'tokenGroups') };
}
