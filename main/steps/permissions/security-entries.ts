/**
 * The users and containers the Permissions step scans, streamed from the Directory (DACL only,
 * page by page) and decoded into what scan-users.ts judges. Objects whose DACL did not come back
 * (the bind account may not read it) are skipped, as the scan cannot judge them.
 */
import { searchContainersWithDacl, searchUsersWithDacl } from '../../directory/dacl-streams';
import type { Directory } from '../../directory/directory';
import { bytes, sid, text } from '../../directory/entry';
import type { ContainerSecurityEntry, UserSecurityEntry } from './scan-users';

const PAGE_SIZE = 500;

/** User objects below `base`, streamed page by page. */
export async function* usersOf(dir: Directory, base: string): AsyncIterable<UserSecurityEntry> {
  for await (const entry of searchUsersWithDacl(
    dir,
    base,
    ['sAMAccountName', 'adminCount', 'objectSid'],
    { pageSize: PAGE_SIZE },
  )) {
    const sd = bytes(entry, 'nTSecurityDescriptor');
    if (!sd) continue;
    const objectSid = sid(entry);
    yield {
      dn: entry.dn,
      sAMAccountName: text(entry, 'sAMAccountName') ?? entry.dn,
      adminCount: text(entry, 'adminCount') === '1',
      sd,
      ...(objectSid ? { objectSid } : {}),
    };
  }
}

/** OUs, containers and the domain object below `base` (inclusive), streamed. */
export async function* containersOf(
  dir: Directory,
  base: string,
): AsyncIterable<ContainerSecurityEntry> {
  for await (const entry of searchContainersWithDacl(dir, base, { pageSize: PAGE_SIZE })) {
    const sd = bytes(entry, 'nTSecurityDescriptor');
    if (sd) yield { dn: entry.dn, sd };
  }
}
