import { AceFlag, AdRight, SdControl } from './access-mask';
import { parseAce, serializeAcl } from './codec';
import { evaluateCondition, type Truth } from './condition-evaluate';
import { readCondition } from './conditional';
import { describeAce, type AceRow } from './describe';
import { formatGuid, type Guid } from './guid';
import { builtInNames, type NameResolver } from './name-resolver';
import { SdError } from './sd-error';
import { formatSid, type Sid } from './sid';
import type { Ace, SecurityDescriptor } from './types';
import {
  aceFlagsAt,
  aceMaskAt,
  aceSizeAt,
  aceTypeAt,
  aclBounds,
  emptyAceLayout,
  type AclBounds,
  OBJECT_LAYOUT_ACE_TYPES,
  readAceLayout,
  SD_HEADER,
} from './structs';
import { AUTHENTICATED_USERS_SID, EVERYONE_SID, PRINCIPAL_SELF_SID } from './well-known';
import { viewOf } from './wire';

// Fields of the descriptor header and bits the walk tests, taken once from their declarations.
const SD_HEADER_SIZE = SD_HEADER.size;
const controlOf = SD_HEADER.get.control;
const daclOffsetOf = SD_HEADER.get.offsetDacl;
const DACL_PRESENT = SdControl.daclPresent;
const CONTAINER_INHERIT = AceFlag.containerInherit;
const INHERIT_ONLY = AceFlag.inheritOnly;

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
  const bytes = locateDacl(input.sd);
  if (!bytes) {
    return {
      granted: true,
      reason: `The object has no DACL, so everyone has full access, including ${describeRequest(input)}.`,
    };
  }
  const decision = walkDacl(bytes, located.offset, matcherFor(input));
  if (decision) return decidedVerdict(decision, bytes, input);
  return {
    granted: false,
    get reason() {
      return `No ACE in the DACL grants ${describeRequest(input)} to this account or its groups.`;
    },
  };
}

/** Where locateDacl found the DACL in the bytes it returned (reused: no allocation per call). */
const located = { offset: 0 };

/** The bytes holding the DACL (its offset in `located`), or undefined when there is none. */
function locateDacl(sd: SecurityDescriptor | Uint8Array): Uint8Array | undefined {
  if (!(sd instanceof Uint8Array)) {
    if (!(sd.control & DACL_PRESENT) || !sd.dacl) return undefined;
    located.offset = 0;
    return serializeAcl(sd.dacl);
  }
  if (sd.length < SD_HEADER_SIZE) {
    throw new SdError(
      'sd-truncated',
      `A security descriptor needs at least ${SD_HEADER_SIZE} bytes`,
      {
        offset: 0,
      },
    );
  }
  const view = viewOf(sd);
  if (!(controlOf(view, 0) & DACL_PRESENT)) return undefined;
  const offset = daclOffsetOf(view, 0);
  if (offset === 0) return undefined;
  if (offset < SD_HEADER_SIZE || offset >= sd.length) {
    throw new SdError('sd-bad-offset', `The DACL offset ${offset} points outside the data`, {
      offset: SD_HEADER.at.offsetDacl,
    });
  }
  located.offset = offset;
  return sd;
}

/** What the request is matched against, compiled once per call. */
interface Matcher {
  readonly token: CompiledToken;
  /** Access bits that grant (or, on a deny ACE, deny) the request. */
  readonly granting: number;
  /** The object type list path: class → [property set →] right or attribute. */
  readonly path: readonly Uint8Array[];
  readonly descendant: boolean;
  readonly classBytes: Uint8Array | undefined;
  readonly selfSid: Uint8Array | undefined;
  readonly input: EvaluateAccessInput;
}

/** Whether the caller has this SID (Member_of in conditional ACEs); SELF when the object is theirs. */
function callerHasSid(m: Matcher, sid: Sid): boolean {
  if (sid === PRINCIPAL_SELF_SID) return m.input.objectSid === m.input.token.userSid;
  return sidSetOf(m.input.token).has(sid);
}

function matcherFor(input: EvaluateAccessInput): Matcher {
  const { request } = input;
  const bit = request.kind === 'control-access' ? AdRight.controlAccess : AdRight.writeProperty;
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
  return {
    token: compileToken(input.token),
    granting: bit | AdRight.genericAll | (bit === AdRight.writeProperty ? AdRight.genericWrite : 0),
    path,
    descendant: input.scope === 'descendant',
    classBytes: input.objectClassGuid ? guidBytes(input.objectClassGuid.toLowerCase()) : undefined,
    selfSid: input.objectSid ? formatSid(input.objectSid) : undefined,
    input,
  };
}

const sidSets = new WeakMap<AccessToken, Set<Sid>>();

/** The caller's SIDs as text (built once per token, and only for conditional ACEs). */
function sidSetOf(token: AccessToken): Set<Sid> {
  let set = sidSets.get(token);
  if (!set) {
    set = new Set([token.userSid, ...token.groupSids, EVERYONE_SID, AUTHENTICATED_USERS_SID]);
    sidSets.set(token, set);
  }
  return set;
}

