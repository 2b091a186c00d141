import { SdError } from './sd-error';

/** A security identifier in its canonical string form, e.g. `S-1-5-21-…-1105` (MS-DTYP 2.4.2.1). */
export type Sid = string;

/** MS-DTYP 2.4.2.2: revision 1, at most 15 sub-authorities. */
const SID_REVISION = 1;
const MAX_SUB_AUTHORITIES = 15;

/** Size in bytes of the binary SID starting at `offset`, or an SdError if it cannot be one. */
export function sidLengthAt(bytes: Uint8Array, offset: number): number {
  if (offset + 8 > bytes.length) {
    throw new SdError('sd-truncated', 'A SID header needs 8 bytes but the data ends first', {
      offset,
    });
  }
  const revision = bytes[offset]!;
  const count = bytes[offset + 1]!;
  if (revision !== SID_REVISION) {
    throw new SdError('sd-bad-sid', `A SID has revision ${revision}; only revision 1 exists`, {
      offset,
    });
  }
  if (count > MAX_SUB_AUTHORITIES) {
    throw new SdError(
      'sd-bad-sid',
      `A SID claims ${count} sub-authorities; at most 15 are allowed`,
      { offset },
    );
  }
  const length = 8 + 4 * count;
  if (offset + length > bytes.length) {
    throw new SdError(
      'sd-truncated',
      `A SID with ${count} sub-authorities needs ${length} bytes but the data ends first`,
      {
        offset,
      },
    );
  }
  return length;
}

function authorityAt(bytes: Uint8Array, offset: number): number {
  // 48-bit big-endian identifier authority (MS-DTYP 2.4.1).
  let value = 0;
  for (let i = 0; i < 6; i++) value = value * 256 + bytes[offset + 2 + i]!;
  return value;
}

function formatAuthority(authority: number): string {
  // As Windows writes it (ConvertSidToStringSid): decimal below 2^32, else 0x + upper-case hex.
  return authority < 0x100000000 ? String(authority) : '0x' + authority.toString(16).toUpperCase();
}

/** A SID as Samba's dom_sid_string writes it: an authority of 2^32 or more in 12 hex digits. */
export function sambaSidString(sid: Sid): Sid {
  return sid.replace(/^S-1-0x([0-9A-F]+)/, (_, hex: string) => `S-1-0x${hex.padStart(12, '0')}`);
}

/** Reads the binary SID at `offset` (wire form) into its string form. */
function sidFromBytes(bytes: Uint8Array, offset: number): Sid {
  const length = sidLengthAt(bytes, offset);
  let text = 'S-1-' + formatAuthority(authorityAt(bytes, offset));
  for (let at = offset + 8; at < offset + length; at += 4) {
    text +=
      '-' +
      ((bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>>
        0);
  }
  return text;
}

const SID_TEXT = /^S-1-(0[xX][0-9A-Fa-f]{1,12}|[0-9]{1,15})((?:-[0-9]{1,10}){0,15})$/;

/** Validates a SID string and returns it in canonical form (upper-case S, decimal sub-authorities). */
function sidFromText(text: string): Sid {
  const match = SID_TEXT.exec(text.startsWith('s-') ? 'S-' + text.slice(2) : text);
  if (!match) {
    throw new SdError(
      'sd-bad-sid',
      `"${text}" is not a SID (expected S-1-<authority>-<sub-authority>…)`,
    );
  }
  const authority = match[1]!.toLowerCase().startsWith('0x')
    ? parseInt(match[1]!.slice(2), 16)
    : Number(match[1]);
  if (authority > 0xffffffffffff) {
    throw new SdError(
      'sd-bad-sid',
      `The identifier authority of "${text}" does not fit in 48 bits`,
    );
  }
  const subs = match[2] ? match[2].slice(1).split('-').map(Number) : [];
  for (const sub of subs) {
    if (sub > 0xffffffff)
      throw new SdError('sd-bad-sid', `A sub-authority of "${text}" does not fit in 32 bits`);
  }
  return ['S-1-' + formatAuthority(authority), ...subs.map(String)].join('-');
}

/**
 * Reads a SID: from its binary wire form (at `offset`) or from text. Returns the canonical
 * string form. Throws SdError on malformed input.
 */
export function parseSid(input: Uint8Array | string, offset = 0): Sid {
  return typeof input === 'string' ? sidFromText(input) : sidFromBytes(input, offset);
}

/** The binary wire form of a SID (MS-DTYP 2.4.2.2). */
export function formatSid(sid: Sid): Uint8Array {
  const cached = sidBytesCache.get(sid);
  if (cached) return cached.slice();
  const bytes = encodeSid(sid);
  if (sidBytesCache.size >= 50_000) sidBytesCache.clear();
  sidBytesCache.set(sid, bytes);
  return bytes.slice();
}

// Directories reuse a few thousand principals across millions of ACEs: encode each once.
const sidBytesCache = new Map<Sid, Uint8Array>();

function encodeSid(sid: Sid): Uint8Array {
  const canonical = sidFromText(sid);
  const parts = canonical.split('-');
  const authorityText = parts[2]!;
  const authority = authorityText.startsWith('0x')
    ? parseInt(authorityText.slice(2), 16)
    : Number(authorityText);
  const subs = parts.slice(3).map(Number);
  const out = new Uint8Array(8 + 4 * subs.length);
  out[0] = SID_REVISION;
  out[1] = subs.length;
  let rest = authority;
  for (let i = 5; i >= 0; i--) {
    out[2 + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  const view = new DataView(out.buffer);
  subs.forEach((sub, i) => view.setUint32(8 + 4 * i, sub, true));
  return out;
}

/** Same as formatSid: the SID's bytes as they appear in an ACE. */
export const sidToBytes = formatSid;

/** The domain SID a domain-relative SID belongs to and its RID, or undefined. */
export function splitRid(sid: Sid): { domainSid: Sid; rid: number } | undefined {
  const at = sid.lastIndexOf('-');
  if (at < 0) return undefined;
  return { domainSid: sid.slice(0, at), rid: Number(sid.slice(at + 1)) };
}
