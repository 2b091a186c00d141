import { parseGuid, formatGuid } from './guid';
import { SdError } from './sd-error';
import { formatSid, parseSid, sidLengthAt } from './sid';
import {
  ACE_HEADER,
  ACE_INHERITED_OBJECT_TYPE_PRESENT,
  ACE_OBJECT_TYPE_PRESENT,
  aceFlagsAt,
  aceSizeAt,
  aceTypeAt,
  ACL_HEADER,
  aclBounds,
  BASIC_ACE_BODY,
  emptyAceLayout,
  OBJECT_ACE_BODY,
  readAceLayout,
  SD_HEADER,
} from './structs';
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
import { viewOf } from './wire';

const SELF_RELATIVE = 0x8000;
const SD_REVISION = 1;

// ---------------------------------------------------------------------------------------
// ACE

const layout = emptyAceLayout();
// Sizes and writers of the ACE structures, taken once from their declarations.
const HEADER_SIZE = ACE_HEADER.size;
const writeAceHeader = ACE_HEADER.write;
const writeBasicBody = BASIC_ACE_BODY.write;
const writeObjectBody = OBJECT_ACE_BODY.write;
const BASIC_BODY_SIZE = BASIC_ACE_BODY.size;
const OBJECT_BODY_SIZE = OBJECT_ACE_BODY.size;

/** Parses the ACE at `offset`; it must end by `aclEnd`. */
export function parseAce(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  aclEnd: number,
): { ace: Ace; size: number } {
  const size = aceSizeAt(view, offset, aclEnd);
  const aceType = aceTypeAt(view, offset);
  const flags = aceFlagsAt(view, offset);
  const end = offset + size;
  const basicKind = BASIC_ACE_KINDS[aceType];
  const objectKind = OBJECT_ACE_KINDS[aceType];
  if (basicKind === undefined && objectKind === undefined) {
    const body = bytes.slice(offset + HEADER_SIZE, end);
    return { ace: { kind: 'opaque', aceType, flags, body }, size };
  }
  const l = readAceLayout(bytes, view, offset, size, objectKind !== undefined, layout);
  const sid = parseSid(bytes, l.sidAt);
  const padding = l.sidEnd < end ? bytes.slice(l.sidEnd, end) : undefined;
  if (basicKind !== undefined) {
    const ace: BasicAce = padding
      ? { kind: basicKind, flags, mask: l.mask, sid, padding }
      : { kind: basicKind, flags, mask: l.mask, sid };
    return { ace, size };
  }
  const ace: ObjectAce = {
    kind: objectKind!,
    flags,
    mask: l.mask,
    objectType: l.objectTypeAt < 0 ? null : parseGuid(bytes, l.objectTypeAt),
    inheritedObjectType:
      l.inheritedObjectTypeAt < 0 ? null : parseGuid(bytes, l.inheritedObjectTypeAt),
    sid,
  };
  const reserved = l.objectFlags & ~(ACE_OBJECT_TYPE_PRESENT | ACE_INHERITED_OBJECT_TYPE_PRESENT);
  if (!reserved && !padding) return { ace, size };
  return {
    ace: {
      ...ace,
      ...(reserved ? { reservedObjectFlags: reserved >>> 0 } : {}),
      ...(padding ? { padding } : {}),
    },
    size,
  };
}

/** Byte size of an ACE once serialised. */
export function aceSize(ace: Ace): number {
  const padding = ace.padding?.length ?? 0;
  if (ace.kind === 'opaque') return HEADER_SIZE + ace.body.length;
  const sidLength = formatSid(ace.sid).length;
  if ('objectType' in ace) {
    return (
      HEADER_SIZE +
      OBJECT_BODY_SIZE +
      (ace.objectType ? 16 : 0) +
      (ace.inheritedObjectType ? 16 : 0) +
      sidLength +
      padding
    );
  }
  return HEADER_SIZE + BASIC_BODY_SIZE + sidLength + padding;
}

/** Serialises one ACE (MS-DTYP 2.4.4). */
export function serializeAce(ace: Ace): Uint8Array {
  const size = aceSize(ace);
  if (size > 0xffff)
    throw new SdError('sd-bad-ace', `An ACE of ${size} bytes exceeds the 65,535-byte limit`);
  const out = new Uint8Array(size);
  const view = viewOf(out);
  const aceType = ace.kind === 'opaque' ? ace.aceType : ACE_TYPE_OF_KIND[ace.kind];
  writeAceHeader(view, 0, { aceType, aceFlags: ace.flags, aceSize: size });
  let at = HEADER_SIZE;
  if (ace.kind === 'opaque') {
    out.set(ace.body, at);
    return out;
  }
  if ('objectType' in ace) {
    const objectFlags =
      (ace.objectType ? ACE_OBJECT_TYPE_PRESENT : 0) |
      (ace.inheritedObjectType ? ACE_INHERITED_OBJECT_TYPE_PRESENT : 0) |
      (ace.reservedObjectFlags ?? 0);
    writeObjectBody(view, at, { mask: ace.mask, objectFlags });
    at += OBJECT_BODY_SIZE;
    if (ace.objectType) {
      out.set(formatGuid(ace.objectType), at);
      at += 16;
    }
    if (ace.inheritedObjectType) {
      out.set(formatGuid(ace.inheritedObjectType), at);
      at += 16;
    }
  } else {
    writeBasicBody(view, at, { mask: ace.mask });
    at += BASIC_BODY_SIZE;
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
  const bounds = aclBounds(view, offset, limit);
  const aces: Ace[] = [];
  let at = bounds.first;
  for (let i = 0; i < bounds.aceCount; i++) {
    const { ace, size } = parseAce(bytes, view, at, bounds.end);
    aces.push(ace);
    at += size;
  }
  const acl: Acl = {
    revision: bounds.revision,
    aces,
    ...(at < bounds.end ? { padding: bytes.slice(at, bounds.end) } : {}),
    ...(bounds.sbz1 ? { sbz1: bounds.sbz1 } : {}),
    ...(bounds.sbz2 ? { sbz2: bounds.sbz2 } : {}),
  };
  return { acl, size: bounds.end - offset };
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

/** Revision 1 and self-relative: the only descriptors a DC stores. */
function checkHeader(header: { revision: number; control: number }): void {
  if (header.revision !== SD_REVISION) {
    throw new SdError(
      'sd-bad-revision',
      `The security descriptor has revision ${header.revision}; only 1 exists`,
      {
        offset: SD_HEADER.at.revision,
      },
    );
  }
  if (!(header.control & SELF_RELATIVE)) {
    throw new SdError(
      'sd-bad-offset',
      'The security descriptor is not in self-relative form (SE_SELF_RELATIVE is clear)',
      {
        offset: SD_HEADER.at.control,
      },
    );
  }
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
  checkHeader(header);
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
  checkOffset('owner', header.offsetOwner, SD_HEADER.at.offsetOwner);
  checkOffset('group', header.offsetGroup, SD_HEADER.at.offsetGroup);
  checkOffset('SACL', header.offsetSacl, SD_HEADER.at.offsetSacl);
  checkOffset('DACL', header.offsetDacl, SD_HEADER.at.offsetDacl);

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
  const aclSize = (offset: number): number => (offset ? ACL_HEADER.get.aclSize(view, offset) : 0);
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
