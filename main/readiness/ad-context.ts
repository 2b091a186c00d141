/**
 * What the verdicts need to know about the domain, read once before the scan: the
 * connector's token, the schema's property sets, the minimum password ages (domain and
 * PSOs), the members of protected groups, and the explicit Deny ACEs on containers (to say
 * where an inherited Deny comes from).
 */
import { WizardError, ExitCode } from '../../shared/errors';
import {
  AceFlag,
  builtInNames,
  isDenyAce,
  parseSecurityDescriptor,
  type Ace,
} from '../../shared/sd';
import { searchContainersWithDacl } from '../directory/dacl-streams';
import { parentDn, TICKS_PER_DAY } from './user-record';
import type { MinimumAge, ReadinessContext } from './user-verdict';
import type { Directory } from '../directory/directory';
import { readToken, selectConnectorWithSid, type ConnectorIdentity } from '../directory/discover';
import { readWritebackSchema } from '../directory/domain-head';
import { bytes, integer, sid, sids, text } from '../directory/entry';
import { field } from '../../shared/fields';

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

function ticksOf(stored: bigint | undefined): bigint {
  const value = stored ?? 0n;
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

export async function readPasswordAges(
  directory: Directory,
  baseDn: string,
): Promise<PasswordAges> {
  const head = await directory.read(baseDn, ['minPwdAge']);
  const domain: MinimumAge = {
    ticks: ticksOf(integer(head, 'minPwdAge')),
    source: 'the domain password policy',
    fix: `Set the minimum password age to 0 days in the GPO linked at the domain root that wins (Minimum password age step: plan ${field('steps', 'min-password-age')}), as Microsoft recommends for writeback.`,
  };
  const psos = new Map<string, MinimumAge>();
  const psoList: { dn: string; name: string; days: number }[] = [];
  try {
    const found = directory.search(`CN=Password Settings Container,CN=System,${baseDn}`, {
      scope: 'one',
      filter: '(objectClass=msDS-PasswordSettings)',
      attributes: ['cn', 'msDS-MinimumPasswordAge'],
    });
    for await (const entry of found) {
      const name = text(entry, 'cn') ?? entry.dn;
      const ticks = ticksOf(integer(entry, 'msDS-MinimumPasswordAge'));
      psos.set(entry.dn.toLowerCase(), {
        ticks,
        source: `the PSO "${name}"`,
        fix: `Set msDS-MinimumPasswordAge of the PSO "${name}" to 0 (Minimum password age step: plan ${field('psos', `"${name}"`)}).`,
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
  directory: Directory,
  baseDn: string,
  domainSid: string,
): Promise<Map<string, string>> {
  const protectedSids = [
    ...PROTECTED_BUILTIN,
    ...PROTECTED_DOMAIN_RIDS.map((rid) => `${domainSid}-${rid}`),
  ];
  const groups = directory.search(baseDn, {
    scope: 'sub',
    filter: `(&(objectClass=group)(|${protectedSids.map((s) => `(objectSid=${s})`).join('')}))`,
    attributes: ['sAMAccountName', 'objectSid'],
  });
  const groupName = new Map<string, string>();
  for await (const group of groups) {
    const groupSid = sid(group);
    if (groupSid !== undefined) groupName.set(groupSid, text(group, 'sAMAccountName') ?? group.dn);
  }
  // Names for protected groups this domain does not hold (e.g. Enterprise Admins in a child domain).
  for (const each of protectedSids) if (!groupName.has(each)) groupName.set(each, each);
  const ownRids = new Set(PROTECTED_USER_RIDS.map((rid) => `${domainSid}-${rid}`));

  const members = new Map<string, string>();
  const candidates: { dn: string; name: string; sid: string | undefined }[] = [];
  for await (const user of directory.search(baseDn, {
    scope: 'sub',
    filter: '(&(objectCategory=person)(objectClass=user)(adminCount=1))',
    attributes: ['sAMAccountName', 'objectSid'],
    pageSize: 1000,
  })) {
    candidates.push({
      dn: user.dn,
      name: text(user, 'sAMAccountName') ?? user.dn,
      sid: sid(user),
    });
  }
  for (const user of candidates) {
    if (user.sid !== undefined && ownRids.has(user.sid)) {
      members.set(user.dn.toLowerCase(), `itself (${user.name}, a built-in protected account)`);
      continue;
    }
    const token = await directory.read(user.dn, ['tokenGroups']);
    for (const groupSid of sids(token, 'tokenGroups')) {
      const name = groupName.get(groupSid);
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
  directory: Directory,
  baseDn: string,
): Promise<(userDn: string, ace: Ace) => string | undefined> {
  const denies = new Map<string, { dn: string; aces: Ace[] }>();
  for await (const entry of searchContainersWithDacl(directory, baseDn)) {
    const sd = bytes(entry, 'nTSecurityDescriptor');
    if (sd === undefined) continue;
    const aces = (parseSecurityDescriptor(sd).dacl?.aces ?? []).filter(
      (ace) =>
        isDenyAce(ace) && !(ace.flags & AceFlag.inherited) && ace.flags & AceFlag.containerInherit,
    );
    if (aces.length > 0) denies.set(entry.dn.toLowerCase(), { dn: entry.dn, aces });
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
  readonly connector: ConnectorIdentity;
  readonly domainSid: string;
  readonly ages: PasswordAges;
}

/** Reads everything the scan needs, in a few small searches. */
export async function readDomainContext(
  directory: Directory,
  baseDn: string,
  options: { readonly account?: string; readonly now?: number } = {},
): Promise<DomainContext> {
  const domainSid = sid(await directory.read(baseDn, ['objectSid']));
  if (domainSid === undefined) {
    throw new WizardError(
      'domain-unreadable',
      `The domain head ${baseDn} could not be read (no objectSid).`,
      `Check ${field('dc')} and that the bind account is a member of the domain.`,
      ExitCode.connect,
    );
  }
  // The connector: the one named (sAMAccountName, UPN or DN), else the only enabled AD Connect
  // account; several candidates: exit 2 with the list. The one way main/directory picks it.
  const connector = await selectConnectorWithSid(directory, options.account);
  const [token, schema, ages, protectedMembers, originOf] = [
    await readToken(directory, connector.dn),
    (await readWritebackSchema(directory)).propertySets,
    await readPasswordAges(directory, baseDn),
    await readProtectedMembers(directory, baseDn, domainSid),
    await readDenyOrigins(directory, baseDn),
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
