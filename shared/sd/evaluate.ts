import { AceFlag, AdRight, SdControl } from './access-mask';
import { parseAce, serializeAcl } from './codec';
import { describeAce, type AceRow } from './describe';
import { formatGuid, type Guid } from './guid';
import { builtInNames, type NameResolver } from './name-resolver';
import { SdError } from './sd-error';
import { formatSid, type Sid } from './sid';
import type { Ace, SecurityDescriptor } from './types';
import { AUTHENTICATED_USERS_SID, EVERYONE_SID, PRINCIPAL_SELF_SID } from './well-known';
import { viewOf } from './wire';

/** The caller: its SID and the SIDs of its groups (tokenGroups). Everyone and Authenticated Users are added. */
export interface AccessToken {
  readonly userSid: Sid;
  readonly groupSids: readonly Sid[];
}

export type AccessRequest =
  | { readonly kind: 'control-access'; readonly rightGuid: Guid }
  | { readonly kind: 'write-property'; readonly attributeGuid: Guid };

/** Attribute schemaIDGUID → its property set (the attribute's attributeSecurityGuid). */
export type PropertySetMap = ReadonlyMap<Guid, Guid> | Readonly<Record<Guid, Guid>>;

export interface EvaluateAccessInput {
  readonly token: AccessToken;
  /** The object's descriptor, parsed or as the bytes of nTSecurityDescriptor (the fast path). */
  readonly sd: SecurityDescriptor | Uint8Array;
  /** The object's class schemaIDGUID: the root of the object type list. */
  readonly objectClassGuid?: Guid;
  readonly schema?: PropertySetMap;
  readonly request: AccessRequest;
  /** The object's own SID: ACEs for SELF (S-1-5-10) apply when it is the caller's. */
  readonly objectSid?: Sid;
  /**
   * 'object' (default): the access check on this object (MS-DTYP 2.5.3.2).
   * 'descendant': what a descendant object of class `objectClassGuid` would inherit from
   * this DACL: container-inherit ACEs whose inherited object type is absent or that class.
   */
  readonly scope?: 'object' | 'descendant';
  readonly resolver?: NameResolver;
}

export interface AccessVerdict {
  readonly granted: boolean;
  readonly decidedBy?: { readonly index: number; readonly ace: Ace; readonly row: AceRow };
  readonly reason: string;
}

interface CompiledToken {
  /** SID bytes grouped by their last four bytes, for a quick look-up per ACE. */
  readonly byTail: Map<number, Uint8Array[]>;
  readonly userSid: Uint8Array;
}

const SELF_BYTES = formatSid(PRINCIPAL_SELF_SID);
const compiledTokens = new WeakMap<AccessToken, CompiledToken>();
const guidBytesCache = new Map<string, Uint8Array>();

function tailOf(bytes: Uint8Array, offset: number, length: number): number {
  const end = offset + length;
  return (
    (bytes[end - 4]! |
      (bytes[end - 3]! << 8) |
      (bytes[end - 2]! << 16) |
      (bytes[end - 1]! << 24)) >>>
    0
  );
}

function compileToken(token: AccessToken): CompiledToken {
  const cached = compiledTokens.get(token);
  if (cached) return cached;
  const byTail = new Map<number, Uint8Array[]>();
  const userSid = formatSid(token.userSid);
  for (const sid of [token.userSid, ...token.groupSids, EVERYONE_SID, AUTHENTICATED_USERS_SID]) {
    const bytes = formatSid(sid);
    const tail = tailOf(bytes, 0, bytes.length);
    const list = byTail.get(tail) ?? [];
    list.push(bytes);
    byTail.set(tail, list);
  }
  const compiled = { byTail, userSid };
  compiledTokens.set(token, compiled);
  return compiled;
}

function guidBytes(guid: Guid): Uint8Array {
  let bytes = guidBytesCache.get(guid);
  if (!bytes) {
    bytes = formatGuid(guid);
    if (guidBytesCache.size > 10_000) guidBytesCache.clear();
    guidBytesCache.set(guid, bytes);
  }
  return bytes;
}

function equalAt(bytes: Uint8Array, offset: number, other: Uint8Array): boolean {
  for (let i = 0; i < other.length; i++) if (bytes[offset + i] !== other[i]) return false;
  return true;
}