/** The ACE types that grant or deny in the access check, and which of the two. */
const ACE_EFFECT: Readonly<Record<number, 'allow' | 'deny'>> = {
  0x00: 'allow', // ACCESS_ALLOWED
  0x01: 'deny', // ACCESS_DENIED
  0x05: 'allow', // ACCESS_ALLOWED_OBJECT
  0x06: 'deny', // ACCESS_DENIED_OBJECT
  0x09: 'allow', // ACCESS_ALLOWED_CALLBACK (conditional)
  0x0a: 'deny', // ACCESS_DENIED_CALLBACK
  0x0b: 'allow', // ACCESS_ALLOWED_CALLBACK_OBJECT
  0x0c: 'deny', // ACCESS_DENIED_CALLBACK_OBJECT
};
const CONDITIONAL_TYPES: ReadonlySet<number> = new Set([0x09, 0x0a, 0x0b, 0x0c]);

interface Decision {
  readonly granted: boolean;
  readonly index: number;
  readonly aceStart: number;
  readonly aclEnd: number;
  /** For a conditional ACE, what its condition came to (undefined: UNKNOWN). */
  readonly condition?: Truth;
}

const layout = emptyAceLayout();
const walkBounds: AclBounds = { revision: 0, sbz1: 0, sbz2: 0, aceCount: 0, first: 0, end: 0 };

/** Whether the object ACE's object types apply to this request (and, for descendants, class). */
function objectTypesMatch(bytes: Uint8Array, m: Matcher): boolean {
  if (
    m.descendant &&
    layout.inheritedObjectTypeAt >= 0 &&
    m.classBytes &&
    !equalAt(bytes, layout.inheritedObjectTypeAt, m.classBytes)
  )
    return false;
  return layout.objectTypeAt < 0 || m.path.some((g) => equalAt(bytes, layout.objectTypeAt, g));
}

/** What a conditional ACE's condition comes to; one that does not read is UNKNOWN. */
function conditionAt(bytes: Uint8Array, start: number, end: number, m: Matcher): Truth {
  try {
    return evaluateCondition(readCondition(bytes.subarray(start, end)), (sid) =>
      callerHasSid(m, sid),
    );
  } catch {
    return undefined;
  }
}

/**
 * The access check's walk (MS-DTYP 2.5.3.2): ACEs in stored order, inherit-only ones skipped,
 * the first that grants or denies the request to one of the caller's SIDs decides. A
 * conditional allow grants only when its condition is true; a conditional deny denies when
 * it is true or UNKNOWN. Every structure is read through its declaration, bounds-checked.
 */
function walkDacl(bytes: Uint8Array, aclOffset: number, m: Matcher): Decision | undefined {
  const view = viewOf(bytes);
  const bounds = aclBounds(view, aclOffset, bytes.length, walkBounds);
  let at = bounds.first;
  for (let index = 0; index < bounds.aceCount; index++) {
    const aceStart = at;
    const size = aceSizeAt(view, aceStart, bounds.end);
    at += size;
    const flags = aceFlagsAt(view, aceStart);
    if (m.descendant ? !(flags & CONTAINER_INHERIT) : flags & INHERIT_ONLY) continue;
    const type = aceTypeAt(view, aceStart);
    const effect = ACE_EFFECT[type];
    if (effect === undefined) continue; // audit, alarm, label and unknown ACEs neither grant nor deny
    // The mask comes first in every layout: most ACEs are skipped on it alone (the fast path).
    const mask = aceMaskAt(view, aceStart, size);
    if (mask !== -1 && !(mask & m.granting)) continue;
    const objectLayout = OBJECT_LAYOUT_ACE_TYPES[type] === 1;
    readAceLayout(bytes, view, aceStart, size, objectLayout, layout);
    if (objectLayout && !objectTypesMatch(bytes, m)) continue;
    const { sidAt, sidEnd } = layout;
    if (!tokenHasSidAt(m.token, bytes, sidAt, sidEnd - sidAt, m.selfSid)) continue;
    const decision = { granted: effect === 'allow', index, aceStart, aclEnd: bounds.end };
    if (!CONDITIONAL_TYPES.has(type)) return decision;
    const condition = conditionAt(bytes, sidEnd, aceStart + size, m);
    if (effect === 'allow' ? condition === true : condition !== false) {
      return { ...decision, condition };
    }
  }
  return undefined;
}

function conditionNote(decision: Decision): string {
  if (!('condition' in decision)) return '';
  if (decision.condition === true) return ' Its condition holds for this account.';
  return ' Its condition cannot be decided here (it needs claims or a device the token does not carry), and an undecided condition on a deny ACE denies.';
}

function decidedVerdict(
  decision: Decision,
  bytes: Uint8Array,
  input: EvaluateAccessInput,
): AccessVerdict {
  const { granted, index, aceStart, aclEnd } = decision;
  let ace: Ace | undefined;
  let row: AceRow | undefined;
  // The deciding ACE is parsed and put in words only when the caller looks (the fast path).
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
      return (
        `${verb} by ACE #${index + 1}: ${r.type} ${r.principal} "${r.permission}" (${where}) ${r.sddl}`.trimEnd() +
        conditionNote(decision)
      );
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
