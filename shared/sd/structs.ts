import { SdError } from './sd-error';
import { sidLengthAt } from './sid';
import { declareStruct } from './wire';

/**
 * The structures of a self-relative security descriptor, each declared once, and the
 * bounds-checked walks over them that the codec, the callback-ACE reader and the access
 * check share (so a malformed descriptor fails the same way, with the same SdError, wherever
 * it is read).
 */

/** SECURITY_DESCRIPTOR, self-relative form (MS-DTYP 2.4.6). */
export const SD_HEADER = declareStruct('security descriptor header', [
  ['revision', 'u8'],
  ['sbz1', 'u8'],
  ['control', 'u16'],
  ['offsetOwner', 'u32'],
  ['offsetGroup', 'u32'],
  ['offsetSacl', 'u32'],
  ['offsetDacl', 'u32'],
]);

/** ACL header (MS-DTYP 2.4.5). */
export const ACL_HEADER = declareStruct('ACL header', [
  ['aclRevision', 'u8'],
  ['sbz1', 'u8'],
  ['aclSize', 'u16'],
  ['aceCount', 'u16'],
  ['sbz2', 'u16'],
]);

/** ACE_HEADER (MS-DTYP 2.4.4.1). */
export const ACE_HEADER = declareStruct('ACE header', [
  ['aceType', 'u8'],
  ['aceFlags', 'u8'],
  ['aceSize', 'u16'],
]);

/** Body start of ACCESS_*_ACE and the other non-object ACEs (MS-DTYP 2.4.4.2): Mask, then the SID. */
export const BASIC_ACE_BODY = declareStruct('ACE access mask', [['mask', 'u32']]);

/** Body start of ACCESS_*_OBJECT_ACE (MS-DTYP 2.4.4.3): Mask, Flags, then the optional GUIDs and the SID. */
export const OBJECT_ACE_BODY = declareStruct('object ACE mask and flags', [
  ['mask', 'u32'],
  ['objectFlags', 'u32'],
]);

/** Object ACE Flags (MS-DTYP 2.4.4.3). */
export const ACE_OBJECT_TYPE_PRESENT = 0x1;
export const ACE_INHERITED_OBJECT_TYPE_PRESENT = 0x2;
const GUID_SIZE = 16;

/**
 * ACE types laid out as object ACEs, plain (5 to 8) and callback (0x0b, 0x0c, 0x0e, 0x0f):
 * 1 at those indexes (a table, for the access check's hot loop).
 */
export const OBJECT_LAYOUT_ACE_TYPES: Readonly<Uint8Array> = (() => {
  const table = new Uint8Array(256);
  for (const type of [0x05, 0x06, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x0f]) table[type] = 1;
  return table;
})();

// Offsets and sizes for the hot walks, taken once from the declarations above (plain
// constants: the access check reads millions of ACEs through these).
const ACL_REVISION_AT = ACL_HEADER.at.aclRevision;
const ACL_SBZ1_AT = ACL_HEADER.at.sbz1;
const ACL_SIZE_AT = ACL_HEADER.at.aclSize;
const ACL_COUNT_AT = ACL_HEADER.at.aceCount;
const ACL_SBZ2_AT = ACL_HEADER.at.sbz2;
const ACL_HEADER_SIZE = ACL_HEADER.size;
const ACE_TYPE_AT = ACE_HEADER.at.aceType;
const ACE_FLAGS_AT = ACE_HEADER.at.aceFlags;
const ACE_SIZE_AT = ACE_HEADER.at.aceSize;
const ACE_HEADER_SIZE = ACE_HEADER.size;
const BASIC_MASK_AT = BASIC_ACE_BODY.at.mask;
const BASIC_BODY_SIZE = BASIC_ACE_BODY.size;
const OBJECT_MASK_AT = OBJECT_ACE_BODY.at.mask;
const OBJECT_FLAGS_AT = OBJECT_ACE_BODY.at.objectFlags;
const OBJECT_BODY_SIZE = OBJECT_ACE_BODY.size;

/** AceType of the ACE at `offset` (its header must fit: see aceSizeAt). */
export function aceTypeAt(view: DataView, offset: number): number {
  return view.getUint8(offset + ACE_TYPE_AT);
}

/** AceFlags of the ACE at `offset` (its header must fit: see aceSizeAt). */
export function aceFlagsAt(view: DataView, offset: number): number {
  return view.getUint8(offset + ACE_FLAGS_AT);
}

/**
 * The access mask of the ACE at `offset` of `size` bytes (first in every body layout), or -1
 * when the ACE is too small to hold one.
 */
export function aceMaskAt(view: DataView, offset: number, size: number): number {
  const at = offset + ACE_HEADER_SIZE + BASIC_MASK_AT;
  return at + 4 <= offset + size ? view.getUint32(at, true) : -1;
}

export interface AclBounds {
  revision: number;
  sbz1: number;
  sbz2: number;
  aceCount: number;
  /** Where the first ACE starts and where AclSize ends. */
  first: number;
  end: number;
}

/**
 * The ACL header at `offset`, checked: its AclSize must end by `limit`. Filled into `out`
 * when given (the access check reuses one, allocating nothing per descriptor).
 */
