import { readCondition, writeCondition, type CondToken } from './conditional';
import { formatGuid, parseGuid, type Guid } from './guid';
import { readClaim, writeClaim, type Claim } from './resource-attribute';
import { CALLBACK_OBJECT_ACE_TYPES } from './sddl-codes';
import { SdError } from './sd-error';
import { formatSid, parseSid, sidLengthAt, type Sid } from './sid';

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

function u32(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length)
    throw new SdError('sd-bad-ace', 'A callback ACE is too small', { offset: at });
  return (
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
  );
}

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

/** Mask, object fields and SID at the start of a body; returns them and where the SID ends. */
function readHead(aceType: number, body: Uint8Array) {
  const mask = u32(body, 0);
  let at = 4;
  let objectType: Guid | null = null;
  let inheritedObjectType: Guid | null = null;
  if (CALLBACK_OBJECT_ACE_TYPES.has(aceType)) {
    const flags = u32(body, 4);
    at = 8;
    if (flags & 1) {
      objectType = parseGuid(body, at);
      at += 16;
    }
    if (flags & 2) {
      inheritedObjectType = parseGuid(body, at);
      at += 16;
    }
  }
  const sidEnd = at + sidLengthAt(body, at);
  return { mask, objectType, inheritedObjectType, sid: parseSid(body, at), sidEnd };
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
