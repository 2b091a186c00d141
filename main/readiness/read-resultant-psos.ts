/**
 * Reads the domain's PSOs and who each reaches, once per run, so the user scan needs no
 * constructed attribute (see resultant-pso.ts for the rules). The cost is one search per PSO
 * target instead of a token expansion per user: the DC walks each targeted group's nesting once
 * (the in-chain matching rule), and the users it reaches stream into the index.
 */
import { WizardError } from '../../shared/errors';
import type { Directory, DirectoryEntry } from '../directory/directory';
import { bytes, integer, sid, text, texts } from '../directory/entry';
import { escapeFilterValue } from '../directory/escape';
import { splitRid } from '../../shared/sd';
import { ResultantPsos, type PsoCandidate } from './resultant-pso';

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
  return integer(entry, name) ?? 0n;
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
  const index = new ResultantPsos<PasswordSettingsObject>(supported);
  if (!supported) return index;
  const psos = await readPasswordSettingsObjects(directory, options.baseDn, options.signal);
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

/** Every user the group reaches: nested members, and by primary group (not in `member`). */
async function* usersReachedThrough(
  directory: Directory,
  groupDn: string,
  options: ReadPsosOptions,
): AsyncGenerator<string> {
  const inChain = `(memberOf:${IN_CHAIN}:=${escapeFilterValue(groupDn)})`;
  const search = (filter: string, attributes: string[]): AsyncIterable<DirectoryEntry> =>
    directory.search(options.baseDn, { scope: 'sub', filter, attributes, signal: options.signal });

  for await (const user of search(`(&(objectClass=user)${inChain})`, ['1.1'])) yield user.dn;

  const rids = [ridOf(await directory.read(groupDn, ['objectSid']), groupDn)];
  for await (const group of search(`(&(objectClass=group)${inChain})`, ['objectSid'])) {
    rids.push(ridOf(group, group.dn));
  }
  const byPrimaryGroup = rids.map((rid) => `(primaryGroupID=${rid})`).join('');
  for await (const user of search(`(&(objectClass=user)(|${byPrimaryGroup}))`, ['1.1'])) {
    yield user.dn;
  }
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
