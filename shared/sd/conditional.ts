import { SdError } from './sd-error';
import { formatSid, parseSid, sidLengthAt, type Sid } from './sid';

/**
 * Conditional ACE expressions in their binary form (MS-DTYP 2.4.4.17): the ApplicationData
 * of a callback ACE, "artx" then tokens in postfix order, padded with zeros to a multiple of
 * four bytes. Literal integers keep the sign and base they were written with, so that SDDL
 * read from a descriptor writes back to the same bytes.
 */
export type CondToken =
  | {
      readonly t: 'int';
      /** 0x01..0x04 (int8, int16, int32, int64); Windows writes only int64. */
      readonly code: number;
      readonly value: bigint;
      /** 1 '+', 2 '-', 3 none. */
      readonly sign: number;
      /** 1 octal, 2 decimal, 3 hexadecimal. */
      readonly base: number;
    }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'octets'; readonly value: Uint8Array }
  | { readonly t: 'composite'; readonly items: readonly CondToken[] }
  | { readonly t: 'sid'; readonly sid: Sid }
  | { readonly t: 'op'; readonly code: number }
  /** 0xf8 local, 0xf9 @User., 0xfa @Resource., 0xfb @Device. */
  | { readonly t: 'attr'; readonly code: number; readonly name: string };

export const CONDITION_SIGNATURE = [0x61, 0x72, 0x74, 0x78]; // "artx"

/** Operators: their SDDL spelling and how many operands they take. */
export const CONDITION_OPERATORS: ReadonlyMap<
  number,
  { readonly name: string; readonly args: 1 | 2 }
> = new Map([
  [0x80, { name: '==', args: 2 }],
  [0x81, { name: '!=', args: 2 }],
  [0x82, { name: '<', args: 2 }],
  [0x83, { name: '<=', args: 2 }],
  [0x84, { name: '>', args: 2 }],
  [0x85, { name: '>=', args: 2 }],
  [0x86, { name: 'Contains', args: 2 }],
  [0x88, { name: 'Any_of', args: 2 }],
  [0x8e, { name: 'Not_Contains', args: 2 }],
  [0x8f, { name: 'Not_Any_of', args: 2 }],
  [0x89, { name: 'Member_of', args: 1 }],
  [0x8a, { name: 'Device_Member_of', args: 1 }],
  [0x8b, { name: 'Member_of_any', args: 1 }],
  [0x8c, { name: 'Device_Member_of_Any', args: 1 }],
  [0x90, { name: 'Not_Member_of', args: 1 }],
  [0x91, { name: 'Not_Device_Member_of', args: 1 }],
  [0x92, { name: 'Not_Member_of_Any', args: 1 }],
  [0x93, { name: 'Not_Device_Member_of_Any', args: 1 }],
  [0x87, { name: 'Exists', args: 1 }],
  [0x8d, { name: 'Not_Exists', args: 1 }],
  [0xa0, { name: '&&', args: 2 }],
  [0xa1, { name: '||', args: 2 }],
  [0xa2, { name: '!', args: 1 }],
]);

export const MEMBER_OF_OPERATORS: ReadonlySet<number> = new Set([
  0x89, 0x8a, 0x8b, 0x8c, 0x90, 0x91, 0x92, 0x93,
]);

function bad(message: string, offset: number): SdError {
  return new SdError('sd-bad-ace', `Conditional expression: ${message}`, { offset });
}

function utf16(bytes: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = 0; i + 1 < length; i += 2)
    text += String.fromCharCode(bytes[at + i]! | (bytes[at + i + 1]! << 8));
  return text;
}

function u32(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
  );
}

