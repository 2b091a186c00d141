/**
 * The verdict for one user: can the connector do what writeback does (Reset password, Write
 * lockoutTime, Write pwdLastSet), would the minimum password age refuse a reset now, and
 * which account conditions make writeback fail or surprise. Pure: everything it needs about
 * the domain is in the ReadinessContext, read once before the scan.
 */
import type { BlockerReason } from '../../shared/checks';
import {
  AceFlag,
  EVERYONE_SID,
  evaluateAccess,
  PRINCIPAL_SELF_SID,
  SdControl,
  WritebackGuid,
  type AccessRequest,
  type AccessToken,
  type AccessVerdict,
  type Ace,
  type NameResolver,
  type PropertySetMap,
} from '../../shared/sd';
import { Fix, Reason } from './reasons';
import { fromFileTime, TICKS_PER_DAY, toFileTime, Uac, type UserRecord } from './user-record';

/** A minimum password age that applies to some users, and where it is set. */
export interface MinimumAge {
  /** Positive count of 100-ns ticks (minPwdAge and msDS-MinimumPasswordAge are stored negative). */
  readonly ticks: bigint;
  /** "the domain password policy" or `the PSO "<name>"`. */
  readonly source: string;
  readonly fix: string;
}

export interface ReadinessContext {
  /** The connector account's token: its SID and tokenGroups. */
  readonly token: AccessToken;
  readonly connectorName: string;
  /** Attribute schemaIDGUID → property set, from the live schema. */
  readonly schema?: PropertySetMap;
  readonly resolver?: NameResolver;
  /** The domain's minimum password age (minPwdAge). */
  readonly domainMinimumAge: MinimumAge;
  /** PSO DN (lower case) → its minimum age. A user whose resultant PSO is unknown falls back to the domain's. */
  readonly psoMinimumAges: ReadonlyMap<string, MinimumAge>;
  /** DN (lower case) of each user that is a transitive member of a protected group → that group's name. */
  readonly protectedMembers: ReadonlyMap<string, string>;
  /** Where an inherited ACE was set: the DN of the nearest ancestor holding it explicitly. */
  readonly originOf?: (userDn: string, ace: Ace) => string | undefined;
  /** Now, in ms (fixed for one scan so that verdicts agree with each other). */
  readonly now: number;
}

/** The three writes writeback makes on a user (docs/domain-facts.md §1). */
const WRITES: readonly { readonly name: string; readonly request: AccessRequest }[] = [
  {
    name: 'Reset password',
    request: { kind: 'control-access', rightGuid: WritebackGuid.resetPassword },
  },
  {
    name: 'Write lockoutTime',
    request: { kind: 'write-property', attributeGuid: WritebackGuid.lockoutTime },
  },
  {
    name: 'Write pwdLastSet',
    request: { kind: 'write-property', attributeGuid: WritebackGuid.pwdLastSet },
  },
];

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

