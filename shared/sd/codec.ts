import { parseGuid, formatGuid } from './guid';
import { SdError } from './sd-error';
import { formatSid, parseSid, sidLengthAt } from './sid';
import {
  ACE_TYPE_OF_KIND,
  BASIC_ACE_KINDS,
  OBJECT_ACE_KINDS,
  type Ace,
  type Acl,
  type BasicAce,
  type ObjectAce,
  type SdLayout,
  type SecurityDescriptor,
} from './types';
import { declareStruct, viewOf } from './wire';

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

/** ACE_HEADER (MS-DTYP 2.4.4.1) followed, for the interpreted types, by the access mask. */
export const ACE_HEADER = declareStruct('ACE header', [
  ['aceType', 'u8'],
  ['aceFlags', 'u8'],
  ['aceSize', 'u16'],
]);

/** Body start of ACCESS_*_ACE (MS-DTYP 2.4.4.2): Mask, then the SID. */
export const BASIC_ACE_BODY = declareStruct('ACE access mask', [['mask', 'u32']]);

/** Body start of ACCESS_*_OBJECT_ACE (MS-DTYP 2.4.4.3): Mask, Flags, then the optional GUIDs and the SID. */
export const OBJECT_ACE_BODY = declareStruct('object ACE mask and flags', [
  ['mask', 'u32'],
  ['objectFlags', 'u32'],
]);

/** Object ACE Flags (MS-DTYP 2.4.4.3). */
export const ACE_OBJECT_TYPE_PRESENT = 0x1;
export const ACE_INHERITED_OBJECT_TYPE_PRESENT = 0x2;

const SELF_RELATIVE = 0x8000;
const SD_REVISION = 1;

// ---------------------------------------------------------------------------------------
// ACE

function aceTooSmall(offset: number, size: number, what: string): SdError {
  return new SdError('sd-bad-ace', `An ACE of ${size} bytes is too small to hold its ${what}`, {
    offset,
  });
}

/** Reads the SID of an ACE at `at`, which must end by the ACE's `end` (no closures: this is the hot path). */
function readAceSid(
  bytes: Uint8Array,
  at: number,
  end: number,
  offset: number,
  size: number,
): number {
  if (at + 8 > end) throw aceTooSmall(offset, size, 'SID');
  const sidEnd = at + sidLengthAt(bytes, at);
  if (sidEnd > end) {
    throw new SdError('sd-bad-ace', `The SID of an ACE of ${size} bytes runs past the ACE's end`, {
      offset,
    });
  }
  return sidEnd;
}

/** Parses the ACE at `offset`; it must end by `aclEnd`. */
export function parseAce(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  aclEnd: number,
): { ace: Ace; size: number } {
  if (offset + ACE_HEADER.size > aclEnd) {
    throw new SdError('sd-bad-acl', 'An ACE header runs past the end of its ACL', { offset });
  }
  const aceType = bytes[offset]!;
  const flags = bytes[offset + 1]!;
  const size = view.getUint16(offset + 2, true);
  if (size < ACE_HEADER.size) {
    throw new SdError(
      'sd-bad-ace',
      `An ACE claims a size of ${size} bytes, smaller than its own header`,
      { offset },
    );
  }
  const end = offset + size;
  if (end > aclEnd) {
    throw new SdError(
      'sd-bad-ace',
      `An ACE of ${size} bytes runs past the end of its ACL (${end - aclEnd} bytes over)`,
      {
        offset,
      },
    );
  }
  const basicKind = BASIC_ACE_KINDS[aceType];
  const objectKind = OBJECT_ACE_KINDS[aceType];
  let at = offset + ACE_HEADER.size;

  if (basicKind !== undefined) {
    if (at + BASIC_ACE_BODY.size > end) throw aceTooSmall(offset, size, 'access mask');
    const mask = view.getUint32(at, true);
    at += BASIC_ACE_BODY.size;
    const sidEnd = readAceSid(bytes, at, end, offset, size);
    const ace: BasicAce =
      sidEnd < end
        ? {
            kind: basicKind,
            flags,
            mask,
            sid: parseSid(bytes, at),
            padding: bytes.slice(sidEnd, end),
          }
        : { kind: basicKind, flags, mask, sid: parseSid(bytes, at) };
    return { ace, size };
  }
  if (objectKind !== undefined) {
    if (at + OBJECT_ACE_BODY.size > end) throw aceTooSmall(offset, size, 'access mask and flags');
    const mask = view.getUint32(at, true);
    const objectFlags = view.getUint32(at + 4, true);
    at += OBJECT_ACE_BODY.size;
    let objectType: string | null = null;
    let inheritedObjectType: string | null = null;
    if (objectFlags & ACE_OBJECT_TYPE_PRESENT) {
      if (at + 16 > end) throw aceTooSmall(offset, size, 'object type GUID');
      objectType = parseGuid(bytes, at);
      at += 16;
    }
    if (objectFlags & ACE_INHERITED_OBJECT_TYPE_PRESENT) {
      if (at + 16 > end) throw aceTooSmall(offset, size, 'inherited object type GUID');
      inheritedObjectType = parseGuid(bytes, at);
      at += 16;
    }
    const sidEnd = readAceSid(bytes, at, end, offset, size);
    const ace: ObjectAce = {
      kind: objectKind,
      flags,
      mask,
      objectType,
      inheritedObjectType,
      sid: parseSid(bytes, at),
    };
    const reserved = objectFlags & ~(ACE_OBJECT_TYPE_PRESENT | ACE_INHERITED_OBJECT_TYPE_PRESENT);
    if (reserved || sidEnd < end) {
      return {
        ace: {
          ...ace,
          ...(reserved ? { reservedObjectFlags: reserved >>> 0 } : {}),
          ...(sidEnd < end ? { padding: bytes.slice(sidEnd, end) } : {}),
        },
        size,
      };
    }
    return { ace, size };
  }
  return { ace: { kind: 'opaque', aceType, flags, body: bytes.slice(at, end) }, size };
}

