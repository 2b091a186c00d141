import { CONDITION_OPERATORS, type CondToken } from './conditional';
import type { Sid } from './sid';

/**
 * Reads a conditional expression in SDDL (MS-DTYP 2.5.1.1) into postfix tokens, as Windows
 * does: "!" binds tightest, then the comparison and member-of operators, then "&&", then
 * "||"; integers are 64-bit and remember their sign and base; a bare word is a local
 * attribute unless it is a whole integer.
 */
export interface ConditionReader {
  /** Raises an error at a position of the whole SDDL string. */
  fail(message: string, position: number): never;
  /** Reads an SDDL SID (alias or S-1-…) that ends at `end`. */
  sid(text: string, position: number): Sid;
}

const NAMED_OPERATORS = new Map<string, number>();
for (const [code, { name }] of CONDITION_OPERATORS) {
  if (/^[A-Za-z]/.test(name)) NAMED_OPERATORS.set(name.toLowerCase(), code);
}
const SYMBOL_OPERATORS: readonly (readonly [string, number])[] = [
  ['==', 0x80],
  ['!=', 0x81],
  ['<=', 0x83],
  ['>=', 0x85],
  ['<', 0x82],
  ['>', 0x84],
];
const ATTRIBUTE_CLASSES: readonly (readonly [string, number])[] = [
  ['@user.', 0xf9],
  ['@resource.', 0xfa],
  ['@device.', 0xfb],
];

const isSpace = (c: string): boolean => c === ' ' || (c >= '\t' && c <= '\r');
const isAttrChar1 = (c: string): boolean => /^[A-Za-z0-9:./_]$/.test(c);
const ENDS_ATTR2 = '!&()><=| "';

class Parser {
  at: number;
  readonly out: CondToken[] = [];
  constructor(
    readonly text: string,
    start: number,
    readonly reader: ConditionReader,
  ) {
    this.at = start;
  }

  fail(message: string, at = this.at): never {
    this.reader.fail(`Conditional expression: ${message}`, at);
  }
  skip(): void {
    while (this.at < this.text.length && isSpace(this.text[this.at]!)) this.at++;
  }
  peek(n = 1): string {
    return this.text.slice(this.at, this.at + n);
  }
  expect(c: string, what: string): void {
    this.skip();
    if (this.text[this.at] !== c) this.fail(`expected ${what}`);
    this.at++;
  }

  /** `(` expression `)`: the outer parentheses of the ACE's condition. */
  outer(): void {
    this.expect('(', '"(" to open the condition');
    this.skip();
    if (this.peek() === ')') {
      this.at++;
      return; // "()" is the empty condition.
    }
    this.or();
    this.expect(')', '")" to close the condition');
  }

  or(): void {
    this.and();
    for (;;) {
      this.skip();
      if (this.peek(2) !== '||') return;
      this.at += 2;
      this.and();
      this.out.push({ t: 'op', code: 0xa1 });
    }
  }

  and(): void {
    this.unary();
    for (;;) {
      this.skip();
      if (this.peek(2) !== '&&') return;
      this.at += 2;
      this.unary();
      this.out.push({ t: 'op', code: 0xa0 });
    }
  }

  unary(): void {
    this.skip();
    if (this.peek() === '!' && this.peek(2) !== '!=') {
      this.at++;
      this.skip();
      // Windows takes "!" only before a parenthesised term: !(…).
      if (this.peek() !== '(') this.fail('expected "(" after "!"');
      this.unary();
      this.out.push({ t: 'op', code: 0xa2 });
      return;
    }
    this.primary();
  }

  primary(): void {
    this.skip();
    const start = this.at;
    if (this.peek() === '(') {
      this.at++;
      this.or();
      this.expect(')', `")" to match "(" at position ${start}`);
      return;
    }
    const word = /^[A-Za-z_]+/.exec(this.text.slice(this.at))?.[0] ?? '';
    const named = NAMED_OPERATORS.get(word.toLowerCase());
    const after = this.text[this.at + word.length] ?? '';
    if (
      named !== undefined &&
      (isSpace(after) || after === '{' || after === '(' || after === '@')
    ) {
      this.at += word.length;
      const args = CONDITION_OPERATORS.get(named)!.args;
      if (args === 1) {
        this.operand(false);
        this.out.push({ t: 'op', code: named });
        return;
      }
      this.fail(`"${word}" needs a value on its left`, start);
    }
    this.operand(true);
    this.skip();
    const op = this.relational();
    if (op === undefined) return;
    this.operand(false);
    this.out.push({ t: 'op', code: op });
  }

  relational(): number | undefined {
    for (const [symbol, code] of SYMBOL_OPERATORS) {
      if (this.text.startsWith(symbol, this.at)) {
        this.at += symbol.length;
        return code;
      }
    }
    const word = /^[A-Za-z_]+/.exec(this.text.slice(this.at))?.[0] ?? '';
    const code = NAMED_OPERATORS.get(word.toLowerCase());
    if (code !== undefined && CONDITION_OPERATORS.get(code)!.args === 2) {
      this.at += word.length;
      return code;
    }
    return undefined;
  }

