import { SdControl } from './access-mask';
import { parseGuid } from './guid';
import { sddlAlias, sddlAliasOf } from './sddl-aliases';
import { SdError } from './sd-error';
import { parseSid, type Sid } from './sid';
import {
  ACE_TYPE_OF_KIND,
  BASIC_ACE_KINDS,
  OBJECT_ACE_KINDS,
  type Ace,
  type Acl,
  type BasicAceKind,
  type ObjectAceKind,
  type SecurityDescriptor,
} from './types';

/**
 * SDDL (MS-DTYP 2.5.1) as Samba 4.17 writes it (libcli/security/sddl.c): the oracle this
 * project tests against. Tables are in Samba's order because rendering follows that order.
 */
const ACE_TYPE_CODES: readonly (readonly [string, BasicAceKind | ObjectAceKind])[] = [
  ['A', 'access-allowed'],
  ['D', 'access-denied'],
  ['OA', 'access-allowed-object'],
  ['OD', 'access-denied-object'],
  ['AU', 'system-audit'],
  ['AL', 'system-alarm'],
  ['OU', 'system-audit-object'],
  ['OL', 'system-alarm-object'],
  // Windows codes Samba 4.17 does not know; no DC descriptor of AD objects carries them.
  ['ML', 'system-mandatory-label'],
  ['SP', 'system-scoped-policy-id'],
];

const ACE_FLAG_CODES: readonly (readonly [string, number])[] = [
  ['OI', 0x01],
  ['CI', 0x02],
  ['NP', 0x04],
  ['IO', 0x08],
  ['ID', 0x10],
  ['SA', 0x40],
  ['FA', 0x80],
];

/** Rights codes in Samba's rendering order (ace_access_mask). */
export const RIGHTS_CODES: readonly (readonly [string, number])[] = [
  ['RP', 0x10],
  ['WP', 0x20],
  ['CR', 0x100],
  ['CC', 0x1],
  ['DC', 0x2],
  ['LC', 0x4],
  ['LO', 0x80],
  ['RC', 0x20000],
  ['WO', 0x80000],
  ['WD', 0x40000],
  ['SD', 0x10000],
  ['DT', 0x40],
  ['SW', 0x8],
  ['GA', 0x10000000],
  ['GR', 0x80000000],
  ['GW', 0x40000000],
  ['GX', 0x20000000],
];

/** Accepted when reading SDDL only (Windows file and registry shorthands). */
const EXTRA_RIGHTS_CODES: readonly (readonly [string, number])[] = [
  ['FA', 0x1f01ff],
  ['FR', 0x120089],
  ['FW', 0x120116],
  ['FX', 0x1200a0],
  ['KA', 0xf003f],
  ['KR', 0x20019],
  ['KW', 0x20006],
  ['KX', 0x20019],
];

/** DACL flag codes; the SACL's bits are the same shifted left by one. */
const ACL_FLAG_CODES: readonly (readonly [string, number])[] = [
  ['P', SdControl.daclProtected],
  ['AR', SdControl.daclAutoInheritRequired],
  ['AI', SdControl.daclAutoInherited],
];

const typeCodeOfKind = new Map(ACE_TYPE_CODES.map(([code, kind]) => [kind, code]));
const kindOfTypeCode = new Map(ACE_TYPE_CODES.map(([code, kind]) => [code, kind]));

function sidToSddl(sid: Sid, domainSid?: Sid): string {
  return sddlAliasOf(sid, domainSid) ?? sid;
}

function hex8(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}

/** Rights as Samba renders them: codes when every bit has one, else 0x%08x. */
export function rightsToSddl(mask: number): string {
  let rest = mask >>> 0;
  let text = '';
  for (const [code, bit] of RIGHTS_CODES) {
    if ((rest & bit) >>> 0 === bit) {
      text += code;
      rest = (rest & ~bit) >>> 0;
    }
  }
  return rest === 0 ? text : hex8(mask);
}

function aceFlagsToSddl(flags: number): string {
  let text = '';
  for (const [code, bit] of ACE_FLAG_CODES) if (flags & bit) text += code;
  return text;
}

/** One ACE in SDDL, e.g. `(OA;CIIO;CR;00299570-…;bf967aba-…;S-1-5-21-…-1105)`. */
export function aceToSddl(ace: Ace, domainSid?: Sid): string {
  if (ace.kind === 'opaque') {
    throw new SdError(
      'sd-unsupported',
      `ACE type 0x${ace.aceType.toString(16).padStart(2, '0')} (callback, conditional or resource attribute) has no SDDL rendering here`,
      {},
      'Show this descriptor in its binary form; it is kept byte for byte.',
    );
  }
  const type = typeCodeOfKind.get(ace.kind)!;
  const objectType = 'objectType' in ace ? (ace.objectType ?? '') : '';
  const inherited = 'inheritedObjectType' in ace ? (ace.inheritedObjectType ?? '') : '';
  return `(${type};${aceFlagsToSddl(ace.flags)};${rightsToSddl(ace.mask)};${objectType};${inherited};${sidToSddl(ace.sid, domainSid)})`;
}

