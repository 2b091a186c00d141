import { AceFlag, SdControl, mapGenericRights } from './access-mask';
import { serializeAce } from './codec';
import { SdError } from './sd-error';
import type { Guid } from './guid';
import type { Sid } from './sid';
import {
  isAllowAce,
  isDenyAce,
  isObjectAce,
  type Ace,
  type Acl,
  type SecurityDescriptor,
} from './types';
import { AUTHENTICATED_USERS_SID, EVERYONE_SID } from './well-known';

/** Byte identity of an ACE: two ACEs are the same when they serialise to the same bytes. */
export function aceKey(ace: Ace): string {
  let key = '';
  for (const byte of serializeAce(ace)) key += byte.toString(16).padStart(2, '0');
  return key;
}

const isInherited = (ace: Ace): boolean => (ace.flags & AceFlag.inherited) !== 0;

/** ACL_REVISION_DS (4) is required once the ACL holds an object ACE (MS-DTYP 2.4.5). */
function revisionFor(aces: readonly Ace[], current: number): number {
  return aces.some(isObjectAce) ? Math.max(current, 4) : current;
}

/**
 * Adds an explicit ACE where Windows' canonical order puts it (explicit deny, explicit
 * allow, then inherited ACEs, kept as they are): a deny goes after the explicit denies, an
 * allow (or anything else) after the explicit ACEs, an inherited ACE at the end.
 */
export function addAce(dacl: Acl, ace: Ace): Acl {
  const aces = [...dacl.aces];
  let index: number;
  if (isInherited(ace)) index = aces.length;
  else if (isDenyAce(ace)) {
    index = aces.findIndex((existing) => isInherited(existing) || !isDenyAce(existing));
  } else {
    index = aces.findIndex(isInherited);
  }
  if (index < 0) index = aces.length;
  aces.splice(index, 0, ace);
  return { ...dacl, revision: revisionFor(aces, dacl.revision), aces };
}

/** Removes exactly the given ACEs (one occurrence each, matched byte for byte); an absent one is an error. */
export function removeAces(dacl: Acl, remove: readonly Ace[]): Acl {
  const aces = [...dacl.aces];
  const keys = aces.map(aceKey);
  for (const ace of remove) {
    const key = aceKey(ace);
    const at = keys.indexOf(key);
    if (at < 0) {
      throw new SdError(
        'sd-bad-ace',
        'An ACE to remove is not in the DACL',
        {},
        'Re-read the object: its permissions changed since the ACE was chosen.',
      );
    }
    aces.splice(at, 1);
    keys.splice(at, 1);
  }
  return { ...dacl, aces };
}

export interface CoveringAce {
  readonly index: number;
  readonly ace: Ace;
  /** 'equal': the same ACE is already there; 'covering': a broader ACE already grants (or denies) it. */
  readonly relation: 'equal' | 'covering';
}

/** Whether `broad`'s inheritance reaches at least everything `narrow`'s does. */
function reachCovers(broad: number, narrow: number): boolean {
  const self = (flags: number): boolean => (flags & AceFlag.inheritOnly) === 0;
  const inherits = (flags: number): boolean => (flags & AceFlag.containerInherit) !== 0;
  const oneLevel = (flags: number): boolean => (flags & AceFlag.noPropagateInherit) !== 0;
  if (self(narrow) && !self(broad)) return false;
  if (inherits(narrow) && !inherits(broad)) return false;
  if (inherits(narrow) && !oneLevel(narrow) && oneLevel(broad)) return false;
  return true;
}

/**
 * Finds an ACE in the DACL that already is `ace` or covers it: same kind (allow/deny),
 * a principal that is the same or broader (Everyone, Authenticated Users, or one of
 * `principalSids`), every right (generic rights mapped), no object type or the same one,
 * no inherited object type or the same one, and an inheritance reach at least as wide.
 * With `schema` (attribute → property set), an ACE on the attribute's property set covers it.
 */
export function findEquivalentOrCoveringAce(
  dacl: Acl,
  ace: Ace,
  options: { principalSids?: readonly Sid[]; schema?: ReadonlyMap<Guid, Guid> } = {},
): CoveringAce | undefined {
  const key = aceKey(ace);
  const equal = dacl.aces.findIndex((existing) => aceKey(existing) === key);
  if (equal >= 0) return { index: equal, ace: dacl.aces[equal]!, relation: 'equal' };
  if (ace.kind === 'opaque' || !(isAllowAce(ace) || isDenyAce(ace))) return undefined;
  const principals = new Set([
    ace.sid,
    EVERYONE_SID,
    AUTHENTICATED_USERS_SID,
    ...(options.principalSids ?? []),
  ]);
  const wanted = mapGenericRights(ace.mask);
  const objectType = isObjectAce(ace) ? ace.objectType : null;
  // WP/RP on a property set covers the same right on each attribute in it (MS-ADTS 5.1.3.2.1).
  const propertySet = objectType ? options.schema?.get(objectType) : undefined;
  const inheritedType = isObjectAce(ace) ? ace.inheritedObjectType : null;
  for (let index = 0; index < dacl.aces.length; index++) {
    const existing = dacl.aces[index]!;
    if (existing.kind === 'opaque') continue;
    if (isAllowAce(existing) !== isAllowAce(ace) || isDenyAce(existing) !== isDenyAce(ace))
      continue;
    if (!principals.has(existing.sid)) continue;
    if ((mapGenericRights(existing.mask) & wanted) >>> 0 !== wanted) continue;
    const existingType = isObjectAce(existing) ? existing.objectType : null;
    if (existingType !== null && existingType !== objectType && existingType !== propertySet)
      continue;
    const existingInherited = isObjectAce(existing) ? existing.inheritedObjectType : null;
    if (existingInherited !== null && existingInherited !== inheritedType) continue;
    if (!reachCovers(existing.flags, ace.flags)) continue;
    return { index, ace: existing, relation: 'covering' };
  }
  return undefined;
}

/** Sets or clears "protected" (inheritance disabled, SE_DACL_PROTECTED, MS-DTYP 2.4.6). */
export function setDaclProtected(sd: SecurityDescriptor, isProtected: boolean): SecurityDescriptor {
  const control = isProtected
    ? sd.control | SdControl.daclProtected
    : sd.control & ~SdControl.daclProtected;
  return { ...sd, control };
}

/** Returns the descriptor with another DACL (and DACL_PRESENT set). */
export function withDacl(sd: SecurityDescriptor, dacl: Acl): SecurityDescriptor {
  return { ...sd, control: sd.control | SdControl.daclPresent, dacl };
}
