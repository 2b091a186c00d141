import type { Guid } from './guid';
import type { Sid } from './sid';

/** ACE type numbers (MS-DTYP 2.4.4.1, AceType). */
export const AceTypeCode = {
  accessAllowed: 0x00,
  accessDenied: 0x01,
  systemAudit: 0x02,
  systemAlarm: 0x03,
  accessAllowedObject: 0x05,
  accessDeniedObject: 0x06,
  systemAuditObject: 0x07,
  systemAlarmObject: 0x08,
  systemMandatoryLabel: 0x11,
  systemScopedPolicyId: 0x13,
} as const;

/** ACE types whose body is AccessMask + SID (MS-DTYP 2.4.4.2 and following). */
export type BasicAceKind =
  | 'access-allowed'
  | 'access-denied'
  | 'system-audit'
  | 'system-alarm'
  | 'system-mandatory-label'
  | 'system-scoped-policy-id';

/** ACE types whose body is AccessMask + Flags + [ObjectType] + [InheritedObjectType] + SID (MS-DTYP 2.4.4.3). */
export type ObjectAceKind =
  'access-allowed-object' | 'access-denied-object' | 'system-audit-object' | 'system-alarm-object';

export const BASIC_ACE_KINDS: Readonly<Record<number, BasicAceKind>> = {
  [AceTypeCode.accessAllowed]: 'access-allowed',
  [AceTypeCode.accessDenied]: 'access-denied',
  [AceTypeCode.systemAudit]: 'system-audit',
  [AceTypeCode.systemAlarm]: 'system-alarm',
  [AceTypeCode.systemMandatoryLabel]: 'system-mandatory-label',
  [AceTypeCode.systemScopedPolicyId]: 'system-scoped-policy-id',
};

export const OBJECT_ACE_KINDS: Readonly<Record<number, ObjectAceKind>> = {
  [AceTypeCode.accessAllowedObject]: 'access-allowed-object',
  [AceTypeCode.accessDeniedObject]: 'access-denied-object',
  [AceTypeCode.systemAuditObject]: 'system-audit-object',
  [AceTypeCode.systemAlarmObject]: 'system-alarm-object',
};

export const ACE_TYPE_OF_KIND: Readonly<Record<BasicAceKind | ObjectAceKind, number>> = {
  'access-allowed': AceTypeCode.accessAllowed,
  'access-denied': AceTypeCode.accessDenied,
  'system-audit': AceTypeCode.systemAudit,
  'system-alarm': AceTypeCode.systemAlarm,
  'system-mandatory-label': AceTypeCode.systemMandatoryLabel,
  'system-scoped-policy-id': AceTypeCode.systemScopedPolicyId,
  'access-allowed-object': AceTypeCode.accessAllowedObject,
  'access-denied-object': AceTypeCode.accessDeniedObject,
  'system-audit-object': AceTypeCode.systemAuditObject,
  'system-alarm-object': AceTypeCode.systemAlarmObject,
};

interface AceCommon {
  /** AceFlags (MS-DTYP 2.4.4.1): OI CI NP IO ID SA FA. */
  readonly flags: number;
  /**
   * Bytes inside AceSize after the SID (padding some writers leave). Kept so that a
   * round trip is byte-exact; absent when there are none.
   */
  readonly padding?: Uint8Array;
}

export interface BasicAce extends AceCommon {
  readonly kind: BasicAceKind;
  readonly mask: number;
  readonly sid: Sid;
}

export interface ObjectAce extends AceCommon {
  readonly kind: ObjectAceKind;
  readonly mask: number;
  /** The property, property set, extended right, validated write or class this ACE is about; null = all. */
  readonly objectType: Guid | null;
  /** The class of descendant objects the ACE is inherited by; null = all. */
  readonly inheritedObjectType: Guid | null;
  readonly sid: Sid;
  /** Bits of the object Flags field other than the two presence bits (normally 0; kept for round trips). */
  readonly reservedObjectFlags?: number;
}

/** An ACE this kernel does not interpret (callback, conditional, resource attribute, unknown): kept byte for byte. */
export interface OpaqueAce extends AceCommon {
  readonly kind: 'opaque';
  readonly aceType: number;
  /** Everything after the 4-byte ACE header. */
  readonly body: Uint8Array;
}

export type Ace = BasicAce | ObjectAce | OpaqueAce;

export interface Acl {
  /** AclRevision: 2 (ACL_REVISION) or 4 (ACL_REVISION_DS, needed for object ACEs). */
  readonly revision: number;
  readonly aces: readonly Ace[];
  /** Bytes inside AclSize after the last ACE (kept for round trips; normally absent). */
  readonly padding?: Uint8Array;
  /** Sbz1 and Sbz2 (reserved, normally 0; kept for round trips). */
  readonly sbz1?: number;
  readonly sbz2?: number;
}

/** Where each part sat in the buffer the descriptor was read from: lets the serialiser reproduce it. */
export interface SdLayout {
  readonly source: Uint8Array;
  readonly ownerOffset: number;
  readonly groupOffset: number;
  readonly saclOffset: number;
  readonly daclOffset: number;
}

/** A self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6). */
export interface SecurityDescriptor {
  readonly revision: number;
  /** Sbz1, the resource-manager control byte. */
  readonly sbz1: number;
  /** Control bits (SdControl); DACL/SACL presence lives here, as on the wire. */
  readonly control: number;
  readonly owner: Sid | null;
  readonly group: Sid | null;
  readonly sacl: Acl | null;
  readonly dacl: Acl | null;
  /** Set by the parser; the serialiser reuses the original placement when the parts still fit. */
  readonly layout?: SdLayout;
}

export function isObjectAce(ace: Ace): ace is ObjectAce {
  return (
    ace.kind === 'access-allowed-object' ||
    ace.kind === 'access-denied-object' ||
    ace.kind === 'system-audit-object' ||
    ace.kind === 'system-alarm-object'
  );
}

export function isAllowAce(ace: Ace): boolean {
  return ace.kind === 'access-allowed' || ace.kind === 'access-allowed-object';
}

export function isDenyAce(ace: Ace): boolean {
  return ace.kind === 'access-denied' || ace.kind === 'access-denied-object';
}