export function aclBounds(
  view: DataView,
  offset: number,
  limit: number,
  out: AclBounds = { revision: 0, sbz1: 0, sbz2: 0, aceCount: 0, first: 0, end: 0 },
): AclBounds {
  if (offset < 0 || offset + ACL_HEADER_SIZE > limit) {
    throw new SdError('sd-truncated', 'An ACL header needs 8 bytes but the data ends first', {
      offset,
    });
  }
  const revision = view.getUint8(offset + ACL_REVISION_AT);
  const aclSize = view.getUint16(offset + ACL_SIZE_AT, true);
  const aceCount = view.getUint16(offset + ACL_COUNT_AT, true);
  if (revision < 2 || revision > 4) {
    throw new SdError('sd-bad-revision', `An ACL has revision ${revision}; only 2 and 4 are used`, {
      offset,
    });
  }
  if (aclSize < ACL_HEADER_SIZE) {
    throw new SdError(
      'sd-bad-acl',
      `An ACL claims a size of ${aclSize} bytes, smaller than its own header`,
      { offset },
    );
  }
  const end = offset + aclSize;
  if (end > limit) {
    throw new SdError(
      'sd-bad-acl',
      `An ACL of ${aclSize} bytes runs ${end - limit} bytes past the end of the data`,
      { offset },
    );
  }
  if (aceCount * ACE_HEADER_SIZE > aclSize - ACL_HEADER_SIZE) {
    throw new SdError(
      'sd-bad-acl',
      `An ACL claims ${aceCount} ACEs, more than its ${aclSize} bytes can hold`,
      { offset },
    );
  }
  out.revision = revision;
  out.sbz1 = view.getUint8(offset + ACL_SBZ1_AT);
  out.sbz2 = view.getUint16(offset + ACL_SBZ2_AT, true);
  out.aceCount = aceCount;
  out.first = offset + ACL_HEADER_SIZE;
  out.end = end;
  return out;
}

/** The AceSize of the ACE at `offset`, checked: header and ACE must end by `aclEnd`. */
export function aceSizeAt(view: DataView, offset: number, aclEnd: number): number {
  if (offset + ACE_HEADER_SIZE > aclEnd) {
    throw new SdError('sd-bad-acl', 'An ACE header runs past the end of its ACL', { offset });
  }
  const size = view.getUint16(offset + ACE_SIZE_AT, true);
  if (size < ACE_HEADER_SIZE) {
    throw new SdError(
      'sd-bad-ace',
      `An ACE claims a size of ${size} bytes, smaller than its own header`,
      { offset },
    );
  }
  if (offset + size > aclEnd) {
    throw new SdError(
      'sd-bad-ace',
      `An ACE of ${size} bytes runs past the end of its ACL (${offset + size - aclEnd} bytes over)`,
      { offset },
    );
  }
  return size;
}

/** Where the fields of an ACE's body are; filled in place (no allocation on the hot path). */
export interface AceLayout {
  mask: number;
  objectFlags: number;
  /** -1 when absent. */
  objectTypeAt: number;
  inheritedObjectTypeAt: number;
  sidAt: number;
  sidEnd: number;
}

export function emptyAceLayout(): AceLayout {
  return {
    mask: 0,
    objectFlags: 0,
    objectTypeAt: -1,
    inheritedObjectTypeAt: -1,
    sidAt: 0,
    sidEnd: 0,
  };
}

function tooSmall(offset: number, size: number, what: string): SdError {
  return new SdError('sd-bad-ace', `An ACE of ${size} bytes is too small to hold its ${what}`, {
    offset,
  });
}

/**
 * Reads the fixed part of the body of the ACE at `offset` (of `size` bytes): mask, for
 * object layouts the flags and GUID positions, and the SID, all checked to end by the ACE's end.
 */
export function readAceLayout(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  size: number,
  objectLayout: boolean,
  out: AceLayout,
): AceLayout {
  const end = offset + size;
  let at = offset + ACE_HEADER_SIZE;
  out.objectFlags = 0;
  out.objectTypeAt = -1;
  out.inheritedObjectTypeAt = -1;
  if (objectLayout) {
    if (at + OBJECT_BODY_SIZE > end) throw tooSmall(offset, size, 'access mask and flags');
    out.mask = view.getUint32(at + OBJECT_MASK_AT, true);
    out.objectFlags = view.getUint32(at + OBJECT_FLAGS_AT, true);
    at += OBJECT_BODY_SIZE;
    if (out.objectFlags & ACE_OBJECT_TYPE_PRESENT) {
      if (at + GUID_SIZE > end) throw tooSmall(offset, size, 'object type GUID');
      out.objectTypeAt = at;
      at += GUID_SIZE;
    }
    if (out.objectFlags & ACE_INHERITED_OBJECT_TYPE_PRESENT) {
      if (at + GUID_SIZE > end) throw tooSmall(offset, size, 'inherited object type GUID');
      out.inheritedObjectTypeAt = at;
      at += GUID_SIZE;
    }
  } else {
    if (at + BASIC_BODY_SIZE > end) throw tooSmall(offset, size, 'access mask');
    out.mask = view.getUint32(at + BASIC_MASK_AT, true);
    at += BASIC_BODY_SIZE;
  }
  if (at + 8 > end) throw tooSmall(offset, size, 'SID');
  out.sidAt = at;
  out.sidEnd = at + sidLengthAt(bytes, at);
  if (out.sidEnd > end) {
    throw new SdError('sd-bad-ace', `The SID of an ACE of ${size} bytes runs past the ACE's end`, {
      offset,
    });
  }
  return out;
}
