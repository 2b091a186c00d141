import { CONDITION_OPERATORS, type CondToken } from './conditional';
import type { Sid } from './sid';

/**
 * Evaluates a conditional ACE expression (MS-DTYP 2.4.4.17, 2.5.3.2) for a caller known by
 * its SIDs only, in three-valued logic: true, false, or undefined for UNKNOWN. The token this
 * kernel is given carries no claims and no device, so every @User, @Device and @Resource
 * attribute, and every Device_Member_of, is UNKNOWN; Member_of and its kin are decided from
 * the caller's SIDs. An expression that is not well formed is UNKNOWN too.
 * The access check grants on an allow ACE only when the result is true, and denies on a deny
 * ACE when it is true or UNKNOWN.
 */
export type Truth = boolean | undefined;

type Value =
  | { readonly k: 'bool'; readonly v: Truth }
  | { readonly k: 'sids'; readonly sids: readonly Sid[] }
  | { readonly k: 'int'; readonly v: bigint }
  | { readonly k: 'string'; readonly v: string }
  | { readonly k: 'unknown' };

const UNKNOWN: Value = { k: 'unknown' };
const bool = (v: Truth): Value => ({ k: 'bool', v });

function literal(token: CondToken): Value {
  switch (token.t) {
    case 'sid':
      return { k: 'sids', sids: [token.sid] };
    case 'composite':
      return token.items.every((item) => item.t === 'sid')
        ? { k: 'sids', sids: token.items.map((item) => (item as { sid: Sid }).sid) }
        : UNKNOWN;
    case 'int':
      return { k: 'int', v: token.value };
    case 'string':
      return { k: 'string', v: token.value };
    default:
      return UNKNOWN; // attributes (no claims here) and octet strings
  }
}

function memberOf(code: number, operand: Value, hasSid: (sid: Sid) => boolean): Value {
  // Device_Member_of and its kin (0x8a, 0x8c, 0x91, 0x93): the device is unknown here.
  if ([0x8a, 0x8c, 0x91, 0x93].includes(code) || operand.k !== 'sids') return UNKNOWN;
  const all = operand.sids.every(hasSid);
  const any = operand.sids.some(hasSid);
  const result = { 0x89: all, 0x8b: any, 0x90: !all, 0x92: !any }[code];
  return bool(result);
}

function compare(code: number, a: Value, b: Value): Value {
  if (a.k !== b.k || (a.k !== 'int' && a.k !== 'string')) return UNKNOWN;
  // Strings compare case-insensitively unless a claim says otherwise (MS-DTYP 2.4.4.17.6).
  const x = a.k === 'string' ? a.v.toLowerCase() : a.v;
  const y = b.k === 'string' ? (b as { v: string }).v.toLowerCase() : (b as { v: bigint }).v;
  const order = x < y ? -1 : x > y ? 1 : 0;
  const table: Record<number, boolean> = {
    0x80: order === 0,
    0x81: order !== 0,
    0x82: order < 0,
    0x83: order <= 0,
    0x84: order > 0,
    0x85: order >= 0,
  };
  return code in table ? bool(table[code]) : UNKNOWN;
}

function logical(code: number, a: Truth, b: Truth): Truth {
  if (code === 0xa0) return a === false || b === false ? false : a && b ? true : undefined;
  return a === true || b === true ? true : a === false && b === false ? false : undefined;
}

const truthOf = (value: Value): Truth => (value.k === 'bool' ? value.v : undefined);

export function evaluateCondition(
  tokens: readonly CondToken[],
  hasSid: (sid: Sid) => boolean,
): Truth {
  const stack: Value[] = [];
  for (const token of tokens) {
    if (token.t !== 'op') {
      stack.push(literal(token));
      continue;
    }
    const args = CONDITION_OPERATORS.get(token.code)!.args;
    if (stack.length < args) return undefined;
    const right = stack.pop()!;
    const left = args === 2 ? stack.pop()! : UNKNOWN;
    if (token.code === 0xa2)
      stack.push(bool(truthOf(right) === undefined ? undefined : !truthOf(right)));
    else if (token.code === 0xa0 || token.code === 0xa1)
      stack.push(bool(logical(token.code, truthOf(left), truthOf(right))));
    else if (token.code === 0x87 || token.code === 0x8d)
      stack.push(UNKNOWN); // Exists: no claims known
    else if (args === 1) stack.push(memberOf(token.code, right, hasSid));
    else stack.push(compare(token.code, left, right));
  }
  return stack.length === 1 ? truthOf(stack[0]!) : undefined;
}
