/**
 * Which accounts are protected (MS-ADTS 3.1.1.6.1.2, AdminSDHolder): users with adminCount=1
 * that are transitive members of a protected group, or protected themselves (Administrator,
 * krbtgt). SDProp stamps AdminSDHolder's DACL on them with inheritance disabled.
 */
import type { Directory } from '../directory/directory';
import { sid, sids, text } from '../directory/entry';

/** Protected groups: builtin SIDs and domain RIDs. */
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

/** Protected group SID → its name (the SID itself for groups this domain does not hold). */
async function protectedGroups(
  directory: Directory,
  baseDn: string,
  groupSids: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for await (const group of directory.search(baseDn, {
    scope: 'sub',
    filter: `(&(objectClass=group)(|${groupSids.map((s) => `(objectSid=${s})`).join('')}))`,
    attributes: ['sAMAccountName', 'objectSid'],
  })) {
    const groupSid = sid(group);
    if (groupSid) names.set(groupSid, text(group, 'sAMAccountName') ?? group.dn);
  }
  for (const group of groupSids) if (!names.has(group)) names.set(group, group);
  return names;
}

/**
 * Users with adminCount=1 that are protected → the group that makes them so. Only adminCount=1
 * users can be protected accounts, so only they are looked at: their tokenGroups (constructed,
 * transitive, with the primary group) against the protected groups' SIDs. A few base searches,
 * instead of an in-chain search per group that costs a pass over every user.
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
  const groupName = await protectedGroups(directory, baseDn, protectedSids);
  const ownRids = new Set(PROTECTED_USER_RIDS.map((rid) => `${domainSid}-${rid}`));
  const candidates: { dn: string; name: string; sid: string | undefined }[] = [];
  for await (const user of directory.search(baseDn, {
    scope: 'sub',
    filter: '(&(objectCategory=person)(objectClass=user)(adminCount=1))',
    attributes: ['sAMAccountName', 'objectSid'],
  })) {
    candidates.push({
      dn: user.dn,
      name: text(user, 'sAMAccountName') ?? user.dn,
      sid: sid(user),
    });
  }
  const members = new Map<string, string>();
  for (const user of candidates) {
    if (user.sid !== undefined && ownRids.has(user.sid)) {
      members.set(user.dn.toLowerCase(), `itself (${user.name}, a built-in protected account)`);
      continue;
    }
    const entry = await directory.read(user.dn, ['tokenGroups']);
    for (const group of sids(entry, 'tokenGroups')) {
      const name = groupName.get(group);
      if (name !== undefined) {
        members.set(user.dn.toLowerCase(), name);
        break;
      }
    }
  }
  return members;
}
