import { CONDITION_OPERATORS, MEMBER_OF_OPERATORS, type CondToken } from './conditional';
import { sddlAliasOf } from './sddl-aliases';
import type { Sid } from './sid';

/**
 * Conditional expressions in SDDL (MS-DTYP 2.5.1.1, 2.5.1.2), written as Windows prints them:
 * binary operators and member-of operators in parentheses, "!" glued to its operand,
 * attribute classes in capitals (@USER., @RESOURCE., @DEVICE.), integers in the base and
 * with the sign they were written with.
 */

interface Node {
  readonly token: CondToken;
  readonly lhs?: Node;
  readonly rhs?: Node;
}

const ATTRIBUTE_PREFIX: Readonly<Record<number, string>> = {
  0xf8: '',
  0xf9: '@USER.',
  0xfa: '@RESOURCE.',
  0xfb: '@DEVICE.',
};

function octal(value: bigint): string {
  return value.toString(8);
}

/** An integer literal as Windows writes it (sign 1 '+', 2 '-', 3 none; base 1 octal, 2 decimal, 3 hex). */
export function intToSddl(value: bigint, sign: number, base: number): string {
  if (sign === 3) {
    const unsigned = BigInt.asUintN(64, value);
    if (base === 1) return '0' + octal(unsigned);
    if (base === 3) return '0x' + unsigned.toString(16);
    return value.toString();
  }
  const mark = sign === 2 ? '-' : '+';
  const magnitude = value < 0n ? -value : value;
  if (base === 1) return `${mark}0${octal(magnitude)}`;
  if (base === 3) return `${mark}0x${magnitude.toString(16)}`;
  return `${mark}${magnitude}`;
}

/** Characters an attribute name holds literally (MS-DTYP 2.5.1.1 attr-char2); the rest are %xxxx. */
const LITERAL_NAME_CHARS = /^[A-Za-z0-9#$'*+\-;?@[\\\]^_`{}~:/.]$/;

function mustEscape(c: number): boolean {
  return c > 126 || !LITERAL_NAME_CHARS.test(String.fromCharCode(c));
}

/** An attribute name with the characters SDDL cannot hold literally written %xxxx. */
export function escapeAttributeName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    out += mustEscape(c) ? '%' + c.toString(16).padStart(4, '0') : name[i];
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += b.toString(16).padStart(2, '0');
  return text;
}

function sidInCondition(sid: Sid, domainSid?: Sid): string {
  return `SID(${sddlAliasOf(sid, domainSid) ?? sid})`;
}

/** One literal (or attribute, or operator name) in SDDL. */
export function literalToSddl(token: CondToken, domainSid?: Sid): string {
  switch (token.t) {
    case 'int':
      return intToSddl(token.value, token.sign, token.base);
    case 'string':
      return `"${token.value}"`;
    case 'octets':
      return '#' + hex(token.value);
    case 'sid':
      return sidInCondition(token.sid, domainSid);
    case 'composite':
      return `{${token.items.map((item) => literalToSddl(item, domainSid)).join(', ')}}`;
    case 'attr':
      return (ATTRIBUTE_PREFIX[token.code] ?? '') + escapeAttributeName(token.name);
    case 'op':
      return CONDITION_OPERATORS.get(token.code)!.name;
  }
}

function isMemberOf(node: Node): boolean {
  return node.token.t === 'op' && MEMBER_OF_OPERATORS.has(node.token.code);
}

function wantsOwnParens(node: Node): boolean {
  return node.lhs !== undefined || isMemberOf(node);
}

function isLogical(node: Node): boolean {
  return (
    node.token.t === 'op' &&
    (node.token.code === 0xa0 || node.token.code === 0xa1 || node.token.code === 0xa2)
  );
}

function write(node: Node, parens: boolean, domainSid: Sid | undefined): string {
  const logical = isLogical(node);
  const child = (c: Node): string => write(c, wantsOwnParens(c) || logical, domainSid);
  let text = '';
  if (node.lhs) text += child(node.lhs) + ' ';
  text += literalToSddl(node.token, domainSid);
  if (node.rhs) {
    const notOp = node.token.t === 'op' && node.token.code === 0xa2;
    text += (notOp ? '' : ' ') + child(node.rhs);
  }
  return parens ? `(${text})` : text;
}

/**
 * The SDDL of a conditional expression, including its outer parentheses. Throws when the
 * tokens do not form one expression (the caller keeps such an ACE in binary form).
 */
export function conditionToSddl(tokens: readonly CondToken[], domainSid?: Sid): string {
  if (tokens.length === 0) return '()';
  const stack: Node[] = [];
  for (const token of tokens) {
    const args = token.t === 'op' ? CONDITION_OPERATORS.get(token.code)!.args : 0;
    if (stack.length < args) throw new Error('operator without operands');
    const rhs = args >= 1 ? stack.pop() : undefined;
    const lhs = args === 2 ? stack.pop() : undefined;
    stack.push({ token, ...(lhs ? { lhs } : {}), ...(rhs ? { rhs } : {}) });
  }
  if (stack.length !== 1) throw new Error('not a single expression');
  const root = stack[0]!;
  const text = write(root, true, domainSid);
  return text;
}
