import { SdError } from './sd-error';

/** A GUID in lower-case canonical form, e.g. `00299570-246d-11d0-a768-00aa006e0529`. */
export type Guid = string;

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, '0'),
);

/**
 * Wire order of the 16 bytes for each canonical text byte: Data1 (4 bytes), Data2 and
 * Data3 (2 bytes each) are little-endian, Data4 (8 bytes) as is (MS-DTYP 2.3.4.2).
 */
const WIRE_INDEX = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;

function guidFromBytes(bytes: Uint8Array, offset: number): Guid {
  if (offset < 0 || offset + 16 > bytes.length) {
    throw new SdError('sd-truncated', 'A GUID needs 16 bytes but the data ends first', { offset });
  }
  const h = HEX;
  const o = offset;
  return (
    h[bytes[o + 3]!]! +
    h[bytes[o + 2]!]! +
    h[bytes[o + 1]!]! +
    h[bytes[o]!]! +
    '-' +
    h[bytes[o + 5]!]! +
    h[bytes[o + 4]!]! +
    '-' +
    h[bytes[o + 7]!]! +
    h[bytes[o + 6]!]! +
    '-' +
    h[bytes[o + 8]!]! +
    h[bytes[o + 9]!]! +
    '-' +
    h[bytes[o + 10]!]! +
    h[bytes[o + 11]!]! +
    h[bytes[o + 12]!]! +
    h[bytes[o + 13]!]! +
    h[bytes[o + 14]!]! +
    h[bytes[o + 15]!]!
  );
}

const GUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Reads a GUID: from its 16-byte mixed-endian wire form (at `offset`) or from text
 * (any case, optional braces). Returns the lower-case canonical string.
 */
export function parseGuid(input: Uint8Array | string, offset = 0): Guid {
  if (typeof input !== 'string') return guidFromBytes(input, offset);
  const text = input.startsWith('{') && input.endsWith('}') ? input.slice(1, -1) : input;
  if (!GUID_TEXT.test(text)) {
    throw new SdError(
      'sd-bad-guid',
      `"${input}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`,
    );
  }
  return text.toLowerCase();
}

/** The 16-byte mixed-endian wire form of a GUID. */
export function formatGuid(guid: Guid): Uint8Array {
  const cached = guidBytesCache.get(guid);
  if (cached) return cached.slice();
  const bytes = encodeGuid(guid);
  if (guidBytesCache.size >= 50_000) guidBytesCache.clear();
  guidBytesCache.set(guid, bytes);
  return bytes.slice();
}

// Schema GUIDs repeat across every ACE of a directory: encode each once.
const guidBytesCache = new Map<Guid, Uint8Array>();

function encodeGuid(guid: Guid): Uint8Array {
  const hex = parseGuid(guid).replaceAll('-', '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[WIRE_INDEX[i]!] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Same as formatGuid. */
export const guidToBytes = formatGuid;
