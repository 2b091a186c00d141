/**
 * Why the connector may not make writeback's writes on one user, one reason per cause: a Deny
 * entry (named with where it was set), or no grant, explained by what keeps the grant away (a
 * protected account, inheritance disabled on the user or on an OU between the user and where
 * the Permissions step grants, or simply no grant yet). The rights judged are the catalogue's
 * (main/domain/writeback-rights.ts).
 */
import type { BlockerReason } from '../../shared/checks';
import { field } from '../../shared/fields';
import {
  AceFlag,
  evaluateAccess,
  SdControl,
  WritebackGuid,
  type AccessVerdict,
} from '../../shared/sd';
import { isWithin } from '../domain/dn';
import { JUDGED_RIGHTS } from '../domain/writeback-rights';
import { Fix, Reason } from './reasons';
import type { UserRecord } from './user-record';
import type { ReadinessContext } from './user-verdict';

/** Inheritance disabled on this DACL (SE_DACL_PROTECTED). */
export const isProtectedDacl = (sd: Uint8Array): boolean =>
  // SECURITY_DESCRIPTOR_RELATIVE.Control: the little-endian WORD at offset 2 (MS-DTYP 2.4.6).
  sd.length >= 4 && ((sd[2]! | (sd[3]! << 8)) & SdControl.daclProtected) !== 0;

function listRights(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

/** Refused writes grouped by cause: one reason per cause, naming every right it refuses. */
export function accessReasons(
  user: UserRecord,
  sd: Uint8Array,
  context: ReadinessContext,
): BlockerReason[] {
  const denied = new Map<number, { names: string[]; verdict: AccessVerdict }>();
  const ungranted: string[] = [];
  for (const right of JUDGED_RIGHTS) {
    const verdict = evaluateAccess({
      token: context.token,
      sd,
      objectClassGuid: WritebackGuid.userClass,
      schema: context.schema,
      request: right.request,
      objectSid: user.objectSid,
      resolver: context.resolver,
    });
    if (verdict.granted) continue;
    if (!verdict.decidedBy) {
      ungranted.push(right.label);
      continue;
    }
    const group = denied.get(verdict.decidedBy.index) ?? { names: [], verdict };
    group.names.push(right.label);
    denied.set(verdict.decidedBy.index, group);
  }
  const reasons: BlockerReason[] = [];
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
    const origin = context.tree?.denyOrigin(user.dn, ace);
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

/** The grant scope a user's grant comes from: the nearest scope above it. */
function grantScopeOf(dn: string, scopes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const scope of scopes)
    if (isWithin(dn, scope) && (best === undefined || scope.length > best.length)) best = scope;
  return best;
}

function ungrantedReason(
  user: UserRecord,
  sd: Uint8Array,
  names: readonly string[],
  context: ReadinessContext,
): BlockerReason {
  const rights = listRights(names);
  const protectedDacl = isProtectedDacl(sd);
  const group =
    user.adminCount === 1 ? context.protectedMembers.get(user.dn.toLowerCase()) : undefined;
  if (group !== undefined) {
    // "itself (Administrator, …)" for the built-in protected accounts, else the group.
    const why = group.startsWith('itself') ? `protected ${group}` : `a member of ${group}`;
    return {
      code: Reason.protectedAccount.code,
      message: protectedDacl
        ? `Protected account: adminCount=1 and ${why}. SDProp stamps AdminSDHolder's permissions on it with inheritance disabled, so the connector is not granted ${rights}.`
        : `Protected account: adminCount=1 and ${why}. Its permissions still inherit today, but SDProp replaces them with AdminSDHolder's (inheritance disabled) at its next run, so a grant from above would not last: the connector is not granted ${rights}.`,
      fix: Fix.protectedAccount,
    };
  }
  if (protectedDacl && user.adminCount === 1) {
    return {
      code: Reason.staleAdminCountBlocked.code,
      message: `adminCount=1 is left from an earlier membership of a protected group (the user is in none now), and the permissions SDProp stamped still have inheritance disabled, so the connector is not granted ${rights}.`,
      fix: `Clear adminCount on this user and enable inheritance (Permissions step: plan ${field('enableInheritance', `"${user.dn}"`)}).`,
    };
  }
  if (protectedDacl) {
    return {
      code: Reason.inheritanceDisabled.code,
      message: `Inheritance is disabled on this user's permissions, so the grants on the domain root never reach it: the connector is not granted ${rights}.`,
      fix: `Enable inheritance on this user (Permissions step: plan ${field('enableInheritance', `"${user.dn}"`)}).`,
    };
  }
  const scope = grantScopeOf(user.dn, context.grantScopes);
  const blocked = scope && context.tree?.inheritanceBreakBetween(user.dn, scope);
  if (scope && blocked) {
    return {
      code: Reason.inheritanceDisabledAbove.code,
      message: `Inheritance is disabled on ${blocked}, above this user, so a grant on ${scope} never reaches it: the connector is not granted ${rights}.`,
      fix: `Grant the rights on ${blocked} too (Permissions step: plan ${field('scope', `"${scope}"`)} ${field('scope', `"${blocked}"`)}), or enable inheritance on ${blocked} if its permissions should follow ${scope}'s (ADUC: Security, Advanced).`,
    };
  }
  return {
    code: Reason.missingGrant.code,
    message: `No permission entry grants ${context.connectorName} ${rights} on this user.`,
    fix: `Run the Permissions step (plan ${field('steps', 'permissions')}): it grants Reset password, Write lockoutTime and Write pwdLastSet on descendant User objects at the domain root.`,
  };
}
