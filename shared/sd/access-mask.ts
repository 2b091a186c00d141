/**
 * Access-mask bits of directory objects (MS-ADTS 5.1.3.2, MS-DTYP 2.4.3) and the
 * security-descriptor control bits (MS-DTYP 2.4.6).
 */
export const AdRight = {
  createChild: 0x1, // CC
  deleteChild: 0x2, // DC
  listChildren: 0x4, // LC
  selfWrite: 0x8, // SW (validated write)
  readProperty: 0x10, // RP
  writeProperty: 0x20, // WP
  deleteTree: 0x40, // DT
  listObject: 0x80, // LO
  controlAccess: 0x100, // CR (extended right)
  delete: 0x10000, // SD
  readControl: 0x20000, // RC
  writeDac: 0x40000, // WD
  writeOwner: 0x80000, // WO
  synchronize: 0x100000,
  accessSystemSecurity: 0x1000000,
  genericAll: 0x10000000, // GA
  genericExecute: 0x20000000, // GX
  genericWrite: 0x40000000, // GW
  genericRead: 0x80000000, // GR
} as const;

/** Every specific and standard right of a directory object: what "Full control" grants. */
export const AD_FULL_CONTROL = 0x000f01ff;

/** Generic rights mapped for directory objects (MS-ADTS 5.1.3.3, "GenericMapping"). */
export const AD_GENERIC_MAPPING = {
  read: AdRight.readControl | AdRight.listChildren | AdRight.readProperty | AdRight.listObject,
  write: AdRight.readControl | AdRight.selfWrite | AdRight.writeProperty,
  execute: AdRight.readControl | AdRight.listChildren,
  all: AD_FULL_CONTROL,
} as const;

/** Replaces the generic bits of a mask by the specific rights they stand for. */
export function mapGenericRights(mask: number): number {
  let mapped = mask & 0x0fffffff;
  if (mask & AdRight.genericRead) mapped |= AD_GENERIC_MAPPING.read;
  if (mask & AdRight.genericWrite) mapped |= AD_GENERIC_MAPPING.write;
  if (mask & AdRight.genericExecute) mapped |= AD_GENERIC_MAPPING.execute;
  if (mask & AdRight.genericAll) mapped |= AD_GENERIC_MAPPING.all;
  return mapped >>> 0;
}

/** SECURITY_DESCRIPTOR control bits (MS-DTYP 2.4.6). */
export const SdControl = {
  ownerDefaulted: 0x0001,
  groupDefaulted: 0x0002,
  daclPresent: 0x0004,
  daclDefaulted: 0x0008,
  saclPresent: 0x0010,
  saclDefaulted: 0x0020,
  daclTrusted: 0x0040,
  serverSecurity: 0x0080,
  daclAutoInheritRequired: 0x0100,
  saclAutoInheritRequired: 0x0200,
  daclAutoInherited: 0x0400,
  saclAutoInherited: 0x0800,
  daclProtected: 0x1000,
  saclProtected: 0x2000,
  rmControlValid: 0x4000,
  selfRelative: 0x8000,
} as const;

/** ACE flags (MS-DTYP 2.4.4.1). */
export const AceFlag = {
  objectInherit: 0x01, // OI
  containerInherit: 0x02, // CI
  noPropagateInherit: 0x04, // NP
  inheritOnly: 0x08, // IO
  inherited: 0x10, // ID
  successfulAccess: 0x40, // SA
  failedAccess: 0x80, // FA
} as const;
