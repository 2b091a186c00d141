import { parseGuid, type Guid } from './guid';
import type { Sid } from './sid';
import {
  WELL_KNOWN_GUIDS,
  WELL_KNOWN_PROPERTY_SETS,
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
  private readonly sets = new Map<Guid, Guid>(WELL_KNOWN_PROPERTY_SETS);

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

  /**
   * Learns a classSchema or attributeSchema object read from the schema partition: its
   * schemaIDGUID (bytes or text), lDAPDisplayName and, for attributes, attributeSecurityGUID
   * (its property set, MS-ADTS 3.1.1.2.3). A built-in display name ("User") is kept.
   */
  addSchemaObject(entry: {
    readonly schemaIDGUID: Uint8Array | Guid;
    readonly lDAPDisplayName: string;
    readonly isClass: boolean;
    readonly attributeSecurityGUID?: Uint8Array | Guid | null;
  }): this {
    const guid = parseGuid(entry.schemaIDGUID);
    const kind: GuidKind = entry.isClass ? 'class' : 'attribute';
    const builtIn = this.guidName(guid, [kind]);
    this.addGuid(guid, {
      kind,
      name: entry.lDAPDisplayName,
      displayName: builtIn?.displayName ?? entry.lDAPDisplayName,
    });
    const set = entry.attributeSecurityGUID;
    if (!entry.isClass && set && (typeof set === 'string' || set.length === 16))
      this.sets.set(guid, parseGuid(set));
    return this;
  }

  /**
   * Learns a controlAccessRight object from CN=Extended-Rights: rightsGuid, cn, displayName
   * and validAccesses, which says what it is (MS-ADTS 5.1.3.2.1): CR an extended right,
   * RP/WP a property set, SW a validated write.
   */
  addExtendedRight(entry: {
    readonly rightsGuid: Guid;
    readonly cn: string;
    readonly displayName: string;
    readonly validAccesses: number;
  }): this {
    const guid = parseGuid(entry.rightsGuid);
    const kinds: GuidKind[] = [];
    if (entry.validAccesses & 0x100) kinds.push('extended-right');
    if (entry.validAccesses & 0x30) kinds.push('property-set');
    if (entry.validAccesses & 0x8) kinds.push('validated-write');
    for (const kind of kinds) {
      const builtIn = this.guidName(guid, [kind]);
      // Keep ADUC's wording for the built-ins ("Reset password"), else the directory's displayName.
      this.addGuid(guid, {
        kind,
        name: entry.cn,
        displayName: builtIn?.displayName ?? entry.displayName,
      });
    }
    return this;
  }

  /** Attribute → property set, from the schema objects learned (plus the built-in ones): evaluateAccess's `schema`. */
  propertySets(): ReadonlyMap<Guid, Guid> {
    return this.sets;
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