function tokenHasSidAt(
  token: CompiledToken,
  bytes: Uint8Array,
  offset: number,
  length: number,
  selfSid?: Uint8Array,
): boolean {
  if (selfSid && length === SELF_BYTES.length && equalAt(bytes, offset, SELF_BYTES)) {
    return selfSid.length === token.userSid.length && equalAt(token.userSid, 0, selfSid);
  }
  const list = token.byTail.get(tailOf(bytes, offset, length));
  if (!list) return false;
  for (const sid of list) if (sid.length === length && equalAt(bytes, offset, sid)) return true;
  return false;
}

function propertySetOf(schema: PropertySetMap | undefined, attribute: Guid): Guid | undefined {
  if (!schema) return undefined;
  if (schema instanceof Map) return (schema as ReadonlyMap<Guid, Guid>).get(attribute);
  return (schema as Readonly<Record<Guid, Guid>>)[attribute];
}

/**
 * Decides whether the token holds ControlAccess on an extended right or WriteProperty on an
 * attribute, by the access check with an object type list (MS-DTYP 2.5.3.2; MS-ADTS
 * 5.1.3.3.3): ACEs in stored order, inherit-only ACEs skipped, the first ACE that grants or
 * denies the requested right decides. The object type list is class → right, or class →
 * property set → attribute; an object ACE matches when its object type is on that path, a
 * plain ACE (or an object ACE without object type) matches the whole object. Generic rights
 * count as what they map to (GenericAll, GenericWrite grant WriteProperty).
 */
export function evaluateAccess(input: EvaluateAccessInput): AccessVerdict {
  const token = compileToken(input.token);
  const { request } = input;
  const bit = request.kind === 'control-access' ? AdRight.controlAccess : AdRight.writeProperty;
  const granting =
    bit | AdRight.genericAll | (bit === AdRight.writeProperty ? AdRight.genericWrite : 0);
  const target =
    request.kind === 'control-access'
      ? request.rightGuid.toLowerCase()
      : request.attributeGuid.toLowerCase();
  const path: Uint8Array[] = [];
  if (input.objectClassGuid) path.push(guidBytes(input.objectClassGuid.toLowerCase()));
  if (request.kind === 'write-property') {
    const set = propertySetOf(input.schema, target);
    if (set) path.push(guidBytes(set.toLowerCase()));
  }
  path.push(guidBytes(target));
  const descendant = input.scope === 'descendant';
  const classBytes = input.objectClassGuid
    ? guidBytes(input.objectClassGuid.toLowerCase())
    : undefined;
  const selfSid = input.objectSid ? formatSid(input.objectSid) : undefined;

  let bytes: Uint8Array;
  let aclOffset: number;
  if (input.sd instanceof Uint8Array) {
    bytes = input.sd;
    if (bytes.length < 20)
      throw new SdError('sd-truncated', 'A security descriptor needs at least 20 bytes', {
        offset: 0,
      });
    const view = viewOf(bytes);
    const control = view.getUint16(2, true);
    aclOffset = control & SdControl.daclPresent ? view.getUint32(16, true) : 0;
    if (aclOffset !== 0 && (aclOffset < 20 || aclOffset + 8 > bytes.length)) {
      throw new SdError('sd-bad-offset', `The DACL offset ${aclOffset} points outside the data`, {
        offset: 16,
      });
    }
  } else if (input.sd.control & SdControl.daclPresent && input.sd.dacl) {
    bytes = serializeAcl(input.sd.dacl);
    aclOffset = 0;
  } else {
    bytes = new Uint8Array(0);
    aclOffset = -1;
  }
  if (aclOffset === 0 && input.sd instanceof Uint8Array) {
    return {
      granted: true,
      reason: `The object has no DACL, so everyone has full access, including ${describeRequest(input)}.`,
    };
  }
  if (aclOffset < 0) {
    return {
      granted: true,
      reason: `The object has no DACL, so everyone has full access, including ${describeRequest(input)}.`,
    };
  }

  const view = viewOf(bytes);
  const aclSize = view.getUint16(aclOffset + 2, true);
  const aceCount = view.getUint16(aclOffset + 4, true);
  const aclEnd = aclOffset + aclSize;
  if (aclSize < 8 || aclEnd > bytes.length) {
    throw new SdError('sd-bad-acl', `The DACL of ${aclSize} bytes does not fit in the data`, {
      offset: aclOffset,
    });
  }
  let at = aclOffset + 8;
  for (let index = 0; index < aceCount; index++) {
    if (at + 4 > aclEnd)
      throw new SdError('sd-bad-acl', 'An ACE header runs past the end of the DACL', {
        offset: at,
      });
    const type = bytes[at]!;
    const flags = bytes[at + 1]!;
    const size = bytes[at + 2]! | (bytes[at + 3]! << 8);
    const end = at + size;
    if (size < 4 || end > aclEnd)
      throw new SdError('sd-bad-ace', `An ACE of ${size} bytes does not fit in the DACL`, {
        offset: at,
      });
    const aceStart = at;
    at = end;
    if (descendant ? !(flags & AceFlag.containerInherit) : flags & AceFlag.inheritOnly) continue;
    let sidAt: number;
    if (type <= 1) {
      if (aceStart + 16 > end)
        throw new SdError('sd-bad-ace', 'An ACE is too small for its mask and SID', {
          offset: aceStart,
        });
      const mask = view.getUint32(aceStart + 4, true);
      if (!(mask & granting)) continue;
      sidAt = aceStart + 8;
    } else if (type === 5 || type === 6) {
      if (aceStart + 20 > end)
        throw new SdError('sd-bad-ace', 'An object ACE is too small for its fields', {
          offset: aceStart,
        });
      const mask = view.getUint32(aceStart + 4, true);
      if (!(mask & granting)) continue;
      const objectFlags = view.getUint32(aceStart + 8, true);
      let q = aceStart + 12;
      let objectTypeAt = -1;
      let inheritedTypeAt = -1;
      if (objectFlags & 1) {
        objectTypeAt = q;
        q += 16;
      }
      if (objectFlags & 2) {
        inheritedTypeAt = q;
        q += 16;
      }
      if (q + 8 > end)
        throw new SdError('sd-bad-ace', 'An object ACE is too small for its GUIDs and SID', {
          offset: aceStart,
        });
      if (
        descendant &&
        inheritedTypeAt >= 0 &&
        classBytes &&
        !equalAt(bytes, inheritedTypeAt, classBytes)
      )
        continue;
      if (objectTypeAt >= 0 && !path.some((guid) => equalAt(bytes, objectTypeAt, guid))) continue;
      sidAt = q;
    } else {
      continue; // audit, alarm, callback and unknown ACEs do not grant or deny here
    }
    const sidLength = 8 + 4 * (bytes[sidAt + 1] ?? 0);
    if (sidAt + sidLength > end)
      throw new SdError('sd-bad-ace', 'The SID of an ACE runs past its end', { offset: aceStart });
    if (!tokenHasSidAt(token, bytes, sidAt, sidLength, selfSid)) continue;

    // The deciding ACE is parsed and put in words only when the caller looks (the fast path).
    return decidedVerdict(type === 0 || type === 5, index, bytes, aceStart, aclEnd, input);
  }
  return {
    granted: false,
    get reason() {
      return `No ACE in the DACL grants ${describeRequest(input)} to this account or its groups.`;
    },
  };
}

