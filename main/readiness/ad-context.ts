/**
 * What the verdicts need to know about the domain, read once before the scan: the
 * connector's token, the schema's property sets, the minimum password ages (domain and
 * PSOs), the members of protected groups, and the explicit Deny ACEs on containers (to say
 * where an inherited Deny comes from).
 */
import type { Client, Entry } from 'ldapts';
import { WizardError, ExitCode } from '../../shared/errors';
import {
  AceFlag,
  builtInNames,
  isDenyAce,
  parseGuid,
  parseSecurityDescriptor,
  parseSid,
  type Ace,
} from '../../shared/sd';
import { SdFlags, SdFlagsControl } from '../directory/sd-flags-control';
import { parentDn, TICKS_PER_DAY } from './user-record';
import type { MinimumAge, ReadinessContext } from './user-verdict';
import { directoryOver } from '../directory/directory';
import { readToken, selectConnectorWithSid } from '../directory/discover';

function values(entry: Entry | undefined, name: string): (string | Buffer)[] {
  const v = entry?.[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]) as (string | Buffer)[];
}
const one = (entry: Entry | undefined, name: string): string | Buffer | undefined =>
  values(entry, name)[0];
const str = (entry: Entry | undefined, name: string): string | undefined => {
  const v = one(entry, name);
  return v === undefined ? undefined : v.toString();
};

/** Protected groups (MS-ADTS 3.1.1.6.1.2, AdminSDHolder): builtin SIDs and domain RIDs. */
export const PROTECTED_BUILTIN = [
  'S-1-5-32-544',
  'S-1-5-32-548',
  'S-1-5-32-549',
  'S-1-5-32-550',
  'S-1-5-32-551',
  'S-1-5-32-552',
];
export const PROTECTED_DOMAIN_RIDS = [512, 516, 518, 519, 521, 526, 527];
/** Accounts protected on their own: Administrator (500), krbtgt (502). */
const PROTECTED_USER_RIDS = [500, 502];

export interface ConnectorAccount {
  readonly dn: string;
  readonly sAMAccountName: string;
  readonly sid: string;
}

/**
 * The connector account: the one named by --account (sAMAccountName, UPN or DN), else the only
 * enabled AD Connect account; several candidates → the admin must choose (exit 2, listed with
 * their installation, server and tenant). The one way main/directory picks it.
 */
export async function findConnector(
  client: Client,
  account: string | undefined,
): Promise<ConnectorAccount> {
  return selectConnectorWithSid(client, account);
}

/** attribute schemaIDGUID → attributeSecurityGUID for the attributes writeback writes. */
export async function readPropertySets(
  client: Client,
  baseDn: string,
): Promise<Map<string, string>> {
  const { searchEntries } = await client.search(`CN=Schema,CN=Configuration,${baseDn}`, {
    scope: 'one',
    filter: '(|(lDAPDisplayName=lockoutTime)(lDAPDisplayName=pwdLastSet))',
    attributes: ['schemaIDGUID', 'attributeSecurityGUID'],
    explicitBufferAttributes: ['schemaIDGUID', 'attributeSecurityGUID'],
  });
  const map = new Map<string, string>();
  for (const entry of searchEntries) {
    const id = one(entry, 'schemaIDGUID');
    const set = one(entry, 'attributeSecurityGUID');
    if (Buffer.isBuffer(id) && Buffer.isBuffer(set) && set.length === 16) {
      map.set(parseGuid(new Uint8Array(id)), parseGuid(new Uint8Array(set)));
    }
  }
  return map;
}

function ticksOf(stored: string | undefined): bigint {
  if (stored === undefined || !/^-?\d+$/.test(stored)) return 0n;
  const value = BigInt(stored);
  return value < 0n ? -value : value; // stored negative (a relative time)
}

export interface PasswordAges {
  readonly domain: MinimumAge;
  readonly psos: Map<string, MinimumAge>;
  /** For the checks: each PSO's name and age in days. */
  readonly psoList: readonly {
    readonly dn: string;
    readonly name: string;
    readonly days: number;
  }[];
}