function aclFlagsToSddl(control: number, shift: number): string {
  let text = '';
  for (const [code, bit] of ACL_FLAG_CODES) if (control & (bit << shift)) text += code;
  return text;
}

function aclToSddl(acl: Acl, control: number, shift: number, domainSid?: Sid): string {
  return aclFlagsToSddl(control, shift) + acl.aces.map((ace) => aceToSddl(ace, domainSid)).join('');
}

/** The descriptor's SDDL, exactly as Samba's `descriptor.as_sddl(domain_sid)` writes it. */
export function toSddl(sd: SecurityDescriptor, domainSid?: Sid): string {
  let text = '';
  if (sd.owner !== null) text += 'O:' + sidToSddl(sd.owner, domainSid);
  if (sd.group !== null) text += 'G:' + sidToSddl(sd.group, domainSid);
  if (sd.control & SdControl.daclPresent && sd.dacl)
    text += 'D:' + aclToSddl(sd.dacl, sd.control, 0, domainSid);
  if (sd.control & SdControl.saclPresent && sd.sacl)
    text += 'S:' + aclToSddl(sd.sacl, sd.control, 1, domainSid);
  return text;
}

// ---------------------------------------------------------------------------------------
// Reading SDDL

class SddlReader {
  position = 0;
  constructor(
    readonly text: string,
    readonly domainSid: Sid | undefined,
  ) {}

  fail(message: string, position = this.position): never {
    throw new SdError(
      'sd-bad-sddl',
      message,
      { position },
      'Correct the SDDL (MS-DTYP 2.5.1) and try again.',
    );
  }

