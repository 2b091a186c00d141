/**
 * Why writeback would fail, or behave unexpectedly, for one user (docs/domain-facts.md §2, §3).
 * Every reason has a stable code and a severity that is explicit here, once:
 * - `blocker`: writeback will fail for this user today (the DC refuses the connector's
 *   write, or the password policy refuses the reset, or the service refuses the account);
 * - `warning`: writeback works but behaves in a way the admin may not expect.
 * The codes are the report's vocabulary (JSON `reasons[].code`, CSV, HTML filter).
 */
import { field } from '../../shared/fields';

export type ReasonSeverity = 'blocker' | 'warning';

export interface ReasonKind {
  readonly code: string;
  readonly severity: ReasonSeverity;
  /** The cause in a few words: the summary's bar label. */
  readonly label: string;
}

const kind = (code: string, severity: ReasonSeverity, label: string): ReasonKind => ({
  code,
  severity,
  label,
});

/** The catalogue. Order = order in summaries (blockers first, most common causes first). */
export const Reason = {
  /** The user's DACL is protected: the domain-root grants are never inherited (event 33004). */
  inheritanceDisabled: kind('inheritance-disabled', 'blocker', 'Inheritance disabled'),
  /**
   * An OU (or container) between the user and where the grant is made has inheritance disabled:
   * the grant never reaches the user, though the user's own DACL inherits.
   */
  inheritanceDisabledAbove: kind(
    'inheritance-disabled-above',
    'blocker',
    'Inheritance disabled on an OU above',
  ),
  /** adminCount=1 and a member of a protected group: SDProp re-stamps AdminSDHolder's DACL. */
  protectedAccount: kind('protected-account', 'blocker', 'Protected account (adminCount=1)'),
  /** adminCount=1 left behind, no longer in a protected group, DACL still protected. */
  staleAdminCountBlocked: kind(
    'stale-admin-count-inheritance',
    'blocker',
    'Stale adminCount, inheritance still disabled',
  ),
  /** An explicit Deny ACE decides against the connector. */
  denyAce: kind('deny-ace', 'blocker', 'Deny entry'),
  /** No ACE grants the right to the connector's token. */
  missingGrant: kind('missing-grant', 'blocker', 'Connector not granted'),
  /** The minimum password age that applies refuses a reset now (event 33008). */
  minimumPasswordAge: kind('minimum-password-age', 'blocker', 'Minimum password age'),
  /** Writeback refuses disabled accounts (event 33005). */
  accountDisabled: kind('account-disabled', 'blocker', 'Account disabled'),

  /** Locked out: a reset works, unlocking depends on the SSPR unlock setting. */
  lockedOut: kind('locked-out', 'warning', 'Locked out'),
  /** "User cannot change password" (Deny Change Password for Everyone / SELF). */
  cannotChangePassword: kind('cannot-change-password', 'warning', 'User cannot change password'),
  /** "Password never expires" with "must change password at next logon" (pwdLastSet=0). */
  neverExpiresMustChange: kind(
    'never-expires-must-change',
    'warning',
    'Never expires + must change at next logon',
  ),
  /** adminCount=1 but in no protected group (DACL inherits again): harmless today, misleading. */
  staleAdminCount: kind('stale-admin-count', 'warning', 'Stale adminCount'),
} as const;

export type ReasonCode = (typeof Reason)[keyof typeof Reason]['code'];

export const REASON_KINDS: readonly ReasonKind[] = Object.values(Reason);

const byCode = new Map<string, ReasonKind>(REASON_KINDS.map((k) => [k.code, k]));

export function reasonKind(code: string): ReasonKind | undefined {
  return byCode.get(code);
}

/** The causes about the connector's access: what the Permissions step's changes can move. */
export const ACCESS_REASON_CODES: ReadonlySet<string> = new Set([
  Reason.inheritanceDisabled.code,
  Reason.inheritanceDisabledAbove.code,
  Reason.protectedAccount.code,
  Reason.staleAdminCountBlocked.code,
  Reason.denyAce.code,
  Reason.missingGrant.code,
]);

/** The causes whose fix is enabling inheritance on the user itself (the opt-in's "all"). */
export const ENABLE_INHERITANCE_CODES: ReadonlySet<string> = new Set([
  Reason.inheritanceDisabled.code,
  Reason.staleAdminCountBlocked.code,
]);

export function isBlockerCode(code: string): boolean {
  return byCode.get(code)?.severity === 'blocker';
}

/** Fixes that do not depend on the user: shared strings (kept once in memory). */
export const Fix = {
  protectedAccount: `Microsoft does not support resetting protected accounts (members of Domain Admins, Administrators and other protected groups) through writeback, by design: SDProp re-applies the AdminSDHolder permissions every 60 minutes. Give the admin a separate, unprivileged cloud account for SSPR; a grant on AdminSDHolder (plan ${field('includeAdminSdHolder')}) is possible but Microsoft does not recommend it.`,
  accountDisabled:
    'Enable the account if this user should reset their password in the cloud; otherwise nothing to do (writeback refuses disabled accounts, event 33005).',
  lockedOut:
    'A reset from the cloud works; the account is unlocked only if "Allow users to unlock accounts without resetting their password" is on in Entra ID (Password reset, On-premises integration) or the reset writes lockoutTime.',
  cannotChangePassword:
    'Expected if this account must not change its own password (service accounts): a self-service reset through the connector still works. Otherwise clear "User cannot change password" in ADUC (Account tab).',
  neverExpiresMustChange:
    '"User must change password at next logon" is not synced for accounts whose password never expires: clear one of the two flags on this user.',
  staleAdminCount:
    'The user is in no protected group any more: clear adminCount (set it to not set) so the account no longer looks protected.',
} as const;