export async function readPasswordAges(client: Client, baseDn: string): Promise<PasswordAges> {
  const { searchEntries } = await client.search(baseDn, {
    scope: 'base',
    attributes: ['minPwdAge'],
  });
  const domain: MinimumAge = {
    ticks: ticksOf(str(searchEntries[0], 'minPwdAge')),
    source: 'the domain password policy',
    fix: 'Set the minimum password age to 0 days in the GPO linked at the domain root that wins (Minimum password age step: plan --steps min-password-age), as Microsoft recommends for writeback.',
  };
  const psos = new Map<string, MinimumAge>();
  const psoList: { dn: string; name: string; days: number }[] = [];
  try {
    const found = await client.search(`CN=Password Settings Container,CN=System,${baseDn}`, {
      scope: 'one',
      filter: '(objectClass=msDS-PasswordSettings)',
      attributes: ['cn', 'msDS-MinimumPasswordAge'],
    });
    for (const entry of found.searchEntries) {
      const name = str(entry, 'cn') ?? entry.dn;
      const ticks = ticksOf(str(entry, 'msDS-MinimumPasswordAge'));
      psos.set(entry.dn.toLowerCase(), {
        ticks,
        source: `the PSO "${name}"`,
        fix: `Set msDS-MinimumPasswordAge of the PSO "${name}" to 0 (Minimum password age step: plan --psos "${name}").`,
      });
      psoList.push({ dn: entry.dn, name, days: Number(ticks) / Number(TICKS_PER_DAY) });
    }
  } catch {
    // No container, or no right to read it: users with a resultant PSO fall back to the domain's age.
  }
  return { domain, psos, psoList };
}

/**
 * Users with adminCount=1 that are transitive members of a protected group (or protected
 * themselves) → the group's name. Only adminCount=1 users can be protected accounts, so only
 * they are looked at: their tokenGroups (constructed, transitive, with the primary group)
 * against the protected groups' SIDs. A few base searches, instead of an in-chain
 * (LDAP_MATCHING_RULE_IN_CHAIN) search per group that costs a pass over every user.
 */
export async function readProtectedMembers(
  client: Client,
  baseDn: string,
  domainSid: string,
): Promise<Map<string, string>> {
  const sids = [...PROTECTED_BUILTIN, ...PROTECTED_DOMAIN_RIDS.map((rid) => `${domainSid}-${rid}`)];
  const groups = await client.search(baseDn, {
    scope: 'sub',
    filter: `(&(objectClass=group)(|${sids.map((s) => `(objectSid=${s})`).join('')}))`,
    attributes: ['sAMAccountName', 'objectSid'],
    explicitBufferAttributes: ['objectSid'],
  });
  const groupName = new Map<string, string>();
  for (const group of groups.searchEntries) {
    const sid = one(group, 'objectSid');
    if (Buffer.isBuffer(sid))
      groupName.set(parseSid(new Uint8Array(sid)), str(group, 'sAMAccountName') ?? group.dn);
  }
  // Names for protected groups this domain does not hold (e.g. Enterprise Admins in a child domain).
  for (const sid of sids) if (!groupName.has(sid)) groupName.set(sid, sid);
  const ownRids = new Set(PROTECTED_USER_RIDS.map((rid) => `${domainSid}-${rid}`));

  const members = new Map<string, string>();
  const pages = client.searchPaginated(baseDn, {
    scope: 'sub',
    filter: '(&(objectCategory=person)(objectClass=user)(adminCount=1))',
    attributes: ['sAMAccountName', 'objectSid'],
    explicitBufferAttributes: ['objectSid'],
    paged: { pageSize: 1000 },
  });
  const candidates: { dn: string; name: string; sid: string | undefined }[] = [];
  for await (const page of pages) {
    for (const user of page.searchEntries) {
      const sid = one(user, 'objectSid');
      candidates.push({
        dn: user.dn,
        name: str(user, 'sAMAccountName') ?? user.dn,
        sid: Buffer.isBuffer(sid) ? parseSid(new Uint8Array(sid)) : undefined,
      });
    }
  }
  for (const user of candidates) {
    if (user.sid !== undefined && ownRids.has(user.sid)) {
      members.set(user.dn.toLowerCase(), `itself (${user.name}, a built-in protected account)`);
      continue;
    }
    const { searchEntries } = await client.search(user.dn, {
      scope: 'base',
      attributes: ['tokenGroups'],
      explicitBufferAttributes: ['tokenGroups'],
    });
    for (const bytes of values(searchEntries[0], 'tokenGroups')) {
      if (!Buffer.isBuffer(bytes)) continue;
      const name = groupName.get(parseSid(new Uint8Array(bytes)));
      if (name !== undefined) {
        members.set(user.dn.toLowerCase(), name);
        break;
      }
    }
  }
  return members;
}