/** Byte size of an ACE once serialised. */
export function aceSize(ace: Ace): number {
  const padding = ace.padding?.length ?? 0;
  if (ace.kind === 'opaque') return ACE_HEADER.size + ace.body.length;
  const sidLength = formatSid(ace.sid).length;
  if ('objectType' in ace) {
    return (
      ACE_HEADER.size +
      OBJECT_ACE_BODY.size +
      (ace.objectType ? 16 : 0) +
      (ace.inheritedObjectType ? 16 : 0) +
      sidLength +
      padding
    );
  }
  return ACE_HEADER.size + BASIC_ACE_BODY.size + sidLength + padding;
}

/** Serialises one ACE (MS-DTYP 2.4.4). */
export function serializeAce(ace: Ace): Uint8Array {
  const size = aceSize(ace);
  if (size > 0xffff)
    throw new SdError('sd-bad-ace', `An ACE of ${size} bytes exceeds the 65,535-byte limit`);
  const out = new Uint8Array(size);
  const view = viewOf(out);
  const aceType = ace.kind === 'opaque' ? ace.aceType : ACE_TYPE_OF_KIND[ace.kind];
  ACE_HEADER.write(view, 0, { aceType, aceFlags: ace.flags, aceSize: size });
  let at = ACE_HEADER.size;
  if (ace.kind === 'opaque') {
    out.set(ace.body, at);
    return out;
  }
  if ('objectType' in ace) {
    const objectFlags =
      (ace.objectType ? ACE_OBJECT_TYPE_PRESENT : 0) |
      (ace.inheritedObjectType ? ACE_INHERITED_OBJECT_TYPE_PRESENT : 0) |
      (ace.reservedObjectFlags ?? 0);
    OBJECT_ACE_BODY.write(view, at, { mask: ace.mask, objectFlags });
    at += OBJECT_ACE_BODY.size;
    if (ace.objectType) {
      out.set(formatGuid(ace.objectType), at);
      at += 16;
    }
    if (ace.inheritedObjectType) {
      out.set(formatGuid(ace.inheritedObjectType), at);
      at += 16;
    }
  } else {
    BASIC_ACE_BODY.write(view, at, { mask: ace.mask });
    at += BASIC_ACE_BODY.size;
  }
  const sid = formatSid(ace.sid);
  out.set(sid, at);
  at += sid.length;
  if (ace.padding) out.set(ace.padding, at);
  return out;
}

// ---------------------------------------------------------------------------------------
// ACL