/** Reads tokens from `at` to `end`; `nested` stops at the end of a composite. */
function readTokens(bytes: Uint8Array, at: number, end: number, nested: boolean): CondToken[] {
  const tokens: CondToken[] = [];
  while (at < end) {
    const code = bytes[at]!;
    if (code === 0 && !nested) {
      // Padding: only zeros may follow the last token.
      for (let i = at; i < end; i++)
        if (bytes[i] !== 0) throw bad('a zero byte inside the expression', i);
      break;
    }
    const need = (n: number): void => {
      if (at + 1 + n > end) throw bad(`token 0x${code.toString(16)} runs past the end`, at);
    };
    if (code >= 0x01 && code <= 0x04) {
      need(10);
      const view = new DataView(bytes.buffer, bytes.byteOffset + at + 1, 8);
      tokens.push({
        t: 'int',
        code,
        value: view.getBigInt64(0, true),
        sign: bytes[at + 9]!,
        base: bytes[at + 10]!,
      });
      at += 11;
    } else if (
      code === 0x10 ||
      code === 0x18 ||
      code === 0x50 ||
      code === 0x51 ||
      (code >= 0xf8 && code <= 0xfb)
    ) {
      need(4);
      const length = u32(bytes, at + 1);
      need(4 + length);
      const start = at + 5;
      if (code === 0x10) tokens.push({ t: 'string', value: utf16(bytes, start, length) });
      else if (code === 0x18)
        tokens.push({ t: 'octets', value: bytes.slice(start, start + length) });
      else if (code === 0x50)
        tokens.push({ t: 'composite', items: readTokens(bytes, start, start + length, true) });
      else if (code === 0x51) {
        if (length < 8 || sidLengthAt(bytes.subarray(0, start + length), start) !== length)
          throw bad('a SID of the wrong length', at);
        tokens.push({ t: 'sid', sid: parseSid(bytes, start) });
      } else tokens.push({ t: 'attr', code, name: utf16(bytes, start, length) });
      at = start + length;
    } else if (CONDITION_OPERATORS.has(code)) {
      if (nested) throw bad('an operator inside a composite', at);
      tokens.push({ t: 'op', code });
      at += 1;
    } else {
      throw bad(`unknown token 0x${code.toString(16).padStart(2, '0')}`, at);
    }
  }
  return tokens;
}

/** The tokens of a callback ACE's ApplicationData (after the SID), or an SdError. */
export function readCondition(data: Uint8Array): CondToken[] {
  if (data.length < 4 || CONDITION_SIGNATURE.some((b, i) => data[i] !== b)) {
    throw bad('the application data does not start with "artx"', 0);
  }
  return readTokens(data, 4, data.length, false);
}

class ByteWriter {
  private chunks: number[] = [];
  byte(b: number): void {
    this.chunks.push(b & 0xff);
  }
  u32(v: number): void {
    for (let i = 0; i < 4; i++) this.byte(v >>> (8 * i));
  }
  bytes(b: Uint8Array | readonly number[]): void {
    for (const x of b) this.chunks.push(x);
  }
  get length(): number {
    return this.chunks.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function utf16Bytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out.push(c & 0xff, c >>> 8);
  }
  return out;
}

function writeToken(w: ByteWriter, token: CondToken): void {
  switch (token.t) {
    case 'int': {
      w.byte(token.code);
      const value = new Uint8Array(8);
      new DataView(value.buffer).setBigInt64(0, token.value, true);
      w.bytes(value);
      w.byte(token.sign);
      w.byte(token.base);
      return;
    }
    case 'string':
    case 'attr': {
      const text = utf16Bytes(token.t === 'string' ? token.value : token.name);
      w.byte(token.t === 'string' ? 0x10 : token.code);
      w.u32(text.length);
      w.bytes(text);
      return;
    }
    case 'octets':
      w.byte(0x18);
      w.u32(token.value.length);
      w.bytes(token.value);
      return;
    case 'sid': {
      const sid = formatSid(token.sid);
      w.byte(0x51);
      w.u32(sid.length);
      w.bytes(sid);
      return;
    }
    case 'composite': {
      const inner = new ByteWriter();
      for (const item of token.items) writeToken(inner, item);
      w.byte(0x50);
      w.u32(inner.length);
      w.bytes(inner.done());
      return;
    }
    case 'op':
      w.byte(token.code);
  }
}

/** The ApplicationData of a callback ACE: "artx", the tokens, zeros to a multiple of 4. */
export function writeCondition(tokens: readonly CondToken[]): Uint8Array {
  const w = new ByteWriter();
  w.bytes(CONDITION_SIGNATURE);
  for (const token of tokens) writeToken(w, token);
  while (w.length % 4) w.byte(0);
  return w.done();
}
