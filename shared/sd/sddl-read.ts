import { SdControl } from './access-mask';
import { writeCallbackBody, writeResourceAttributeBody } from './callback-ace';
import { parseCondition } from './conditional-parse';
import { parseGuid, type Guid } from './guid';
import { readClaimSddl } from './resource-attribute-parse';
import {
  ACE_FLAG_CODES,
  ACL_FLAG_CODES,
  aceTypeOfCode,
  CALLBACK_ACE_TYPES,
  RESOURCE_ATTRIBUTE_ACE_TYPE,
  SHORTHAND_RIGHTS_CODES,
  WINDOWS_RIGHTS_CODES,
} from './sddl-codes';
import { sddlAlias } from './sddl-aliases';
import { SdError } from './sd-error';
import { parseSid, type Sid } from './sid';
import {
  ACE_TYPE_OF_KIND,
  BASIC_ACE_KINDS,
  OBJECT_ACE_KINDS,
  type Ace,
  type Acl,
  type SecurityDescriptor,
} from './types';

/**
 * Reads SDDL as Windows' ConvertStringSecurityDescriptorToSecurityDescriptor does (MS-DTYP
 * 2.5.1): codes in any case, masks in hexadecimal, octal or decimal (overflow and negative
 * numbers as strtoul reads them), whitespace where Windows skips it, hexadecimal SID parts.
 * What Windows refuses is refused with the position and what was expected there.
 */

/** ACE types Windows refuses in a DACL (audit, alarm, label, resource attribute, policy). */
const SACL_ONLY_TYPES: ReadonlySet<number> = new Set([
  0x02, 0x03, 0x07, 0x08, 0x0d, 0x11, 0x12, 0x13,
]);
const OBJECT_TYPES: ReadonlySet<number> = new Set([0x05, 0x06, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x0f]);
const RIGHTS_CODES = [...WINDOWS_RIGHTS_CODES, ...SHORTHAND_RIGHTS_CODES];

const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** strtoul(…, 0) on the whole of `text` (after leading blanks), as Windows reads numbers; undefined if not a number. */
export function windowsUlong(text: string, forceHex = false): number | undefined {
  const match = /^[ \t\n\r]*([+-]?)(0[xX][0-9A-Fa-f]+|[0-9A-Fa-f]+)$/.exec(text);
  if (!match) return undefined;
  let digits = match[2]!;
  let base = 10;
  if (/^0[xX]/.test(digits)) {
    base = 16;
    digits = digits.slice(2);
  } else if (forceHex) base = 16;
  else if (digits.length > 1 && digits[0] === '0') base = 8;
  const valid = base === 16 ? /^[0-9A-Fa-f]+$/ : base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  let value = 0n;
  for (const d of digits) value = value * BigInt(base) + BigInt(parseInt(d, 16));
  if (value > 0xffffffffn) value = 0xffffffffn;
  const n = Number(value);
  return match[1] === '-' ? -n >>> 0 : n;
}

class SddlReader {
  at = 0;
  constructor(
    readonly text: string,
    readonly domainSid: Sid | undefined,
  ) {}

  fail(message: string, position = this.at): never {
    throw new SdError(
      'sd-bad-sddl',
      message,
      { position },
      'Correct the SDDL (MS-DTYP 2.5.1) and try again.',
    );
  }

  skipSpaces(): void {
    while (isSpace(this.text[this.at])) this.at++;
  }

  /** A SID: a two-letter alias (any case) or S-1-…, read from `token` found at `at`. */
  sid(token: string, at: number): Sid {
    const trimmed = token.replace(/^[ \t]+/, '');
    const start = at + token.length - trimmed.length;
    if (/^[sS]-/.test(trimmed)) return this.numericSid(trimmed, start);
    const code = trimmed.replace(/[ \t]+$/, '');
    const alias = /^[A-Za-z]{2}$/.test(code) ? sddlAlias(code.toUpperCase()) : undefined;
    if (!alias)
      this.fail(`"${code}" is neither a SID (S-1-…) nor a known two-letter SID alias`, start);
    if (alias.sid) return alias.sid;
    if (!this.domainSid)
      throw new SdError(
        'sd-needs-domain-sid',
        `The alias "${code}" is relative to a domain; give the domain SID to resolve it`,
        { position: start },
        'Give the SID of the domain the descriptor belongs to (the objectSid of its domain head), or write that SID in full instead of the alias.',
      );
    return `${this.domainSid}-${alias.rid}`;
  }