function decidedVerdict(
  granted: boolean,
  index: number,
  bytes: Uint8Array,
  aceStart: number,
  aclEnd: number,
  input: EvaluateAccessInput,
): AccessVerdict {
  let ace: Ace | undefined;
  let row: AceRow | undefined;
  const theAce = (): Ace => (ace ??= parseAce(bytes, viewOf(bytes), aceStart, aclEnd).ace);
  const theRow = (): AceRow =>
    (row ??= describeAce(theAce(), input.resolver ?? builtInNames(), input.objectClassGuid));
  return {
    granted,
    decidedBy: {
      index,
      get ace() {
        return theAce();
      },
      get row() {
        return theRow();
      },
    },
    get reason() {
      const r = theRow();
      const where = `${r.appliesTo}${r.inherited ? ', inherited' : ''}`;
      const verb = granted ? 'Granted' : 'Denied';
      return `${verb} by ACE #${index + 1}: ${r.type} ${r.principal} "${r.permission}" (${where}) ${r.sddl}`.trimEnd();
    },
  };
}

function describeRequest(input: EvaluateAccessInput): string {
  const resolver = input.resolver ?? builtInNames();
  if (input.request.kind === 'control-access') {
    const name =
      resolver.guidName(input.request.rightGuid, ['extended-right'])?.displayName ??
      input.request.rightGuid;
    return `"${name}"`;
  }
  const name =
    resolver.guidName(input.request.attributeGuid, ['attribute'])?.displayName ??
    input.request.attributeGuid;
  return `"Write ${name}"`;
}
