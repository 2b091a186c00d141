/** SDDL (MS-DTYP 2.5.1) both ways: written as Windows (or Samba) prints it, read as Windows reads it. */
export { aceToSddl, rightsToSddl, toSddl, type SddlWriteOptions } from './sddl-write';
export { fromSddl } from './sddl-read';
export type { SddlStyle } from './sddl-codes';
