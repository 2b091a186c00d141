/**
 * The operations this step plans. They follow the plan contract's `security-descriptor` kind
 * (shared/plan/operation.ts): DN target, before/after SD bytes (DACL only) and SDDL,
 * the DACL diff in ADUC's words, the equivalent dsacls command, and a fingerprint of the
 * exact bytes the plan was computed from. Nothing here is secret.
 */
import { createHash } from 'node:crypto';
import type { SecurityDescriptorOperation as PlanSdOperation } from '../../../shared/plan';
import type { AceRow } from '../../../shared/sd';
import { securityDescriptorOperation } from '../../operations/security-descriptor';

/** An ACE row as plain JSON (what the plan file and the app show). */
export interface AceRowView {
  readonly type: AceRow['type'];
  readonly principal: string;
  readonly permission: string;
  readonly appliesTo: string;
  readonly inherited: boolean;
  readonly sddl: string;
}

export interface SecurityDescriptorImage {
  /** nTSecurityDescriptor as read/written with the SD flags control DACL (4), base64. */
  readonly sdBase64: string;
  readonly sddl: string;
  /** Inheritance from the parent: enabled, or disabled (SE_DACL_PROTECTED). */
  readonly inheritance: 'enabled' | 'disabled';
}

export interface PermissionsChange {
  readonly kind: 'security-descriptor';
  readonly step: 'permissions';
  /** The object whose DACL changes. */
  readonly target: string;
  /** One line in the admin's words. */
  readonly summary: string;
  /** Opt-in operations are planned only when the admin asked (--include-adminsdholder, --enable-inheritance). */
  readonly optIn: boolean;
  readonly before: SecurityDescriptorImage;
  readonly after: SecurityDescriptorImage;
  readonly diff: {
    readonly added: readonly AceRowView[];
    readonly removed: readonly AceRowView[];
    /** "Inheritance: disabled → enabled" when the protected flag changes. */
    readonly inheritance?: string;
  };
  /** The same change with dsacls, for admins who prefer to run it themselves. */
  readonly commands: readonly string[];
  /** SD flags the write uses: DACL only (4), so no SACL privilege is needed. */
  readonly sdFlags: 4;
  /** sha256 (hex) of the exact before bytes: apply refuses when the target no longer has them. */
  readonly fingerprint: string;
}

export function toRowView(row: AceRow): AceRowView {
  return {
    type: row.type,
    principal: row.principal,
    permission: row.permission,
    appliesTo: row.appliesTo,
    inherited: row.inherited,
    sddl: row.sddl,
  };
}

export function fingerprintOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * The plan file's `security-descriptor` operation (shared/plan) for a change: the engine
 * applies it through its adapter; the ADUC rows and dsacls commands stay in the step's view
 * (describeChange renders them again from the operation for `show`).
 */
export function toPlanOperation(
  change: PermissionsChange,
  domainSid: string,
  principals: Readonly<Record<string, string>> = {},
): PlanSdOperation {
  return securityDescriptorOperation({
    step: 'permissions',
    summary: change.summary.length > 300 ? change.summary.slice(0, 297) + '...' : change.summary,
    optIn: change.optIn,
    equivalentCommand: change.commands.join('\n'),
    dn: change.target,
    domainSid,
    ...(Object.keys(principals).length > 0 ? { principals } : {}),
    before: { bytes: fromBase64(change.before.sdBase64), sddl: change.before.sddl },
    after: { bytes: fromBase64(change.after.sdBase64), sddl: change.after.sddl },
  });
}
