import { readCondition, writeCondition, type CondToken } from './conditional';
import { formatGuid, parseGuid, type Guid } from './guid';
import { readClaim, writeClaim, type Claim } from './resource-attribute';
import { CALLBACK_OBJECT_ACE_TYPES } from './sddl-codes';
import { formatSid, parseSid, type Sid } from './sid';
import { ACE_HEADER, emptyAceLayout, OBJECT_LAYOUT_ACE_TYPES, readAceLayout } from './structs';
import { viewOf } from './wire';

/**
 * The bodies of the ACEs the codec keeps byte for byte (its OpaqueAce): conditional
 * (callback) ACEs, MS-DTYP 2.4.4.6 to 2.4.4.8 and 2.4.4.17, and resource attribute ACEs,
 * MS-DTYP 2.4.4.15. Read on demand (SDDL, access check) so the parser's fast path never
 * pays for them.
 */
export interface CallbackBody {
  readonly mask: number;
  readonly objectType: Guid | null;
  readonly inheritedObjectType: Guid | null;
  readonly sid: Sid;
  readonly condition: CondToken[];
}

export interface ResourceAttributeBody {
  readonly mask: number;
  readonly sid: Sid;
  readonly claim: Claim;
}

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

/**
 * Mask, object fields and SID at the start of a body (read with the codec's checked layout,
 * on the ACE rebuilt with its header); returns them and where the SID ends in the body.
 */
function readHead(aceType: number, body: Uint8Array) {
  const ace = new Uint8Array(ACE_HEADER.size + body.length);
  ace.set(body, ACE_HEADER.size);
  const layout = readAceLayout(
    ace,
    viewOf(ace),
    0,
    ace.length,
    OBJECT_LAYOUT_ACE_TYPES[aceType] === 1,
    emptyAceLayout(),
  );
  return {
    mask: layout.mask,
    objectType: layout.objectTypeAt < 0 ? null : parseGuid(ace, layout.objectTypeAt),
    inheritedObjectType:
      layout.inheritedObjectTypeAt < 0 ? null : parseGuid(ace, layout.inheritedObjectTypeAt),
    sid: parseSid(ace, layout.sidAt),
    sidEnd: layout.sidEnd - ACE_HEADER.size,
  };
}

export function readCallbackBody(aceType: number, body: Uint8Array): CallbackBody {
  const head = readHead(aceType, body);
  return {
    mask: head.mask,
    objectType: head.objectType,
    inheritedObjectType: head.inheritedObjectType,
    sid: head.sid,
    condition: readCondition(body.subarray(head.sidEnd)),
  };
}

export function readResourceAttributeBody(body: Uint8Array): ResourceAttributeBody {
  const head = readHead(0x12, body);
  return { mask: head.mask, sid: head.sid, claim: readClaim(body.subarray(head.sidEnd)) };
}

function head(
  aceType: number,
  mask: number,
  sid: Sid,
  objectType: Guid | null,
  inherited: Guid | null,
): number[] {
  const out = le32(mask);
  if (CALLBACK_OBJECT_ACE_TYPES.has(aceType)) {
    out.push(...le32((objectType ? 1 : 0) | (inherited ? 2 : 0)));
    if (objectType) out.push(...formatGuid(objectType));
    if (inherited) out.push(...formatGuid(inherited));
  }
  out.push(...formatSid(sid));
  return out;
}

export function writeCallbackBody(aceType: number, body: CallbackBody): Uint8Array {
  const start = head(aceType, body.mask, body.sid, body.objectType, body.inheritedObjectType);
  return Uint8Array.from([...start, ...writeCondition(body.condition)]);
}

export function writeResourceAttributeBody(body: ResourceAttributeBody): Uint8Array {
  return Uint8Array.from([
    ...head(0x12, body.mask, body.sid, null, null),
    ...writeClaim(body.claim),
  ]);
}
