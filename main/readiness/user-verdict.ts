/**
 * The one verdict engine: for one user, can the connector do what writeback does (the judged
 * rights of main/domain/writeback-rights.ts), would the minimum password age refuse a reset now,
 * and which account conditions make writeback fail or surprise. `writeback assess`, the app's
 * blockers table and the Permissions step's "who it will still fail for" (after-plan.ts) are
 * all this function's answers. Pure: everything it needs about the domain is in the
 * ReadinessContext, built once from the domain model (verdict-context.ts).
 */
import type { BlockerReason } from '../../shared/checks';
import {
  EVERYONE_SID,
  evaluateAccess,
  PRINCIPAL_SELF_SID,
  WritebackGuid,
  type AccessRequest,
  type AccessToken,
  type Ace,
  type NameResolver,
  type PropertySetMap,
} from '../../shared/sd';
import type { MinimumAge } from '../domain/password-policy';
import { accessReasons, isProtectedDacl } from './access-reasons';
import { Fix, Reason } from './reasons';
import { fromFileTime, TICKS_PER_DAY, toFileTime, Uac, type UserRecord } from './user-record';

export type { MinimumAge };

/** The password policy as it applies to one user (domain, or the user's PSO). */
export interface UserPolicy {
  minimumAgeFor(user: UserRecord): MinimumAge;
  /** UF_LOCKOUT at `now` (a FILETIME), as msDS-User-Account-Control-Computed would carry it. */
  isLockedOut(user: UserRecord, now: bigint): boolean;
}

/** What the containers above a user say (main/domain/containers.ts). */
export interface TreeFacts {
  /** Where an inherited Deny ACE on the object was set: the nearest container holding it. */
  denyOrigin(dn: string, ace: Ace): string | undefined;
  /** The container with inheritance disabled nearest to `dn`, strictly below `scope`. */
  inheritanceBreakBetween(dn: string, scope: string): string | undefined;
}

export interface ReadinessContext {
  /** The connector account's token: its SID and tokenGroups. */
  readonly token: AccessToken;
  readonly connectorName: string;
  /** Attribute schemaIDGUID → property set, from the live schema. */
  readonly schema?: PropertySetMap;
  readonly resolver?: NameResolver;
  readonly policy: UserPolicy;
  /** DN (lower case) of each user that is a protected account (adminCount=1) → why. */
  readonly protectedMembers: ReadonlyMap<string, string>;
  readonly tree?: TreeFacts;
  /**
   * Where the Permissions step grants: the domain root, or the OUs chosen as scopes. A user's
   * grant comes from the nearest one above it.
   */
  readonly grantScopes: readonly string[];
  /** Now, in ms (fixed for one scan so that verdicts agree with each other). */
  readonly now: number;
}

const CHANGE_PASSWORD: AccessRequest = {
  kind: 'control-access',
  rightGuid: WritebackGuid.changePassword,
};

/** Every reason (blockers and warnings) that applies to this user, blockers first. */
export function judgeUser(user: UserRecord, context: ReadinessContext): BlockerReason[] {
  const reasons: BlockerReason[] = [];
  if (user.sd !== undefined) reasons.push(...accessReasons(user, user.sd, context));
  const age = minimumAgeReason(user, context);
  if (age) reasons.push(age);
  if (user.userAccountControl & Uac.accountDisable) {
    reasons.push({
      code: Reason.accountDisabled.code,
      message:
        'The account is disabled: writeback refuses to reset the password of a disabled account.',
      fix: Fix.accountDisabled,
    });
  }
  reasons.push(...conditionWarnings(user, context));
  return reasons;
}

function days(ticks: bigint): string {
  const d = Number(ticks) / Number(TICKS_PER_DAY);
  const text = Number.isInteger(d) ? String(d) : d.toFixed(2);
  return `${text} day${d === 1 ? '' : 's'}`;
}

/** The minimum age refuses a reset while now < pwdLastSet + age (pwdLastSet 0 = must change: no age). */
function minimumAgeReason(user: UserRecord, context: ReadinessContext): BlockerReason | undefined {
  const applies = context.policy.minimumAgeFor(user);
  if (applies.ticks <= 0n || user.pwdLastSet === undefined || user.pwdLastSet <= 0n) return;
  const allowedFrom = user.pwdLastSet + applies.ticks;
  if (toFileTime(context.now) >= allowedFrom) return;
  const lastSet = new Date(fromFileTime(user.pwdLastSet)).toISOString();
  const until = new Date(fromFileTime(allowedFrom)).toISOString();
  return {
    code: Reason.minimumPasswordAge.code,
    message: `The password was set ${lastSet}; the minimum password age of ${days(applies.ticks)} (${applies.source}) refuses a reset until ${until} (event 33008).`,
    fix: applies.fix,
  };
}

function conditionWarnings(user: UserRecord, context: ReadinessContext): BlockerReason[] {
  const warnings: BlockerReason[] = [];
  if (context.policy.isLockedOut(user, toFileTime(context.now))) {
    warnings.push({
      code: Reason.lockedOut.code,
      message: 'The account is locked out.',
      fix: Fix.lockedOut,
    });
  }
  if (
    user.sd !== undefined &&
    user.objectSid !== undefined &&
    cannotChangePassword(user, context)
  ) {
    warnings.push({
      code: Reason.cannotChangePassword.code,
      message:
        '"User cannot change password" is set (Deny Change password for Everyone or SELF): the user cannot change the password themselves; resets through the connector are not affected.',
      fix: Fix.cannotChangePassword,
    });
  }
  if (user.userAccountControl & Uac.dontExpirePassword && user.pwdLastSet === 0n) {
    warnings.push({
      code: Reason.neverExpiresMustChange.code,
      message:
        '"Password never expires" and "User must change password at next logon" are both set: the must-change flag is not synced to the cloud for such accounts.',
      fix: Fix.neverExpiresMustChange,
    });
  }
  if (user.adminCount === 1 && !context.protectedMembers.has(user.dn.toLowerCase())) {
    if (!(user.sd !== undefined && isProtectedDacl(user.sd))) {
      warnings.push({
        code: Reason.staleAdminCount.code,
        message:
          'adminCount=1 but the user is in no protected group: the account looks protected to tools and to SDProp reports.',
        fix: Fix.staleAdminCount,
      });
    }
  }
  return warnings;
}

/**
 * ADUC's "User cannot change password" is two Deny Change Password ACEs, for Everyone and
 * SELF. The user's own token (its SID, Everyone, Authenticated Users) is denied by them.
 */
function cannotChangePassword(user: UserRecord, context: ReadinessContext): boolean {
  const verdict = evaluateAccess({
    token: { userSid: user.objectSid!, groupSids: [] },
    sd: user.sd!,
    objectClassGuid: WritebackGuid.userClass,
    schema: context.schema,
    request: CHANGE_PASSWORD,
    objectSid: user.objectSid,
  });
  if (verdict.granted || !verdict.decidedBy) return false;
  const sid = verdict.decidedBy.ace.kind === 'opaque' ? undefined : verdict.decidedBy.ace.sid;
  return sid === EVERYONE_SID || sid === PRINCIPAL_SELF_SID;
}