/** Parses the ACL at `offset`; its AclSize must lie within `limit`. Returns the ACL and its size. */
export function parseAcl(
  bytes: Uint8Array,
  offset = 0,
  limit = bytes.length,
): { acl: Acl; size: number } {
  const view = viewOf(bytes);
  if (offset + ACL_HEADER.size > limit) {
    throw new SdError('sd-truncated', 'An ACL header needs 8 bytes but the data ends first', {
      offset,
    });
  }
  const header = ACL_HEADER.read(view, offset);
  if (header.aclRevision < 2 || header.aclRevision > 4) {
    throw new SdError(
      'sd-bad-revision',
      `An ACL has revision ${header.aclRevision}; only 2 and 4 are used`,
      { offset },
    );
  }
  if (header.aclSize < ACL_HEADER.size) {
    throw new SdError(
      'sd-bad-acl',
      `An ACL claims a size of ${header.aclSize} bytes, smaller than its own header`,
      {
        offset,
      },
    );
  }
  const end = offset + header.aclSize;
  if (end > limit) {
    throw new SdError(
      'sd-bad-acl',
      `An ACL of ${header.aclSize} bytes runs ${end - limit} bytes past the end of the data`,
      {
        offset,
      },
    );
  }
  if (header.aceCount * ACE_HEADER.size > header.aclSize - ACL_HEADER.size) {
    throw new SdError(
      'sd-bad-acl',
      `An ACL claims ${header.aceCount} ACEs, more than its ${header.aclSize} bytes can hold`,
      { offset },
    );
  }
  const aces: Ace[] = [];
  let at = offset + ACL_HEADER.size;
  for (let i = 0; i < header.aceCount; i++) {
    const { ace, size } = parseAce(bytes, view, at, end);
    aces.push(ace);
    at += size;
  }
  const acl: Acl = {
    revision: header.aclRevision,
    aces,
    ...(at < end ? { padding: bytes.slice(at, end) } : {}),
    ...(header.sbz1 ? { sbz1: header.sbz1 } : {}),
    ...(header.sbz2 ? { sbz2: header.sbz2 } : {}),
  };
  return { acl, size: header.aclSize };
}

/** Serialises an ACL (MS-DTYP 2.4.5). */
export function serializeAcl(acl: Acl): Uint8Array {
  const aces = acl.aces.map(serializeAce);
  const size =
    ACL_HEADER.size + aces.reduce((sum, a) => sum + a.length, 0) + (acl.padding?.length ?? 0);
  if (size > 0xffff)
    throw new SdError('sd-bad-acl', `An ACL of ${size} bytes exceeds the 65,535-byte limit`);
  if (aces.length > 0xffff)
    throw new SdError('sd-bad-acl', `An ACL cannot hold ${aces.length} ACEs`);
  const out = new Uint8Array(size);
  ACL_HEADER.write(viewOf(out), 0, {
    aclRevision: acl.revision,
    sbz1: acl.sbz1 ?? 0,
    aclSize: size,
    aceCount: aces.length,
    sbz2: acl.sbz2 ?? 0,
  });
  let at = ACL_HEADER.size;
  for (const ace of aces) {
    out.set(ace, at);
    at += ace.length;
  }
  if (acl.padding) out.set(acl.padding, at);
  return out;
}

// ---------------------------------------------------------------------------------------
// Security descriptor

interface Part {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Parses a self-relative security descriptor as a DC returns it in nTSecurityDescriptor.
 * Every malformed input raises an SdError naming what is wrong and the byte offset.
 */
export function parseSecurityDescriptor(bytes: Uint8Array): SecurityDescriptor {
  if (!(bytes instanceof Uint8Array)) {
    throw new SdError('sd-truncated', 'A security descriptor must be given as bytes');
  }
  const view = viewOf(bytes);
  const header = SD_HEADER.read(view, 0);
  if (header.revision !== SD_REVISION) {
    throw new SdError(
      'sd-bad-revision',
      `The security descriptor has revision ${header.revision}; only 1 exists`,
      {
        offset: 0,
      },
    );
  }
  if (!(header.control & SELF_RELATIVE)) {
    throw new SdError(
      'sd-bad-offset',
      'The security descriptor is not in self-relative form (SE_SELF_RELATIVE is clear)',
      {
        offset: 2,
      },
    );
  }
  const parts: Part[] = [];
  const checkOffset = (name: string, value: number, field: number): void => {
    if (value !== 0 && (value < SD_HEADER.size || value >= bytes.length)) {
      throw new SdError(
        'sd-bad-offset',
        `The ${name} offset ${value} points ${value < SD_HEADER.size ? 'into the header' : 'outside the data'} (${bytes.length} bytes)`,
        { offset: field },
      );
    }
  };
  checkOffset('owner', header.offsetOwner, 4);
  checkOffset('group', header.offsetGroup, 8);
  checkOffset('SACL', header.offsetSacl, 12);
  checkOffset('DACL', header.offsetDacl, 16);

  const readSidPart = (name: string, offset: number): string | null => {
    if (offset === 0) return null;
    const length = sidLengthAt(bytes, offset);
    parts.push({ name, start: offset, end: offset + length });
    return parseSid(bytes, offset);
  };
  const readAclPart = (name: string, offset: number): Acl | null => {
    if (offset === 0) return null;
    const { acl, size } = parseAcl(bytes, offset);
    parts.push({ name, start: offset, end: offset + size });
    return acl;
  };
  const owner = readSidPart('owner', header.offsetOwner);
  const group = readSidPart('group', header.offsetGroup);
  const sacl = readAclPart('SACL', header.offsetSacl);
  const dacl = readAclPart('DACL', header.offsetDacl);

  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const a = parts[i]!;
      const b = parts[j]!;
      if (a.start < b.end && b.start < a.end) {
        throw new SdError('sd-overlap', `The ${a.name} and the ${b.name} overlap`, {
          offset: Math.max(a.start, b.start),
        });
      }
    }
  }
  const layout: SdLayout = {
    source: bytes,
    ownerOffset: header.offsetOwner,
    groupOffset: header.offsetGroup,
    saclOffset: header.offsetSacl,
    daclOffset: header.offsetDacl,
  };
  return {
    revision: header.revision,
    sbz1: header.sbz1,
    control: header.control,
    owner,
    group,
    sacl,
    dacl,
    layout,
  };
}

