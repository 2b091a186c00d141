import { SdControl } from './access-mask';

/**
 * The letter codes of SDDL (MS-DTYP 2.5.1), shared by the reader and the writer. Each table
 * is in the order Windows writes it: the writer walks it top to bottom.
 */

/** How SDDL is spelled on the way out: as Windows prints it, or as Samba 4.17 does. */
export type SddlStyle = 'windows' | 'samba';

/** ACE type codes (MS-DTYP 2.5.1.1, ace-type) and the AceType numbers they stand for. */
export const ACE_TYPE_CODES: readonly (readonly [string, number])[] = [
  ['A', 0x00],
  ['D', 0x01],
  ['AU', 0x02],
  ['AL', 0x03],
  ['OA', 0x05],
  ['OD', 0x06],
  ['OU', 0x07],
  ['OL', 0x08],
  ['XA', 0x09],
  ['XD', 0x0a],
  ['ZA', 0x0b],
  ['XU', 0x0d],
  ['ML', 0x11],
  ['RA', 0x12],
  ['SP', 0x13],
];

/** Conditional (callback) ACE types: their body ends with a conditional expression. */
export const CALLBACK_ACE_TYPES: ReadonlySet<number> = new Set([0x09, 0x0a, 0x0b, 0x0d]);
/** Callback ACE types laid out as object ACEs (Flags and the optional GUIDs before the SID). */
export const CALLBACK_OBJECT_ACE_TYPES: ReadonlySet<number> = new Set([0x0b]);
/** SYSTEM_RESOURCE_ATTRIBUTE_ACE: its body ends with a claim (MS-DTYP 2.4.4.15). */
export const RESOURCE_ATTRIBUTE_ACE_TYPE = 0x12;

export const ACE_FLAG_CODES: readonly (readonly [string, number])[] = [
  ['OI', 0x01],
  ['CI', 0x02],
  ['NP', 0x04],
  ['IO', 0x08],
  ['ID', 0x10],
  ['SA', 0x40],
  ['FA', 0x80],
];

/** Rights codes in the order Windows writes them (ConvertSecurityDescriptorToStringSecurityDescriptor). */
export const WINDOWS_RIGHTS_CODES: readonly (readonly [string, number])[] = [
  ['CC', 0x1],
  ['DC', 0x2],
  ['LC', 0x4],
  ['SW', 0x8],
  ['RP', 0x10],
  ['WP', 0x20],
  ['DT', 0x40],
  ['LO', 0x80],
  ['CR', 0x100],
  ['SD', 0x10000],
  ['RC', 0x20000],
  ['WD', 0x40000],
  ['WO', 0x80000],
  ['GA', 0x10000000],
  ['GX', 0x20000000],
  ['GW', 0x40000000],
  ['GR', 0x80000000],
];

/** Rights codes in Samba 4.17's rendering order (ace_access_mask), for `--style samba`. */
export const SAMBA_RIGHTS_CODES: readonly (readonly [string, number])[] = [
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

/**
 * File and registry shorthands. Windows writes one when the whole mask equals it (the first
 * match in this order: KX has KR's value and is never written); all are read.
 */
export const SHORTHAND_RIGHTS_CODES: readonly (readonly [string, number])[] = [
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
export const ACL_FLAG_CODES: readonly (readonly [string, number])[] = [
  ['P', SdControl.daclProtected],
  ['AR', SdControl.daclAutoInheritRequired],
  ['AI', SdControl.daclAutoInherited],
];

const typeCodes = new Map(ACE_TYPE_CODES.map(([code, type]) => [type, code]));
const typesByCode = new Map(ACE_TYPE_CODES.map(([code, type]) => [code, type]));

export function aceTypeCode(aceType: number): string | undefined {
  return typeCodes.get(aceType);
}

/** The AceType of an SDDL type code (any case, as Windows reads it). */
export function aceTypeOfCode(code: string): number | undefined {
  return typesByCode.get(code.toUpperCase());
}