  get done(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string {
    return this.text[this.position] ?? '';
  }

  startsSection(): boolean {
    return /^[OGDS]:/.test(this.text.slice(this.position, this.position + 2));
  }

  sid(token: string, at: number): Sid {
    if (/^[sS]-/.test(token)) {
      try {
        return parseSid(token);
      } catch {
        this.fail(`"${token}" is not a valid SID`, at);
      }
    }
    const alias = sddlAlias(token);
    if (!alias) this.fail(`"${token}" is neither a SID nor a known SDDL alias`, at);
    if (alias.sid) return alias.sid;
    if (!this.domainSid) {
      this.fail(
        `The alias "${token}" is relative to a domain; give the domain SID to resolve it`,
        at,
      );
    }
    return `${this.domainSid}-${alias.rid}`;
  }

  /** The SID of an O: or G: section: S-1-… or a two-letter alias. */
  sectionSid(): Sid {
    const at = this.position;
    const rest = this.text.slice(at);
    const match = /^[sS]-1-(?:0[xX][0-9A-Fa-f]+|\d+)(?:-\d+)*/.exec(rest) ?? /^[A-Z]{2}/.exec(rest);
    if (!match) this.fail('Expected a SID or a two-letter alias');
    this.position += match[0].length;
    return this.sid(match[0], at);
  }

  aclFlags(shift: number): { control: number; nullAcl: boolean } {
    let control = 0;
    let nullAcl = false;
    for (;;) {
      if (this.text.startsWith('NO_ACCESS_CONTROL', this.position)) {
        nullAcl = true;
        this.position += 'NO_ACCESS_CONTROL'.length;
        continue;
      }
      const flag = ACL_FLAG_CODES.find(([code]) => this.text.startsWith(code, this.position));
      if (!flag || this.startsSection()) break;
      control |= flag[1] << shift;
      this.position += flag[0].length;
    }
    return { control, nullAcl };
  }

  acl(): Ace[] {
    const aces: Ace[] = [];
    while (this.peek() === '(') aces.push(this.ace());
    if (!this.done && !this.startsSection())
      this.fail(`Unexpected "${this.peek()}": expected "(" to start an ACE or the next section`);
    return aces;
  }

  ace(): Ace {
    const open = this.position;
    const close = this.text.indexOf(')', open);
    if (close < 0) this.fail('An ACE is not closed with ")"', open);
    const body = this.text.slice(open + 1, close);
    if (body.includes('(')) this.fail('Conditional ACE expressions are not supported here', open);
    const fields = body.split(';');
    if (fields.length !== 6) {
      this.fail(
        `An ACE needs 6 fields separated by ";" (type;flags;rights;object;inherited object;SID), found ${fields.length}`,
        open,
      );
    }
    let at = open + 1;
    const starts = fields.map((field) => {
      const start = at;
      at += field.length + 1;
      return start;
    });
    const [typeCode, flagsText, rightsText, objectText, inheritedText, sidText] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const kind = kindOfTypeCode.get(typeCode);
    if (!kind)
      this.fail(`"${typeCode}" is not an ACE type (A, D, OA, OD, AU, AL, OU, OL)`, starts[0]);
    const flags = this.codes(flagsText, ACE_FLAG_CODES, 'ACE flag', starts[1]!);
    const mask = this.rights(rightsText, starts[2]!);
    const sid = this.sid(sidText, starts[5]!);
    this.position = close + 1;
    const typeNumber = ACE_TYPE_OF_KIND[kind];
    if (OBJECT_ACE_KINDS[typeNumber]) {
      return {
        kind: kind as ObjectAceKind,
        flags,
        mask,
        objectType: this.guid(objectText, starts[3]!),
        inheritedObjectType: this.guid(inheritedText, starts[4]!),
        sid,
      };
    }
    if (objectText || inheritedText)
      this.fail(`An "${typeCode}" ACE cannot carry object GUIDs; use OA/OD/OU/OL`, starts[3]);
    if (!BASIC_ACE_KINDS[typeNumber]) this.fail(`"${typeCode}" is not supported`, starts[0]);
    return { kind: kind as BasicAceKind, flags, mask, sid };
  }

  guid(text: string, at: number): string | null {
    if (text === '') return null;
    try {
      return parseGuid(text);
    } catch {
      this.fail(`"${text}" is not a GUID`, at);
    }
  }

  codes(
    text: string,
    table: readonly (readonly [string, number])[],
    what: string,
    at: number,
  ): number {
    let value = 0;
    for (let i = 0; i < text.length; i += 2) {
      const code = text.slice(i, i + 2);
      const entry = table.find(([c]) => c === code);
      if (!entry) this.fail(`"${code}" is not an ${what}`, at + i);
      value |= entry[1];
    }
    return value >>> 0;
  }

  rights(text: string, at: number): number {
    if (/^0[xX][0-9A-Fa-f]{1,8}$/.test(text)) return parseInt(text.slice(2), 16) >>> 0;
    if (/^\d+$/.test(text)) {
      const value = Number(text);
      if (value > 0xffffffff) this.fail(`The access mask ${text} does not fit in 32 bits`, at);
      return value;
    }
    if (/^0[xX]/.test(text)) this.fail(`"${text}" is not a 32-bit hexadecimal access mask`, at);
    return this.codes(text, [...RIGHTS_CODES, ...EXTRA_RIGHTS_CODES], 'access right', at);
  }
}

/**
 * Reads SDDL into a descriptor, as Samba's `descriptor.from_sddl(sddl, domain_sid)` does:
 * parts laid out owner, group, SACL, DACL; ACL revision 4 (ACL_REVISION_DS).
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
  // "" is the empty descriptor (no owner, group or ACLs), as toSddl writes it.
  const domain = domainSid === undefined ? undefined : parseSid(domainSid);
  const reader = new SddlReader(sddl, domain);
  let control: number = SdControl.selfRelative;
  let owner: Sid | null = null;
  let group: Sid | null = null;
  let dacl: Acl | null = null;
  let sacl: Acl | null = null;
  const seen = new Set<string>();
  while (!reader.done) {
    const at = reader.position;
    if (!reader.startsSection()) reader.fail('Expected a section: O:, G:, D: or S:');
    const section = reader.peek();
    if (seen.has(section)) reader.fail(`The ${section}: section appears twice`);
    seen.add(section);
    reader.position += 2;
    if (section === 'O') owner = reader.sectionSid();
    else if (section === 'G') group = reader.sectionSid();
    else {
      const shift = section === 'D' ? 0 : 1;
      const flags = reader.aclFlags(shift);
      const aces = reader.acl();
      if (flags.nullAcl && aces.length > 0)
        reader.fail('NO_ACCESS_CONTROL cannot be followed by ACEs', at);
      control |= flags.control | (section === 'D' ? SdControl.daclPresent : SdControl.saclPresent);
      const acl = flags.nullAcl ? null : { revision: 4, aces };
      if (section === 'D') dacl = acl;
      else sacl = acl;
    }
  }
  return { revision: 1, sbz1: 0, control, owner, group, sacl, dacl };
}
