import type { Guid } from './guid';
import type { Sid } from './sid';
import {
  WELL_KNOWN_GUIDS,
  WELL_KNOWN_RIDS,
  WELL_KNOWN_SIDS,
  type GuidKind,
  type GuidName,
} from './well-known';

/**
 * Turns SIDs and GUIDs into the names an admin knows. The built-in table covers the
 * well-known ones; the engine adds the live schema, extended rights and principals.
 */
export interface NameResolver {
  /** The domain SID: resolves domain-relative RIDs and SDDL aliases such as DA. */
  readonly domainSid?: Sid;
  principalName(sid: Sid): string | undefined;
  /** The name of a GUID, preferring the given kinds in order (a GUID can be both a property set and a validated write). */
  guidName(guid: Guid, kinds?: readonly GuidKind[]): GuidName | undefined;
}

/** A NameResolver that starts from the built-in table and takes names learned at run time. */
export class NameTable implements NameResolver {
  private readonly principals = new Map<Sid, string>();
  private readonly guids = new Map<Guid, GuidName[]>();

  constructor(readonly domainSid?: Sid) {
    for (const [guid, name] of WELL_KNOWN_GUIDS) this.addGuid(guid, name);
  }

  addPrincipal(sid: Sid, name: string): this {
    this.principals.set(sid, name);
    return this;
  }

  /** Adds (or, for the same kind, replaces) the name of a GUID: live schema entries win over built-ins. */
  addGuid(guid: Guid, name: GuidName): this {
    const key = guid.toLowerCase();
    const list = (this.guids.get(key) ?? []).filter((entry) => entry.kind !== name.kind);
    list.push(name);
    this.guids.set(key, list);
    return this;
  }

  principalName(sid: Sid): string | undefined {
    const learned = this.principals.get(sid) ?? WELL_KNOWN_SIDS.get(sid);
    if (learned) return learned;
    if (this.domainSid && sid.startsWith(this.domainSid + '-')) {
      const rid = sid.slice(this.domainSid.length + 1);
      if (/^\d+$/.test(rid)) return WELL_KNOWN_RIDS.get(Number(rid));
    }
    return undefined;
  }

  guidName(guid: Guid, kinds?: readonly GuidKind[]): GuidName | undefined {
    const list = this.guids.get(guid.toLowerCase());
    if (!list) return undefined;
    if (!kinds) return list[0];
    for (const kind of kinds) {
      const found = list.find((entry) => entry.kind === kind);
      if (found) return found;
    }
    return undefined;
  }
}

/** A resolver with only the built-in names (and domain RIDs when the domain SID is given). */
export function builtInNames(domainSid?: Sid): NameResolver {
  const key = domainSid ?? '';
  let table = builtInCache.get(key);
  if (!table) {
    if (builtInCache.size > 100) builtInCache.clear();
    table = new NameTable(domainSid);
    builtInCache.set(key, table);
  }
  return table;
}

// Read-only use only: callers that add names create their own NameTable.
const builtInCache = new Map<string, NameResolver>();