  numericSid(token: string, at: number): Sid {
    const parts = token.slice(2).split('-');
    const revisionText = parts[0] ?? '';
    const hex = /^[ \t]*0[xX]/.test(revisionText);
    const revision = windowsUlong(revisionText);
    if (revision !== 1 || parts.length < 2)
      this.fail(`"${token}" is not a SID: expected S-1-<authority>-<sub-authorities>`, at);
    // The identifier authority is 48 bits: decimal or 0x… (hexadecimal after S-0x1-).
    const authorityText = parts[1]!.trim();
    const hexAuthority = hex || /^0[xX]/.test(authorityText);
    const digits = authorityText.replace(/^0[xX]/, '');
    const valid = hexAuthority ? /^[0-9A-Fa-f]{1,12}$/ : /^[0-9]{1,15}$/;
    const authority = valid.test(digits) ? parseInt(digits, hexAuthority ? 16 : 10) : Infinity;
    if (authority > 0xffffffffffff) {
      this.fail(
        `"${token}" has an identifier authority that is not a number of at most 48 bits`,
        at,
      );
    }
    const subs = parts.slice(2).map((part) => windowsUlong(part, hex));
    if (subs.some((s) => s === undefined))
      this.fail(`"${token}" has a sub-authority that is not a number`, at);
    if (subs.length > 15) this.fail(`"${token}" has more than 15 sub-authorities`, at);
    const authorityPart =
      authority < 0x100000000
        ? String(authority)
        : '0x' + authority.toString(16).toUpperCase().padStart(12, '0');
    return parseSid(['S-1', authorityPart, ...subs.map(String)].join('-'));
  }

  /** The SID after O: or G:, up to the next section or the end. */
  sectionSid(): Sid {
    this.skipSpaces();
    const start = this.at;
    const rest = this.text.slice(start);
    const numeric = /^[sS]-(?:[ \t]*(?:0[xX])?[0-9A-Fa-f]+-?)*/.exec(rest);
    let token: string;
    if (numeric) {
      token = numeric[0];
      // A trailing "D" of "…-512D:" is the next section's letter, not a hexadecimal digit.
      if (token.endsWith('D') && rest[token.length] === ':') token = token.slice(0, -1);
    } else token = /^[A-Za-z]{0,2}/.exec(rest)![0];
    if (token === '') this.fail('Expected a SID or a two-letter SID alias');
    this.at += token.length;
    const sid = this.sid(token, start);
    this.skipSpaces();
    return sid;
  }

  aclFlags(shift: number): { control: number; nullAcl: boolean } {
    let control = 0;
    let nullAcl = false;
    for (;;) {
      this.skipSpaces();
      if (this.text.startsWith('NO_ACCESS_CONTROL', this.at)) {
        nullAcl = true;
        this.at += 'NO_ACCESS_CONTROL'.length;
        continue;
      }
      if (/^[OGDS]:/.test(this.text.slice(this.at, this.at + 2))) break;
      const flag = ACL_FLAG_CODES.find(([code]) => this.text.startsWith(code, this.at));
      if (!flag) break;
      control |= flag[1] << shift;
      this.at += flag[0].length;
    }
    return { control, nullAcl };
  }

