/**
 * Reads the domain's PSOs and who each reaches, once per run, so the user scan needs no
 * constructed attribute (see resultant-pso.ts for the rules). The cost is a few reads per PSO
 * target instead of a token expansion per user: the DC finds each targeted group's nested groups
 * once (the in-chain matching rule over groups), and their members stream into the index.
 */
import { WizardError } from '../../shared/errors';
import type { Directory, DirectoryEntry } from '../directory/directory';
import { bytes, sid, text, texts } from '../directory/entry';
import { escapeFilterValue } from '../directory/escape';
import { splitRid } from '../../shared/sd';
import { ResultantPsos, type PsoCandidate } from './resultant-pso';
import { storedInterval } from './intervals';

/** LDAP_MATCHING_RULE_IN_CHAIN (MS-ADTS 3.1.1.3.4.4.3): transitive membership. */
const IN_CHAIN = '1.2.840.113556.1.4.1941';

/** groupType bits (MS-ADTS 2.2.12). */
const GROUP_TYPE_ACCOUNT_GROUP = 0x2;
const GROUP_TYPE_SECURITY_ENABLED = 0x80000000;

/** Windows Server 2008 domain functional level: the first with fine-grained password policy. */
const DOMAIN_FUNCTIONAL_LEVEL_2008 = 3;

/** A PSO with the settings the verdicts use (intervals are negative 100-ns counts). */
export interface PasswordSettingsObject extends PsoCandidate {
  readonly name: string;
  readonly minimumAge: bigint;
  readonly maximumAge: bigint;
  readonly lockoutDuration: bigint;
  readonly appliesTo: readonly string[];
}

export interface ReadPsosOptions {
  /** The domain's naming context (DC=contoso,DC=com). */
  readonly baseDn: string;
  /** msDS-Behavior-Version of the domain head. */
  readonly domainFunctionalLevel: number;
  readonly signal?: AbortSignal;
}

export function passwordSettingsContainer(baseDn: string): string {
  return `CN=Password Settings Container,CN=System,${baseDn}`;
}

const PSO_ATTRIBUTES = [
  'cn',
  'objectGUID',
  'msDS-PasswordSettingsPrecedence',
  'msDS-PSOAppliesTo',
  'msDS-MinimumPasswordAge',
  'msDS-MaximumPasswordAge',
  'msDS-LockoutDuration',
];

/** The domain's PSOs: only those directly in the Password Settings Container count. */
export async function readPasswordSettingsObjects(
  directory: Directory,
  baseDn: string,
  signal?: AbortSignal,
): Promise<PasswordSettingsObject[]> {
  const psos: PasswordSettingsObject[] = [];
  try {
    for await (const entry of directory.search(passwordSettingsContainer(baseDn), {
      scope: 'one',
      filter: '(objectClass=msDS-PasswordSettings)',
      attributes: PSO_ATTRIBUTES,
      signal,
    })) {
      psos.push(toPso(entry));
    }
  } catch (error) {
    // A domain built from a pre-2008 schema has no container: no PSO applies (as the DC says).
    if ((error as { code?: number }).code === 32) return [];
    throw error;
  }
  return psos;
}

function ticks(entry: DirectoryEntry, name: string): bigint {
  return storedInterval(text(entry, name));
}

function toPso(entry: DirectoryEntry): PasswordSettingsObject {
  const guid = bytes(entry, 'objectGUID');
  const precedence = Number(text(entry, 'msDS-PasswordSettingsPrecedence'));
  if (guid === undefined || guid.length !== 16 || !Number.isInteger(precedence)) {
    throw new WizardError(
      'directory-unexpected',
      `The password settings object ${entry.dn} has no valid objectGUID or precedence.`,
      'Check the PSO in Active Directory Administrative Center (every PSO needs a precedence).',
    );
  }
  return {
    dn: entry.dn,
    name: text(entry, 'cn') ?? entry.dn,
    precedence,
    guid,
    minimumAge: ticks(entry, 'msDS-MinimumPasswordAge'),
    maximumAge: ticks(entry, 'msDS-MaximumPasswordAge'),
    lockoutDuration: ticks(entry, 'msDS-LockoutDuration'),
    appliesTo: texts(entry, 'msDS-PSOAppliesTo'),
  };
}

/**
 * Who each PSO reaches, folded into one index: users it names, and users of the global security
 * groups it names (nested members, and users whose primary group is the group or a group nested
 * in it).
 */
