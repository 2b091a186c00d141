/**
 * The DACLs of the domain's containers (OUs, containers, the domain head), read in one paged
 * search per run: few next to users, and everything the verdicts need about the tree above a
 * user. Where an inherited Deny ACE was set (its origin), which containers have inheritance
 * disabled (a grant above them never reaches the users below), and each container's DACL for
 * the after-plan projection (main/readiness/after-plan.ts).
 */
import {
  AceFlag,
  isDenyAce,
  parseSecurityDescriptor,
  SdControl,
  type Ace,
  type Guid,
} from '../../shared/sd';
import type { Directory } from '../directory/directory';
import { bytes, texts } from '../directory/entry';
import { searchContainersWithDacl } from '../directory/dacl-streams';
import { ancestorsUpTo, parentDn } from './dn';

/** schemaIDGUIDs of the container classes (MS-ADSC; the same in every forest). */
export const ContainerClass = {
  domainDNS: '19195a5b-6da0-11d0-afd3-00c04fd930c9',
  organizationalUnit: 'bf967aa5-0de6-11d0-a285-00aa003049e2',
  container: 'bf967a8b-0de6-11d0-a285-00aa003049e2',
  builtinDomain: 'bf967a81-0de6-11d0-a285-00aa003049e2',
} as const satisfies Record<string, Guid>;

export interface ContainerDacl {
  readonly dn: string;
  /** nTSecurityDescriptor, DACL only (SD flags 4). */
  readonly sd: Uint8Array;
  readonly classGuid: Guid;
  /** SE_DACL_PROTECTED: inheritance disabled, nothing from above flows in. */
  readonly inheritanceDisabled: boolean;
  /** Its explicit Deny ACEs that flow to objects below (container-inherit). */
  readonly denies: readonly Ace[];
}

/** A container's facts from its DACL bytes. */
export function containerDacl(dn: string, sd: Uint8Array, classGuid: Guid): ContainerDacl {
  const parsed = parseSecurityDescriptor(sd);
  return {
    dn,
    sd,
    classGuid,
    inheritanceDisabled: (parsed.control & SdControl.daclProtected) !== 0,
    denies: (parsed.dacl?.aces ?? []).filter(
      (ace) =>
        isDenyAce(ace) && !(ace.flags & AceFlag.inherited) && ace.flags & AceFlag.containerInherit,
    ),
  };
}

function sameAceIgnoringInheritance(a: Ace, b: Ace): boolean {
  if (a.kind === 'opaque' || b.kind === 'opaque' || a.kind !== b.kind) return false;
  if (a.sid !== b.sid || a.mask !== b.mask) return false;
  if ('objectType' in a && 'objectType' in b) {
    return a.objectType === b.objectType && a.inheritedObjectType === b.inheritedObjectType;
  }
  return true;
}

export class ContainerIndex {
  private readonly byDn = new Map<string, ContainerDacl>();

  constructor(containers: Iterable<ContainerDacl>) {
    for (const container of containers) this.byDn.set(container.dn.toLowerCase(), container);
  }

  get(dn: string): ContainerDacl | undefined {
    return this.byDn.get(dn.toLowerCase());
  }

  all(): IterableIterator<ContainerDacl> {
    return this.byDn.values();
  }

  /** Where an inherited Deny ACE on an object below was set: the nearest container holding it. */
  denyOrigin(dn: string, ace: Ace): string | undefined {
    for (let at = parentDn(dn); at !== undefined; at = parentDn(at)) {
      const found = this.byDn.get(at.toLowerCase());
      if (found?.denies.some((candidate) => sameAceIgnoringInheritance(candidate, ace)))
        return found.dn;
    }
    return undefined;
  }

  /**
   * The container nearest to `dn` with inheritance disabled, strictly between `dn` and `scope`
   * (the scope's own protection does not matter: its own ACEs still flow down). A grant on
   * `scope` does not reach `dn` when there is one; a grant on it does.
   */
  inheritanceBreakBetween(dn: string, scope: string): string | undefined {
    for (const at of ancestorsUpTo(dn, scope)) {
      if (at.toLowerCase() === scope.toLowerCase()) return undefined;
      if (this.byDn.get(at.toLowerCase())?.inheritanceDisabled)
        return this.byDn.get(at.toLowerCase())!.dn;
    }
    return undefined;
  }
}

function classOf(objectClasses: readonly string[]): Guid {
  const structural = (objectClasses.at(-1) ?? '').toLowerCase();
  const known = Object.entries(ContainerClass).find(([name]) => name.toLowerCase() === structural);
  return known?.[1] ?? ContainerClass.container;
}

/** Every container below `baseDn` (inclusive) with its DACL, in one paged search. */
export async function readContainers(
  directory: Directory,
  baseDn: string,
  signal?: AbortSignal,
): Promise<ContainerIndex> {
  const containers: ContainerDacl[] = [];
  for await (const entry of searchContainersWithDacl(directory, baseDn, {}, ['objectClass'])) {
    if (signal?.aborted) break;
    const sd = bytes(entry, 'nTSecurityDescriptor');
    if (sd === undefined || sd.length === 0) continue;
    containers.push(containerDacl(entry.dn, sd, classOf(texts(entry, 'objectClass'))));
  }
  return new ContainerIndex(containers);
}