function sameAceIgnoringInheritance(a: Ace, b: Ace): boolean {
  if (a.kind === 'opaque' || b.kind === 'opaque' || a.kind !== b.kind) return false;
  if (a.sid !== b.sid || a.mask !== b.mask) return false;
  if ('objectType' in a && 'objectType' in b) {
    return a.objectType === b.objectType && a.inheritedObjectType === b.inheritedObjectType;
  }
  return true;
}

/**
 * Explicit, inheritable Deny ACEs of every container in scope (OUs are few next to users),
 * and a look-up of where an inherited Deny ACE on a user was set.
 */
export async function readDenyOrigins(
  client: Client,
  baseDn: string,
): Promise<(userDn: string, ace: Ace) => string | undefined> {
  const denies = new Map<string, { dn: string; aces: Ace[] }>();
  const pages = client.searchPaginated(
    baseDn,
    {
      scope: 'sub',
      filter: '(|(objectClass=organizationalUnit)(objectClass=container)(objectClass=domainDNS))',
      attributes: ['nTSecurityDescriptor'],
      explicitBufferAttributes: ['nTSecurityDescriptor'],
      paged: { pageSize: 1000 },
    },
    new SdFlagsControl(SdFlags.DACL),
  );
  for await (const page of pages) {
    for (const entry of page.searchEntries) {
      const sd = one(entry, 'nTSecurityDescriptor');
      if (!Buffer.isBuffer(sd)) continue;
      const aces = (parseSecurityDescriptor(new Uint8Array(sd)).dacl?.aces ?? []).filter(
        (ace) =>
          isDenyAce(ace) &&
          !(ace.flags & AceFlag.inherited) &&
          ace.flags & AceFlag.containerInherit,
      );
      if (aces.length > 0) denies.set(entry.dn.toLowerCase(), { dn: entry.dn, aces });
    }
  }
  return (userDn, ace) => {
    for (let dn = parentDn(userDn); dn !== undefined; dn = parentDn(dn)) {
      const found = denies.get(dn.toLowerCase());
      if (found?.aces.some((candidate) => sameAceIgnoringInheritance(candidate, ace)))
        return found.dn;
    }
    return undefined;
  };
}

export interface DomainContext {
  readonly context: ReadinessContext;
  readonly connector: ConnectorAccount;
  readonly domainSid: string;
  readonly ages: PasswordAges;
}

/** Reads everything the scan needs, in a few small searches. */
export async function readDomainContext(
  client: Client,
  baseDn: string,
  options: { readonly account?: string; readonly now?: number } = {},
): Promise<DomainContext> {
  const head = await client.search(baseDn, {
    scope: 'base',
    attributes: ['objectSid'],
    explicitBufferAttributes: ['objectSid'],
  });
  const sidBytes = one(head.searchEntries[0], 'objectSid');
  if (!Buffer.isBuffer(sidBytes)) {
    throw new WizardError(
      'domain-unreadable',
      `The domain head ${baseDn} could not be read (no objectSid).`,
      'Check --dc and that the bind account is a member of the domain.',
      ExitCode.connect,
    );
  }
  const domainSid = parseSid(new Uint8Array(sidBytes));
  const connector = await findConnector(client, options.account);
  const [token, schema, ages, protectedMembers, originOf] = [
    await readToken(directoryOver(client), connector.dn),
    await readPropertySets(client, baseDn),
    await readPasswordAges(client, baseDn),
    await readProtectedMembers(client, baseDn, domainSid),
    await readDenyOrigins(client, baseDn),
  ];
  return {
    connector,
    domainSid,
    ages,
    context: {
      token,
      connectorName: connector.sAMAccountName,
      schema,
      resolver: builtInNames(domainSid),
      domainMinimumAge: ages.domain,
      psoMinimumAges: ages.psos,
      protectedMembers,
      originOf,
      now: options.now ?? Date.now(),
    },
  };
}