export async function readResultantPsos(
  directory: Directory,
  options: ReadPsosOptions,
): Promise<ResultantPsos<PasswordSettingsObject>> {
  const supported = options.domainFunctionalLevel >= DOMAIN_FUNCTIONAL_LEVEL_2008;
  // Listed even below 2008 (the schema may hold PSOs the DC does not apply yet).
  const psos = await readPasswordSettingsObjects(directory, options.baseDn, options.signal);
  const index = new ResultantPsos<PasswordSettingsObject>(supported, psos);
  if (!supported) return index;
  for (const pso of psos) {
    for (const target of pso.appliesTo) {
      const kind = await targetKind(directory, target);
      if (kind === 'user') index.offerDirect(target, pso);
      if (kind === 'global-security-group') {
        for await (const userDn of usersReachedThrough(directory, target, options)) {
          index.offerThroughGroup(userDn, pso);
        }
      }
    }
  }
  return index;
}

type TargetKind = 'user' | 'global-security-group' | 'ignored';

/** A PSO may name users and groups; only global security groups pass a PSO on. */
async function targetKind(directory: Directory, dn: string): Promise<TargetKind> {
  const entry = await directory.read(dn, ['objectClass', 'groupType']);
  const classes = texts(entry, 'objectClass').map((c) => c.toLowerCase());
  if (classes.includes('group')) {
    const groupType = Number(text(entry, 'groupType') ?? 0) >>> 0;
    const globalSecurity =
      (groupType & GROUP_TYPE_ACCOUNT_GROUP) !== 0 &&
      (groupType & GROUP_TYPE_SECURITY_ENABLED) !== 0;
    return globalSecurity ? 'global-security-group' : 'ignored';
  }
  return classes.includes('user') ? 'user' : 'ignored';
}

/**
 * Every member the group reaches: the members of the group and of every group nested in it
 * (read from their `member` values, so the cost follows the groups' sizes, not the domain's: an
 * in-chain search over the users makes the DC walk every user's memberOf chain, seconds on
 * 20,000 users), and the users whose primary group is one of them (not in `member`). Members
 * that are not users (contacts, computers) are offered too; the scan never asks about them.
 */
async function* usersReachedThrough(
  directory: Directory,
  groupDn: string,
  options: ReadPsosOptions,
): AsyncGenerator<string> {
  const inChain = `(memberOf:${IN_CHAIN}:=${escapeFilterValue(groupDn)})`;
  const search = (filter: string, attributes: string[]): AsyncIterable<DirectoryEntry> =>
    directory.search(options.baseDn, { scope: 'sub', filter, attributes, signal: options.signal });

  const groups = new Map<string, number>([
    [groupDn, ridOf(await directory.read(groupDn, ['objectSid']), groupDn)],
  ]);
  // The groups nested in it: few candidates (groups only), so the in-chain search is cheap.
  for await (const group of search(`(&(objectClass=group)${inChain})`, ['objectSid'])) {
    groups.set(group.dn, ridOf(group, group.dn));
  }
  const groupDns = new Set([...groups.keys()].map((dn) => dn.toLowerCase()));
  for (const dn of groups.keys()) {
    for (const member of await membersOf(directory, dn, options.signal)) {
      if (!groupDns.has(member.toLowerCase())) yield member;
    }
  }
  const byPrimaryGroup = [...groups.values()].map((rid) => `(primaryGroupID=${rid})`).join('');
  for await (const user of search(`(&(objectClass=user)(|${byPrimaryGroup}))`, ['1.1'])) {
    yield user.dn;
  }
}

/** A group's direct members, every range of them (a search completes ranged values). */
async function membersOf(
  directory: Directory,
  groupDn: string,
  signal: AbortSignal | undefined,
): Promise<readonly string[]> {
  for await (const group of directory.search(groupDn, {
    scope: 'base',
    filter: '(objectClass=*)',
    attributes: ['member'],
    signal,
  })) {
    return texts(group, 'member');
  }
  return [];
}

function ridOf(entry: DirectoryEntry | undefined, dn: string): number {
  const groupSid = sid(entry);
  const rid = groupSid === undefined ? NaN : (splitRid(groupSid)?.rid ?? NaN);
  if (!Number.isInteger(rid)) {
    throw new WizardError(
      'directory-unexpected',
      `The group ${dn}, named by a password settings object, has no readable objectSid.`,
      'Check that the account used can read the group (Read permission on objectSid).',
    );
  }
  return rid;
}
