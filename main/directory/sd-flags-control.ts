/**
 * LDAP_SERVER_SD_FLAGS_OID (MS-ADTS 3.1.1.3.4.1.11): which parts of nTSecurityDescriptor a
 * search returns or a modify replaces. With DACL only, no SACL privilege is needed and the
 * owner, group and SACL are left as they are.
 */
import { BerWriter, Control } from 'ldapts';
import type { ControlOptions } from 'ldapts';

/** SECURITY_INFORMATION bits (MS-DTYP 2.4.7) the control takes. */
export const SdFlags = {
  OWNER: 0x1,
  GROUP: 0x2,
  DACL: 0x4,
  SACL: 0x8,
} as const;

const allFlags = SdFlags.OWNER | SdFlags.GROUP | SdFlags.DACL | SdFlags.SACL;

export class SdFlagsControl extends Control {
  static readonly type = '1.2.840.113556.1.4.801';

  /** The SECURITY_INFORMATION bits (SdFlags) asked for. */
  readonly flags: number;

  /**
   * @param flags SdFlags OR'ed together, e.g. `SdFlags.DACL` to write only the DACL.
   * @param options criticality: true (the default) so a server that ignores the control
   *   fails the request instead of silently replacing the whole descriptor.
   */
  constructor(flags: number, options: ControlOptions = {}) {
    super(SdFlagsControl.type, { critical: true, ...options });
    if (!Number.isInteger(flags) || flags <= 0 || (flags & ~allFlags) !== 0) {
      throw new RangeError(
        `SD flags must be a non-empty combination of OWNER|GROUP|DACL|SACL (1-15), got ${flags}`,
      );
    }
    this.flags = flags;
  }

  /** controlValue: the BER of SDFlagsRequestValue ::= SEQUENCE { Flags INTEGER }, as an OCTET STRING. */
  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(this.flags);
    value.endSequence();
    writer.writeBuffer(value.buffer, 0x04);
  }
}
