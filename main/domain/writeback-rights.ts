/**
 * The one catalogue of what password writeback needs from the AD DS connector account
 * (docs/domain-facts.md §1): four rights on descendant user objects, granted on the domain root
 * (or a chosen OU) with inherit-only ACEs limited to the user class, and Unexpire Password on the
 * domain root. The Permissions step plans from it, the plan's meaning checks against it, and the
 * per-user verdict (main/readiness/user-verdict.ts) judges every user by its `judged` rights.
 */
import { WritebackGuid, type AccessRequest, type Guid } from '../../shared/sd';

/** The domainDNS class schemaIDGUID: the class of the domain root object (MS-ADSC). */
export const DOMAIN_DNS_CLASS: Guid = '19195a5b-6da0-11d0-afd3-00c04fd930c9';

export type WritebackRightId =
  | 'reset-password'
  | 'change-password'
  | 'write-lockout-time'
  | 'write-pwd-last-set'
  | 'unexpire-password';

export interface WritebackRight {
  readonly id: WritebackRightId;
  /** ADUC's words for the right. */
  readonly label: string;
  /** Where it is needed: on user objects below the root/scope, or on the domain root itself. */
  readonly on: 'descendant-users' | 'domain-root';
  readonly request: AccessRequest;
  /** SDDL right letters of the ACE to add: CR (ControlAccess) or WP (WriteProperty). */
  readonly sddlRight: 'CR' | 'WP';
  readonly objectType: Guid;
  /** dsacls permission text: `CA;Reset Password` or `WP;lockoutTime`. */
  readonly dsacls: string;
  /**
   * Judged on each user by the verdict: the writes a reset makes (the password, lockoutTime,
   * pwdLastSet). Change password is granted with them but not judged per user: the user
   * class's default ACEs give it to Everyone, and "User cannot change password" denies it to
   * Everyone without touching resets (a warning, not a blocker).
   */
  readonly judged: boolean;
}

const controlAccess = (rightGuid: Guid): AccessRequest => ({ kind: 'control-access', rightGuid });
const writeProperty = (attributeGuid: Guid): AccessRequest => ({
  kind: 'write-property',
  attributeGuid,
});

/** The rights in the order ADUC and Microsoft's tutorial list them. */
export const WRITEBACK_RIGHTS: readonly WritebackRight[] = [
  {
    id: 'reset-password',
    label: 'Reset password',
    on: 'descendant-users',
    request: controlAccess(WritebackGuid.resetPassword),
    sddlRight: 'CR',
    objectType: WritebackGuid.resetPassword,
    dsacls: 'CA;Reset Password',
    judged: true,
  },
  {
    id: 'change-password',
    label: 'Change password',
    on: 'descendant-users',
    request: controlAccess(WritebackGuid.changePassword),
    sddlRight: 'CR',
    objectType: WritebackGuid.changePassword,
    dsacls: 'CA;Change Password',
    judged: false,
  },
  {
    id: 'write-lockout-time',
    label: 'Write lockoutTime',
    on: 'descendant-users',
    request: writeProperty(WritebackGuid.lockoutTime),
    sddlRight: 'WP',
    objectType: WritebackGuid.lockoutTime,
    dsacls: 'WP;lockoutTime',
    judged: true,
  },
  {
    id: 'write-pwd-last-set',
    label: 'Write pwdLastSet',
    on: 'descendant-users',
    request: writeProperty(WritebackGuid.pwdLastSet),
    sddlRight: 'WP',
    objectType: WritebackGuid.pwdLastSet,
    dsacls: 'WP;pwdLastSet',
    judged: true,
  },
  {
    id: 'unexpire-password',
    label: 'Unexpire Password',
    on: 'domain-root',
    request: controlAccess(WritebackGuid.unexpirePassword),
    sddlRight: 'CR',
    objectType: WritebackGuid.unexpirePassword,
    dsacls: 'CA;Unexpire Password',
    judged: false,
  },
];

/**
 * The rights judged on every user (a reset's writes), in the catalogue's order. A protected
 * account needs exactly these on its own object (AdminSDHolder's DACL is copied as is).
 */
export const JUDGED_RIGHTS: readonly WritebackRight[] = WRITEBACK_RIGHTS.filter(
  (right) => right.judged,
);
export const PROTECTED_ACCOUNT_RIGHTS = JUDGED_RIGHTS;

/**
 * The SDDL of the ACE that grants `right` to `sid`:
 * - descendant users: `(OA;CIIO;CR;<right>;<user class>;<SID>)`, inherit-only, user objects only;
 * - domain root: `(OA;;CR;ccc2dc7d-…;;<SID>)`, this object only (as the default AU grant);
 * - AdminSDHolder (`thisObject`): `(OA;;CR;<right>;;<SID>)`, so SDProp stamps it on protected users.
 */
export function grantSddl(
  right: WritebackRight,
  sid: string,
  form: 'descendant-users' | 'this-object',
): string {
  if (form === 'descendant-users')
    return `(OA;CIIO;${right.sddlRight};${right.objectType};${WritebackGuid.userClass};${sid})`;
  return `(OA;;${right.sddlRight};${right.objectType};;${sid})`;
}