function listRights(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

/** Refused writes grouped by cause: one reason per cause, naming every right it refuses. */
function accessReasons(
  user: UserRecord,
  sd: Uint8Array,
  context: ReadinessContext,
): BlockerReason[] {
  const refused: { name: string; verdict: AccessVerdict }[] = [];
  for (const write of WRITES) {
    const verdict = evaluateAccess({
      token: context.token,
      sd,
      objectClassGuid: WritebackGuid.userClass,
      schema: context.schema,
      request: write.request,
      objectSid: user.objectSid,
      resolver: context.resolver,
    });
    if (!verdict.granted) refused.push({ name: write.name, verdict });
  }
  if (refused.length === 0) return [];

  const reasons: BlockerReason[] = [];
  const denied = new Map<string, { names: string[]; verdict: AccessVerdict }>();
  const ungranted: string[] = [];
  for (const { name, verdict } of refused) {
    if (verdict.decidedBy) {
      const key = `${verdict.decidedBy.index}`;
      const group = denied.get(key) ?? { names: [], verdict };
      group.names.push(name);
      denied.set(key, group);
    } else {
      ungranted.push(name);
    }
  }
  for (const { names, verdict } of denied.values()) {
    reasons.push(denyReason(user, names, verdict, context));
  }
  if (ungranted.length > 0) reasons.push(ungrantedReason(user, sd, ungranted, context));
  return reasons;
}

function denyReason(
  user: UserRecord,
  names: readonly string[],
  verdict: AccessVerdict,
  context: ReadinessContext,
): BlockerReason {
  const { ace, row } = verdict.decidedBy!;
  const principal = row.sid === context.token.userSid ? context.connectorName : row.principal;
  let where: string;
  let fixWhere: string;
  if (ace.flags & AceFlag.inherited) {
    const origin = context.originOf?.(user.dn, ace);
    where = origin ? `inherited from ${origin}` : 'inherited from a parent';
    fixWhere = origin ?? 'the parent container it is inherited from';
  } else {
    where = 'set on the user itself';
    fixWhere = 'this user';
  }
  return {
    code: Reason.denyAce.code,
    message: `A Deny entry for ${principal} ("${row.permission}", ${where}) refuses the connector ${listRights(names)}.`,
    fix: `Remove the Deny entry on ${fixWhere} (ADUC: Security, Advanced), or accept that writeback fails for the users it covers.`,
  };
}

function ungrantedReason(
  user: UserRecord,
  sd: Uint8Array,
  names: readonly string[],
  context: ReadinessContext,
): BlockerReason {
  const rights = listRights(names);
  const isProtectedDacl = sd.length >= 4 && (sd[2]! | (sd[3]! << 8)) & SdControl.daclProtected;
  if (isProtectedDacl && user.adminCount === 1) {
    const group = context.protectedMembers.get(user.dn.toLowerCase());
    if (group !== undefined) {
      return {
        code: Reason.protectedAccount.code,
        message: `Protected account: adminCount=1 and a member of ${group}. SDProp stamps AdminSDHolder's permissions on it with inheritance disabled, so the connector is not granted ${rights}.`,
        fix: Fix.protectedAccount,
      };
    }
    return {
      code: Reason.staleAdminCountBlocked.code,
      message: `adminCount=1 is left from an earlier membership of a protected group (the user is in none now), and the permissions SDProp stamped still have inheritance disabled, so the connector is not granted ${rights}.`,
      fix: `Clear adminCount on this user and enable inheritance (Permissions step: plan --enable-inheritance "${user.dn}").`,
    };
  }
  if (isProtectedDacl) {
    return {
      code: Reason.inheritanceDisabled.code,
      message: `Inheritance is disabled on this user's permissions, so the grants on the domain root never reach it: the connector is not granted ${rights}.`,
      fix: `Enable inheritance on this user (Permissions step: plan --enable-inheritance "${user.dn}").`,
    };
  }
  return {
    code: Reason.missingGrant.code,
    message: `No permission entry grants ${context.connectorName} ${rights} on this user.`,
    fix: 'Run the Permissions step (plan --steps permissions): it grants Reset password, Write lockoutTime and Write pwdLastSet on descendant User objects at the domain root.',
  };
}

function days(ticks: bigint): string {
  const d = Number(ticks) / Number(TICKS_PER_DAY);
  const text = Number.isInteger(d) ? String(d) : d.toFixed(2);
  return `${text} day${d === 1 ? '' : 's'}`;
}

/** The minimum age refuses a reset while now < pwdLastSet + age (pwdLastSet 0 = must change: no age). */
function minimumAgeReason(user: UserRecord, context: ReadinessContext): BlockerReason | undefined {
  const applies =
    (user.resultantPso !== undefined
      ? context.psoMinimumAges.get(user.resultantPso.toLowerCase())
      : undefined) ?? context.domainMinimumAge;
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
  const lockedOut =
    user.uacComputed !== undefined
      ? (user.uacComputed & Uac.lockout) !== 0
      : user.lockoutTime !== undefined && user.lockoutTime > 0n;
  if (lockedOut) {
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
    const blocked =
      user.sd !== undefined && (user.sd[2]! | (user.sd[3]! << 8)) & SdControl.daclProtected;
    if (!blocked) {
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