  acl(inDacl: boolean): Ace[] {
    const aces: Ace[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.text[this.at] !== '(') break;
      aces.push(this.ace(inDacl));
    }
    if (this.at < this.text.length && !/^[OGDS]:/.test(this.text.slice(this.at, this.at + 2))) {
      this.fail(
        `Unexpected "${this.text[this.at]}": expected "(" to start an ACE, an ACL flag (P, AI, AR) or the next section (O:, G:, D:, S:)`,
      );
    }
    return aces;
  }

  /** Splits "(f0;f1;…" into fields up to ")" (six fields) or the ";" before a condition (seven). */
  fields(open: number): { fields: string[]; starts: number[]; end: number; extra: boolean } {
    const fields: string[] = [];
    const starts: number[] = [];
    let start = open + 1;
    for (let i = start; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c === '(')
        this.fail(
          `Unexpected "(" inside an ACE: expected ${fields.length === 0 ? 'an ACE type such as A, D, OA' : 'the next field'}`,
          i,
        );
      if (c !== ';' && c !== ')') continue;
      fields.push(this.text.slice(start, i));
      starts.push(start);
      start = i + 1;
      if (c === ')') return { fields, starts, end: i + 1, extra: false };
      if (fields.length === 6) return { fields, starts, end: i + 1, extra: true };
    }
    this.fail('An ACE is not closed with ")"', open);
  }

  ace(inDacl: boolean): Ace {
    const open = this.at;
    const { fields, starts, end, extra } = this.fields(open);
    if (fields.length !== 6) {
      this.fail(
        `An ACE needs 6 fields separated by ";" (type;flags;rights;object;inherited object;SID), found ${fields.length}`,
        open,
      );
    }
    const [typeText, flagsText, rightsText, objectText, inheritedText, sidText] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const aceType = aceTypeOfCode(typeText.trim());
    if (aceType === undefined)
      this.fail(
        `"${typeText}" is not an ACE type (A, D, OA, OD, AU, AL, OU, OL, XA, XD, ZA, XU, ML, RA, SP)`,
        starts[0],
      );
    if (inDacl && SACL_ONLY_TYPES.has(aceType)) {
      this.fail(
        `A "${typeText.trim().toUpperCase()}" ACE belongs in the SACL (S:), not in the DACL`,
        starts[0],
      );
    }
    const flags = this.aceFlags(flagsText, starts[1]!);
    const mask = this.rights(rightsText, starts[2]!);
    const objectType = this.guid(objectText, starts[3]!);
    const inheritedObjectType = this.guid(inheritedText, starts[4]!);
    const sid = this.sid(sidText, starts[5]!);
    const needsExtra = CALLBACK_ACE_TYPES.has(aceType) || aceType === RESOURCE_ATTRIBUTE_ACE_TYPE;
    if (needsExtra !== extra) {
      this.fail(
        needsExtra
          ? `A "${typeText.trim()}" ACE needs a seventh field: its condition or attribute in (…)`
          : 'An ACE has 6 fields; expected ")" after the SID',
        needsExtra ? end - 1 : end - 1,
      );
    }
    const hasObject = objectType !== null || inheritedObjectType !== null;
    if (hasObject && !OBJECT_TYPES.has(aceType))
      this.fail(
        `An "${typeText.trim()}" ACE cannot carry object GUIDs; use OA, OD, OU, OL or ZA`,
        starts[objectType ? 3 : 4],
      );
    if (!extra) {
      this.at = end;
      return this.plainAce(aceType, flags, mask, sid, objectType, inheritedObjectType);
    }
    this.at = end;
    this.skipSpaces();
    if (aceType === RESOURCE_ATTRIBUTE_ACE_TYPE) {
      const { claim, end: claimEnd } = readClaimSddl(this.text, this.at, this);
      this.at = claimEnd;
      this.close();
      return {
        kind: 'opaque',
        aceType,
        flags,
        body: writeResourceAttributeBody({ mask, sid, claim }),
      };
    }
    const { tokens, end: conditionEnd } = parseCondition(this.text, this.at, this);
    this.at = conditionEnd;
    this.close();
    const body = writeCallbackBody(aceType, {
      mask,
      objectType,
      inheritedObjectType,
      sid,
      condition: tokens,
    });
    return { kind: 'opaque', aceType, flags, body };
  }

  close(): void {
    this.skipSpaces();
    if (this.text[this.at] !== ')') this.fail('Expected ")" to close the ACE after its condition');
    this.at++;
  }

  plainAce(
    aceType: number,
    flags: number,
    mask: number,
    sid: Sid,
    objectType: Guid | null,
    inheritedObjectType: Guid | null,
  ): Ace {
    const objectKind = OBJECT_ACE_KINDS[aceType];
    if (objectKind) return { kind: objectKind, flags, mask, objectType, inheritedObjectType, sid };
    return { kind: BASIC_ACE_KINDS[aceType]!, flags, mask, sid };
  }

  aceFlags(text: string, at: number): number {
    const compact = text.replace(/[ \t]/g, '');
    let value = 0;
    for (let i = 0; i < compact.length; i += 2) {
      const code = compact.slice(i, i + 2).toUpperCase();
      const entry = ACE_FLAG_CODES.find(([c]) => c === code);
      if (!entry)
        this.fail(
          `"${compact.slice(i, i + 2)}" is not an ACE flag (OI, CI, NP, IO, ID, SA, FA)`,
          at + text.indexOf(compact.slice(i, i + 2)),
        );
      value |= entry[1];
    }
    return value;
  }

  rights(text: string, at: number): number {
    const body = text.replace(/^ +/, '');
    const start = at + text.length - body.length;
    if (/^[+\-0-9]/.test(body)) {
      const value = windowsUlong(body);
      if (value === undefined)
        this.fail(
          `"${text}" is not an access mask: expected a number (0x… hexadecimal, 0… octal, or decimal) with nothing after it`,
          start,
        );
      return value;
    }
    let value = 0;
    let i = 0;
    while (i < body.length) {
      if (body[i] === ' ') {
        while (body[i] === ' ') i++;
        if (i >= body.length)
          this.fail('A space may separate rights codes but cannot end the rights', start + i - 1);
        continue;
      }
      const code = body.slice(i, i + 2).toUpperCase();
      const entry = RIGHTS_CODES.find(([c]) => c === code);
      if (!entry)
        this.fail(
          `"${body.slice(i, i + 2)}" is not an access right code (e.g. RP, WP, CR, GA, FA) and the field is not a number`,
          start + i,
        );
      value = (value | entry[1]) >>> 0;
      i += 2;
    }
    return value;
  }

  guid(text: string, at: number): Guid | null {
    if (text.trim() === '') return null;
    if (text.length !== 36)
      this.fail(
        `"${text}" is not a GUID: expected 36 characters such as bf967aba-0de6-11d0-a285-00aa003049e2`,
        at,
      );
    try {
      return parseGuid(text);
    } catch {
      this.fail(`"${text}" is not a GUID`, at);
    }
  }
}

