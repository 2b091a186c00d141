/**
 * What a child object inherits from its parent's DACL (MS-DTYP 2.5.3.4, as AD applies it,
 * MS-ADTS 3.1.1.5.3.3.5): every container-inherit ACE of the parent, explicit or itself
 * inherited, in the parent's order, marked INHERITED. It takes effect on the child when it has
 * no inherited object type or the child's class (inherit-only cleared), else it stays
 * inherit-only to flow further down; no-propagate ACEs stop at the child. Checked against the
 * Samba lab: a user re-enabling inheritance gets exactly these bytes.
 */
import {
  AceFlag,
  isObjectAce,
  parseSecurityDescriptor,
  type Ace,
  type Acl,
  type Guid,
} from '../../shared/sd';

/** CREATOR OWNER / CREATOR GROUP (and server variants): the DC substitutes the child's owner. */
const CREATOR_SIDS = new Set(['S-1-3-0', 'S-1-3-1', 'S-1-3-2', 'S-1-3-3']);

/** Whether inheritedAces can predict the child's ACEs byte for byte (no CREATOR substitution). */
export function isPredictable(parent: Acl | null): boolean {
  return !(parent?.aces ?? []).some(
    (ace) =>
      ace.kind === 'opaque' || (ace.flags & AceFlag.containerInherit && CREATOR_SIDS.has(ace.sid)),
  );
}

export function inheritedAces(parent: Acl | null, childClass: Guid): Ace[] {
  const out: Ace[] = [];
  for (const ace of parent?.aces ?? []) {
    if (!(ace.flags & AceFlag.containerInherit)) continue;
    const noPropagate = (ace.flags & AceFlag.noPropagateInherit) !== 0;
    const target = isObjectAce(ace) ? ace.inheritedObjectType : null;
    const applies = target === null || target === childClass.toLowerCase();
    let flags: number;
    if (applies) {
      flags = noPropagate
        ? AceFlag.inherited
        : (ace.flags & ~AceFlag.inheritOnly & ~AceFlag.noPropagateInherit) | AceFlag.inherited;
    } else {
      if (noPropagate) continue;
      flags = ace.flags | AceFlag.inheritOnly | AceFlag.inherited;
    }
    out.push({ ...ace, flags: flags & 0xff });
  }
  return out;
}

/** One object on the path from the domain root down to a user's parent. */
export interface AncestorDacl {
  readonly dn: string;
  /** Its DACL bytes as read, or as the plan will leave them when an operation targets it. */
  readonly sd: Uint8Array;
  readonly classGuid: Guid;
}

/**
 * The DACL each level will hold once the plan's changes above it have propagated: its
 * explicit ACEs, then what it inherits from the level above (the DC recomputes inherited
 * ACEs down the tree when a DACL changes). `chain` runs from the top (the domain root) down
 * to the parent; the top is taken as given.
 */
export function propagateDown(chain: readonly AncestorDacl[]): Acl | null {
  let above: Acl | null = null;
  for (const [index, level] of chain.entries()) {
    const sd = parseSecurityDescriptor(level.sd);
    if (index === 0 || !above) {
      above = sd.dacl;
      continue;
    }
    const explicit = (sd.dacl?.aces ?? []).filter((ace) => !(ace.flags & AceFlag.inherited));
    const isProtected = (sd.control & 0x1000) !== 0;
    above = {
      revision: Math.max(sd.dacl?.revision ?? 2, above.revision),
      aces: isProtected
        ? (sd.dacl?.aces ?? [])
        : [...explicit, ...inheritedAces(above, level.classGuid)],
    };
  }
  return above;
}

/**
 * The DACL a child holds when it inherits: its own explicit ACEs (in its order), then what it
 * inherits from its parent's DACL, as the DC recomputes it.
 */
export function inheritingDacl(child: Acl | null, parent: Acl | null, childClass: Guid): Acl {
  const explicit = (child?.aces ?? []).filter((ace) => !(ace.flags & AceFlag.inherited));
  return {
    revision: Math.max(child?.revision ?? 2, parent?.revision ?? 2),
    aces: [...explicit, ...inheritedAces(parent, childClass)],
  };
}