/** Indexes into [owner, group, SACL, DACL] in the order Windows writes them. */
const WINDOWS_PART_ORDER = [2, 3, 0, 1] as const;

/** Tries to place the parts where the parser found them; undefined when they no longer fit exactly. */
function placeAsBefore(
  layout: SdLayout,
  parts: readonly (Uint8Array | null)[],
): number[] | undefined {
  const offsets = [layout.ownerOffset, layout.groupOffset, layout.saclOffset, layout.daclOffset];
  const original = parseSecurityDescriptorSizes(layout);
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    if ((part === null) !== (offsets[i] === 0)) return undefined;
    if (part !== null && part!.length !== original[i]) return undefined;
  }
  return offsets;
}

/** Sizes of the four parts in the layout's source buffer. */
function parseSecurityDescriptorSizes(layout: SdLayout): number[] {
  const view = viewOf(layout.source);
  const sidSize = (offset: number): number => (offset ? sidLengthAt(layout.source, offset) : 0);
  const aclSize = (offset: number): number => (offset ? view.getUint16(offset + 2, true) : 0);
  return [
    sidSize(layout.ownerOffset),
    sidSize(layout.groupOffset),
    aclSize(layout.saclOffset),
    aclSize(layout.daclOffset),
  ];
}

/**
 * Serialises a security descriptor to its self-relative form. A descriptor from
 * parseSecurityDescriptor whose parts kept their sizes is written back byte for byte at its
 * original offsets (including any bytes between the parts); otherwise the parts follow the
 * header as Windows lays them out: SACL, DACL, owner, group.
 */
export function serializeSecurityDescriptor(sd: SecurityDescriptor): Uint8Array {
  const parts = [
    sd.owner === null ? null : formatSid(sd.owner),
    sd.group === null ? null : formatSid(sd.group),
    sd.sacl === null ? null : serializeAcl(sd.sacl),
    sd.dacl === null ? null : serializeAcl(sd.dacl),
  ];
  let offsets = sd.layout ? placeAsBefore(sd.layout, parts) : undefined;
  let out: Uint8Array;
  if (offsets && sd.layout) {
    out = sd.layout.source.slice();
  } else {
    // Windows' order after the header: SACL, DACL, owner, group.
    offsets = [0, 0, 0, 0];
    let at = SD_HEADER.size;
    for (const i of WINDOWS_PART_ORDER) {
      const part = parts[i];
      offsets[i] = part ? at : 0;
      at += part?.length ?? 0;
    }
    out = new Uint8Array(at);
  }
  SD_HEADER.write(viewOf(out), 0, {
    revision: sd.revision,
    sbz1: sd.sbz1,
    control: sd.control | SELF_RELATIVE,
    offsetOwner: offsets[0]!,
    offsetGroup: offsets[1]!,
    offsetSacl: offsets[2]!,
    offsetDacl: offsets[3]!,
  });
  parts.forEach((part, i) => {
    if (part) out.set(part, offsets[i]!);
  });
  return out;
}
