import { describeAce, type AceRow } from './describe';
import { aceKey } from './edit';
import type { Guid } from './guid';
import { builtInNames, type NameResolver } from './name-resolver';
import type { Acl } from './types';

export interface DaclDiff {
  readonly added: readonly AceRow[];
  readonly removed: readonly AceRow[];
}

/**
 * The ACEs in `after` but not in `before` (added) and the other way round (removed),
 * compared byte for byte as multisets; order changes alone are not reported. Each entry
 * carries the ACE, its ADUC words and its SDDL.
 */
export function diffDacl(
  before: Acl | null,
  after: Acl | null,
  resolver: NameResolver = builtInNames(),
  objectClassOfTarget?: Guid,
): DaclDiff {
  const beforeAces = before?.aces ?? [];
  const afterAces = after?.aces ?? [];
  const remaining = new Map<string, number>();
  for (const ace of beforeAces) {
    const key = aceKey(ace);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const added: AceRow[] = [];
  for (const ace of afterAces) {
    const key = aceKey(ace);
    const count = remaining.get(key) ?? 0;
    if (count > 0) remaining.set(key, count - 1);
    else added.push(describeAce(ace, resolver, objectClassOfTarget));
  }
  const removed: AceRow[] = [];
  for (const ace of beforeAces) {
    const key = aceKey(ace);
    const count = remaining.get(key) ?? 0;
    if (count > 0) {
      remaining.set(key, count - 1);
      removed.push(describeAce(ace, resolver, objectClassOfTarget));
    }
  }
  return { added, removed };
}
