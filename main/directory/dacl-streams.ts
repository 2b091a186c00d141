/**
 * The two scans that read DACLs in bulk, written once: the users below a base and the
 * containers (OUs, containers, the domain object) that can pass a Deny down to them. Each
 * streams page by page (Simple Paged Results, RFC 2696) with the SD flags control asking for
 * the DACL only (SD flags 4: no SACL privilege needed); nothing is collected.
 */
import type { Directory, DirectoryEntry } from './directory';
import { SdFlags } from './sd-flags-control';
import { searchInStreams } from './split-search';

/** Users (not computers, not contacts): AD's usual filter for person user objects. */
export const USER_FILTER = '(&(objectCategory=person)(objectClass=user))';

/** The objects whose inheritable ACEs reach users: OUs, containers and the domain head. */
export const CONTAINER_FILTER =
  '(|(objectClass=organizationalUnit)(objectClass=container)(objectClass=domainDNS))';

export interface DaclScanOptions {
  readonly pageSize?: number;
  /** Connections the scan is split across (split-search.ts); default one. */
  readonly streams?: number;
}

/**
 * The users below `base` (inclusive), with these attributes and their DACL; over several
 * connections when `streams` says so (in no set order then).
 */
export function searchUsersWithDacl(
  dir: Directory,
  base: string,
  attributes: readonly string[],
  options: DaclScanOptions = {},
): AsyncIterable<DirectoryEntry> {
  const search = {
    scope: 'sub',
    filter: USER_FILTER,
    attributes: attributes.some((name) => name.toLowerCase() === 'ntsecuritydescriptor')
      ? attributes
      : [...attributes, 'nTSecurityDescriptor'],
    sdFlags: SdFlags.DACL,
    pageSize: options.pageSize ?? 1000,
  } as const;
  return searchInStreams(dir, base, search, options.streams ?? 1);
}

/** The containers below `base` (inclusive) with their DACL (and these attributes). */
export function searchContainersWithDacl(
  dir: Directory,
  base: string,
  options: DaclScanOptions = {},
  attributes: readonly string[] = [],
): AsyncIterable<DirectoryEntry> {
  return dir.search(base, {
    scope: 'sub',
    filter: CONTAINER_FILTER,
    attributes: [...attributes, 'nTSecurityDescriptor'],
    sdFlags: SdFlags.DACL,
    pageSize: options.pageSize ?? 1000,
  });
}
