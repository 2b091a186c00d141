import type { ConditionReader } from './conditional-parse';
import { CLAIM_TYPE_CODES, type Claim, type ClaimValue } from './resource-attribute';

/**
 * Reads the SDDL of a resource attribute ACE's claim: ("name",TYPE,flags,value,…)
 * (MS-DTYP 2.5.1.1 resource-attribute-ace). TX values are hexadecimal bytes without "#".
 */
export function readClaimSddl(
  text: string,
  start: number,
  reader: ConditionReader,
): { claim: Claim; end: number } {
  if (text[start] !== '(')
    reader.fail('Expected a resource attribute in (…): ("name",TYPE,flags,values)', start);
  const items: { text: string; at: number }[] = [];
  let quoted = false;
  let itemStart = start + 1;
  let close = -1;
  for (let k = start + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '"') quoted = !quoted;
    if (quoted || (c !== ',' && c !== ')')) continue;
    items.push({ text: text.slice(itemStart, k), at: itemStart });
    itemStart = k + 1;
    if (c === ')') {
      close = k;
      break;
    }
  }
  if (close < 0) reader.fail('A resource attribute is not closed with ")"', start);
  if (items.length < 4)
    reader.fail('A resource attribute needs a name, a type, flags and at least one value', start);
  const name = unquote(items[0]!.text, items[0]!.at, reader);
  const code = items[1]!.text.trim().toUpperCase();
  const valueType = CLAIM_TYPE_CODES.find(([c]) => c === code)?.[1];
  if (valueType === undefined)
    reader.fail(`"${items[1]!.text}" is not a claim type (TI, TU, TS, TD, TB, TX)`, items[1]!.at);
  const flags = parseInteger(items[2]!.text, items[2]!.at, reader, false);
  const values = items.slice(3).map((item) => value(valueType, item.text, item.at, reader));
  return {
    claim: {
      name: unescapeName(name),
      valueType,
      flags: Number(BigInt.asUintN(32, flags)),
      values,
    },
    end: close + 1,
  };
}

function unquote(text: string, at: number, reader: ConditionReader): string {
  const trimmed = text.trim();
  if (!/^".*"$/s.test(trimmed)) reader.fail('Expected a string in double quotes', at);
  return trimmed.slice(1, -1);
}

function unescapeName(name: string): string {
  return name.replace(/%([0-9A-Fa-f]{4})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

function parseInteger(text: string, at: number, reader: ConditionReader, signed: boolean): bigint {
  const match = /^\s*([+-]?)(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)\s*$/.exec(text);
  if (!match) reader.fail(`"${text}" is not an integer`, at);
  const digits = match[2]!;
  const magnitude =
    digits.length > 1 && digits[0] === '0' && !/^0[xX]/.test(digits)
      ? BigInt('0o' + digits.slice(1))
      : BigInt(digits);
  const value = match[1] === '-' ? -magnitude : magnitude;
  if (!signed && value < 0n) reader.fail(`"${text}" must not be negative`, at);
  return value;
}

function value(type: number, text: string, at: number, reader: ConditionReader): ClaimValue {
  if (type === 1) return parseInteger(text, at, reader, true);
  if (type === 2) return parseInteger(text, at, reader, false);
  if (type === 6) {
    const v = parseInteger(text, at, reader, false);
    if (v > 1n) reader.fail(`"${text}" is not a boolean (0 or 1)`, at);
    return v;
  }
  if (type === 3) return unquote(text, at, reader);
  if (type === 5) return reader.sid(text.trim().replace(/^SID\((.*)\)$/i, '$1'), at);
  const hex = text.trim();
  if (!/^([0-9A-Fa-f]{2})*$/.test(hex))
    reader.fail(`"${text}" is not an octet string (pairs of hexadecimal digits)`, at);
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}