  /** An operand; on the left of an operator a bare word (even all digits) is a local attribute. */
  operand(left: boolean): void {
    this.skip();
    const c = this.peek();
    if (
      left &&
      isAttrChar1(c) &&
      !/^sid\(/i.test(this.text.slice(this.at, this.at + 4)) &&
      !/^[+-]/.test(c)
    ) {
      let end = this.at;
      while (end < this.text.length && isAttrChar1(this.text[end]!)) end++;
      this.out.push({ t: 'attr', code: 0xf8, name: this.text.slice(this.at, end) });
      this.at = end;
      return;
    }
    if (c === '(') {
      // A parenthesised operand: Member_of (SID(…)), == (4).
      this.at++;
      this.operand(left);
      this.expect(')', '")"');
      return;
    }
    if (c === '@') {
      this.out.push(this.attribute());
      return;
    }
    // On the right of an operator Windows takes literals and @-attributes, not local ones.
    this.out.push(this.literal(left));
  }

  attribute(): CondToken {
    const start = this.at;
    const lower = this.text.slice(this.at, this.at + 10).toLowerCase();
    const cls = ATTRIBUTE_CLASSES.find(([prefix]) => lower.startsWith(prefix));
    if (!cls) this.fail('expected @User., @Device. or @Resource.', start);
    this.at += cls[0].length;
    let name = '';
    while (
      this.at < this.text.length &&
      !ENDS_ATTR2.includes(this.text[this.at]!) &&
      !isSpace(this.text[this.at]!)
    ) {
      if (this.text[this.at] === '%') {
        const digits = this.text.slice(this.at + 1, this.at + 5);
        if (!/^[0-9A-Fa-f]{4}$/.test(digits)) this.fail('a % escape needs four hexadecimal digits');
        name += String.fromCharCode(parseInt(digits, 16));
        this.at += 5;
      } else name += this.text[this.at++];
    }
    if (name === '') this.fail('an attribute needs a name', start);
    return { t: 'attr', code: cls[1], name };
  }

  /** A literal; `attributes` lets a bare word be a local attribute. */
  literal(attributes: boolean): CondToken {
    this.skip();
    const start = this.at;
    const c = this.peek();
    if (c === '{') return this.composite();
    if (c === '"') {
      const close = this.text.indexOf('"', this.at + 1);
      if (close < 0) this.fail('a string is not closed with "', start);
      this.at = close + 1;
      return { t: 'string', value: this.text.slice(start + 1, close) };
    }
    if (c === '#') {
      // Windows reads "#" inside an octet string as "0".
      const raw = /^#([0-9A-Fa-f#]*)/.exec(this.text.slice(this.at))![1]!;
      // An odd number of digits implies a leading zero.
      const even = raw.replace(/#/g, '0');
      const digits = even.length % 2 ? '0' + even : even;
      this.at += 1 + raw.length;
      const value = new Uint8Array(digits.length / 2);
      for (let i = 0; i < value.length; i++)
        value[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
      return { t: 'octets', value };
    }
    if (/^sid\(/i.test(this.text.slice(this.at, this.at + 4))) {
      const close = this.text.indexOf(')', this.at);
      if (close < 0) this.fail('SID( is not closed with ")"', start);
      const inner = this.text.slice(this.at + 4, close).trim();
      const sid = this.reader.sid(inner, this.at + 4);
      this.at = close + 1;
      return { t: 'sid', sid };
    }
    const integer = this.integer();
    if (integer) return integer;
    if (attributes && isAttrChar1(c)) {
      let end = this.at;
      while (end < this.text.length && isAttrChar1(this.text[end]!)) end++;
      const name = this.text.slice(this.at, end);
      this.at = end;
      return { t: 'attr', code: 0xf8, name };
    }
    this.fail(c ? `unexpected "${c}"` : 'the condition ends too early', start);
  }

  /** An integer when the text here is one whole 64-bit integer, else undefined. */
  integer(): CondToken | undefined {
    const match = /^([+-]?)(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)/.exec(this.text.slice(this.at));
    if (!match) return undefined;
    const next = this.text[this.at + match[0].length] ?? '';
    if (isAttrChar1(next)) return undefined;
    const digits = match[2]!;
    const base = /^0[xX]/.test(digits) ? 3 : digits.length > 1 && digits[0] === '0' ? 1 : 2;
    const magnitude =
      base === 3 ? BigInt(digits) : base === 1 ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
    // Up to 64 bits (0xffffffffffffffff is -1, as Windows stores it); larger is refused.
    if (magnitude > 0xffffffffffffffffn)
      this.fail(`the integer ${match[0]} does not fit in 64 bits`);
    const value = BigInt.asIntN(64, match[1] === '-' ? -magnitude : magnitude);
    this.at += match[0].length;
    return {
      t: 'int',
      code: 0x04,
      value,
      sign: match[1] === '-' ? 2 : match[1] === '+' ? 1 : 3,
      base,
    };
  }

  composite(): CondToken {
    const start = this.at;
    this.at++; // {
    const items: CondToken[] = [];
    this.skip();
    if (this.peek() === '}') {
      this.at++;
      return { t: 'composite', items };
    }
    for (;;) {
      const item = this.literal(false);
      if (item.t === 'composite') this.fail('a composite cannot hold another composite', start);
      items.push(item);
      this.skip();
      const c = this.peek();
      this.at++;
      if (c === '}') return { t: 'composite', items };
      if (c !== ',') this.fail('expected "," or "}" in a composite', this.at - 1);
    }
  }
}

/** Reads the condition starting at `start` (its "("); returns the tokens and where it ended. */
export function parseCondition(
  text: string,
  start: number,
  reader: ConditionReader,
): { tokens: CondToken[]; end: number } {
  const parser = new Parser(text, start, reader);
  parser.outer();
  return { tokens: parser.out, end: parser.at };
}