/**
 * Reads SDDL into a descriptor, laid out as Windows builds it: ACL revision 2 (4 when an
 * object ACE is present). The domain SID resolves DA, DU, EA and the other domain aliases.
 */
export function fromSddl(sddl: string, domainSid?: Sid): SecurityDescriptor {
  if (typeof sddl !== 'string') {
    throw new SdError(
      'sd-bad-sddl',
      'SDDL must be a string',
      { position: 0 },
      'Give an SDDL string such as O:DAG:DAD:(A;;GA;;;DA).',
    );
  }
  const domain = domainSid === undefined ? undefined : parseSid(domainSid);
  const reader = new SddlReader(sddl, domain);
  let control: number = SdControl.selfRelative;
  const parts: { owner: Sid | null; group: Sid | null; dacl: Acl | null; sacl: Acl | null } = {
    owner: null,
    group: null,
    dacl: null,
    sacl: null,
  };
  const seen = new Set<string>();
  for (;;) {
    reader.skipSpaces();
    if (reader.at >= sddl.length) break;
    const section = sddl[reader.at]!;
    if (!/^[OGDS]:/.test(sddl.slice(reader.at, reader.at + 2))) {
      reader.fail(
        'Expected a section: O: (owner), G: (group), D: (DACL) or S: (SACL), in capitals',
      );
    }
    if (seen.has(section)) reader.fail(`The ${section}: section appears twice`);
    seen.add(section);
    reader.at += 2;
    if (section === 'O') parts.owner = reader.sectionSid();
    else if (section === 'G') parts.group = reader.sectionSid();
    else {
      const at = reader.at;
      const dacl = section === 'D';
      const flags = reader.aclFlags(dacl ? 0 : 1);
      const aces = reader.acl(dacl);
      if (flags.nullAcl && aces.length > 0)
        reader.fail('NO_ACCESS_CONTROL cannot be followed by ACEs', at);
      control |= flags.control | (dacl ? SdControl.daclPresent : SdControl.saclPresent);
      const revision = aces.some((ace) => OBJECT_TYPES.has(aceTypeNumber(ace))) ? 4 : 2;
      const acl = flags.nullAcl ? null : { revision, aces };
      if (dacl) parts.dacl = acl;
      else parts.sacl = acl;
    }
  }
  return { revision: 1, sbz1: 0, control, ...parts };
}

function aceTypeNumber(ace: Ace): number {
  return ace.kind === 'opaque' ? ace.aceType : ACE_TYPE_OF_KIND[ace.kind];
}
