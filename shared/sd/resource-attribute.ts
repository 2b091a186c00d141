import { escapeAttributeName, intToSddl } from './conditional-sddl';
import { sddlAliasOf } from './sddl-aliases';
import { SdError } from './sd-error';
import { formatSid, parseSid, sidLengthAt, type Sid } from './sid';

/**
 * The claim of a resource attribute ACE: CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1 (MS-DTYP
 * 2.4.10.1) and its SDDL form ("name",TI,0x0,1,2,…) (MS-DTYP 2.5.1.1, resource-attribute-ace).
 * Offsets are from the start of the structure; the name and the values follow the offset
 * table one after the other, as Windows lays them out.
 */
export type ClaimValue = bigint | string | Uint8Array;

export interface Claim {
  readonly name: string;
  /** 1 int64 (TI), 2 uint64 (TU), 3 string (TS), 5 SID (TD), 6 boolean (TB), 16 octets (TX). */
  readonly valueType: number;
  readonly flags: number;
  /** bigint for TI, TU and TB; string for TS and TD (a SID); bytes for TX. */
  readonly values: readonly ClaimValue[];
}

export const CLAIM_TYPE_CODES: readonly (readonly [string, number])[] = [
  ['TI', 1],
  ['TU', 2],
  ['TS', 3],
  ['TD', 5],
  ['TB', 6],
  ['TX', 16],
];

function bad(message: string, offset: number): SdError {
  return new SdError('sd-bad-ace', `Resource attribute: ${message}`, { offset });
}

function u32(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) throw bad('an offset runs past the end', at);
  return (
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
  );
}

function zeroTerminatedUtf16(bytes: Uint8Array, at: number): string {
  let text = '';
  for (let i = at; ; i += 2) {
    if (i + 1 >= bytes.length) throw bad('a string is not terminated', at);
    const c = bytes[i]! | (bytes[i + 1]! << 8);
    if (c === 0) return text;
    text += String.fromCharCode(c);
  }
}

function readValue(bytes: Uint8Array, type: number, at: number): ClaimValue {
  if (type === 1 || type === 2 || type === 6) {
    if (at + 8 > bytes.length) throw bad('a number runs past the end', at);
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
    return type === 1 ? view.getBigInt64(0, true) : view.getBigUint64(0, true);
  }
  if (type === 3) return zeroTerminatedUtf16(bytes, at);
  const length = u32(bytes, at);
  if (at + 4 + length > bytes.length) throw bad('a value runs past the end', at);
  if (type === 16) return bytes.slice(at + 4, at + 4 + length);
  if (type === 5) {
    if (sidLengthAt(bytes.subarray(0, at + 4 + length), at + 4) !== length)
      throw bad('a SID of the wrong length', at);
    return parseSid(bytes, at + 4);
  }
  throw bad(`unknown value type ${type}`, 4);
}

/** Reads the claim at the start of `bytes` (the end of a resource attribute ACE's body). */
export function readClaim(bytes: Uint8Array): Claim {
  const nameOffset = u32(bytes, 0);
  if (bytes.length < 16) throw bad('the claim header needs 16 bytes', 0);
  const valueType = bytes[4]! | (bytes[5]! << 8);
  const flags = u32(bytes, 8);
  const count = u32(bytes, 12);
  if (16 + 4 * count > bytes.length) throw bad(`${count} values cannot fit`, 12);
  const values: ClaimValue[] = [];
  for (let i = 0; i < count; i++) values.push(readValue(bytes, valueType, u32(bytes, 16 + 4 * i)));
  return { name: zeroTerminatedUtf16(bytes, nameOffset), valueType, flags, values };
}

function utf16z(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++)
    out.push(text.charCodeAt(i) & 0xff, text.charCodeAt(i) >>> 8);
  out.push(0, 0);
  return out;
}

function le(value: number, size: number): number[] {
  return Array.from({ length: size }, (_, i) => (value >>> (8 * i)) & 0xff);
}

function valueBytes(type: number, value: ClaimValue): number[] {
  if (typeof value === 'bigint') {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    return [...out];
  }
  if (type === 3) return utf16z(value as string);
  const raw = type === 5 ? formatSid(value as string) : (value as Uint8Array);
  return [...le(raw.length, 4), ...raw];
}

/** The claim's bytes, padded with zeros to a multiple of four. */
export function writeClaim(claim: Claim): Uint8Array {
  const tableEnd = 16 + 4 * claim.values.length;
  const name = utf16z(claim.name);
  const data: number[] = [...name];
  const offsets: number[] = [];
  for (const value of claim.values) {
    offsets.push(tableEnd + data.length);
    data.push(...valueBytes(claim.valueType, value));
  }
  const out = [
    ...le(tableEnd, 4),
    ...le(claim.valueType, 2),
    0,
    0,
    ...le(claim.flags, 4),
    ...le(claim.values.length, 4),
    ...offsets.flatMap((o) => le(o, 4)),
    ...data,
  ];
  while (out.length % 4) out.push(0);
  return Uint8Array.from(out);
}

function valueToSddl(type: number, value: ClaimValue, domainSid?: Sid): string {
  if (type === 1) return intToSddl(value as bigint, 3, 2);
  if (type === 2 || type === 6) return (value as bigint).toString();
  if (type === 3) return `"${value as string}"`;
  if (type === 5) return sddlAliasOf(value as string, domainSid) ?? (value as string);
  let hex = '';
  for (const b of value as Uint8Array) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The claim in SDDL, with its parentheses: ("name",TI,0x0,1,2). */
export function resourceAttributeToSddl(claim: Claim, domainSid?: Sid): string {
  const code = CLAIM_TYPE_CODES.find(([, type]) => type === claim.valueType)?.[0];
  if (!code) throw bad(`value type ${claim.valueType} has no SDDL code`, 4);
  const values = claim.values.map((v) => valueToSddl(claim.valueType, v, domainSid));
  return `("${escapeAttributeName(claim.name)}",${code},0x${(claim.flags >>> 0).toString(16)},${values.join(',')})`;
}
