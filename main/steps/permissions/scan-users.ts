/**
 * Who writeback will still fail for after the grant (docs/domain-facts.md §2): protected accounts
 * (adminCount=1, stamped from AdminSDHolder), users with inheritance disabled, and users
 * whose Deny ACEs decide against the connector, naming the OU or object carrying the Deny.
 * Streams: one user at a time, only findings are kept.
 */
import {
  AceFlag,
  evaluateAccess,
  isDenyAce,
  isObjectAce,
  parseSecurityDescriptor,
  SdControl,
  WritebackGuid,
  type AccessToken,
  type Ace,
  type AceRow,
  type NameResolver,
  type PropertySetMap,
} from '../../../shared/sd';
import { toRowView, type AceRowView } from './operation';
import { WRITEBACK_RIGHTS, type WritebackRight } from './writeback-rights';

/** A user object as the scan reads it (nTSecurityDescriptor with the DACL only). */
export interface UserSecurityEntry {
  readonly dn: string;
  readonly sAMAccountName: string;
  readonly adminCount: boolean;
  readonly sd: Uint8Array;
  readonly objectSid?: string;
}

/** A container (OU, container, domain) and its DACL. */
export interface ContainerSecurityEntry {
  readonly dn: string;
  readonly sd: Uint8Array;
}

/** An explicit Deny ACE on a container that reaches user objects below it. */
export interface DenyCarrier {
  readonly dn: string;
  readonly right: string;
  readonly ace: AceRowView;
}

export type UserFindingKind = 'protected-account' | 'inheritance-disabled' | 'denied';

export interface UserFinding {
  readonly kind: UserFindingKind;
  readonly dn: string;
  readonly sAMAccountName: string;
  readonly message: string;
  readonly fix: string;
  /** For 'denied': the right, the Deny ACE and the object carrying it. */
  readonly denied?: { readonly right: string; readonly ace: AceRowView; readonly carrier: string };
}

export interface ScanContext {
  readonly token: AccessToken;
  readonly schema?: PropertySetMap;
  readonly resolver?: NameResolver;
  /** Where the grant is planned (domain root or --scope), for the messages. */
  readonly scopeDn: string;
}

const DESCENDANT_RIGHTS: readonly WritebackRight[] = WRITEBACK_RIGHTS.filter(
  (right) => right.on === 'descendant-users',
);

const PROTECTED_MESSAGE =
  'Protected account (adminCount=1): SDProp re-stamps its permissions from AdminSDHolder every 60 minutes, with inheritance disabled. Microsoft: resetting protected accounts through password writeback is unsupported by design.';
const PROTECTED_FIX =
  'Keep on-premises password management for it. If it is no longer in any protected group (stale adminCount), clear adminCount and enable inheritance (--enable-inheritance). A grant on AdminSDHolder (--include-adminsdholder) is possible but Microsoft calls it not recommended.';

function sameDenyTarget(a: Ace, b: Ace): boolean {
  if (a.kind === 'opaque' || b.kind === 'opaque') return false;
  const type = (ace: Ace) => (isObjectAce(ace) ? ace.objectType : null);
  return (
    a.sid === b.sid && a.mask === b.mask && type(a) === type(b) && isDenyAce(a) === isDenyAce(b)
  );
}

/**
 * Explicit Deny ACEs on containers that would deny a writeback right to the connector on
 * user objects below (evaluated as a descendant user would inherit them).
 */
export async function* findDenyCarriers(
  containers: AsyncIterable<ContainerSecurityEntry>,
  context: ScanContext,
): AsyncGenerator<DenyCarrier & { readonly aceObject: Ace }> {
  for await (const container of containers) {
    const sd = parseSecurityDescriptor(container.sd);
    const denies = (sd.dacl?.aces ?? []).filter(
      (ace) =>
        isDenyAce(ace) && !(ace.flags & AceFlag.inherited) && ace.flags & AceFlag.containerInherit,
    );
    for (const ace of denies) {
      for (const right of DESCENDANT_RIGHTS) {
        const verdict = evaluateAccess({
          token: context.token,
          sd: {
            ...sd,
            control: sd.control | SdControl.daclPresent,
            dacl: { revision: 4, aces: [ace] },
          },
          objectClassGuid: WritebackGuid.userClass,
          schema: context.schema,
          resolver: context.resolver,
          request: right.request,
          scope: 'descendant',
        });
        if (verdict.decidedBy && !verdict.granted) {
          yield {
            dn: container.dn,
            right: right.label,
            ace: toRowView(verdict.decidedBy.row),
            aceObject: ace,
          };
        }
      }
    }
  }
}

const isBelow = (dn: string, ancestor: string): boolean =>
  dn.toLowerCase().endsWith(',' + ancestor.toLowerCase());

/**
 * Findings for each user, in the order the directory returns them. `carriers` are the
 * containers' explicit Deny ACEs (findDenyCarriers), used to name where an inherited Deny
 * comes from.
 */
export async function* scanUsers(
  users: AsyncIterable<UserSecurityEntry>,
  context: ScanContext,
  carriers: readonly (DenyCarrier & { readonly aceObject: Ace })[] = [],
): AsyncGenerator<UserFinding> {
  // Nearest ancestor first.
  const byDepth = [...carriers].sort((a, b) => b.dn.length - a.dn.length);
  for await (const user of users) {
    // SECURITY_DESCRIPTOR_RELATIVE.Control is the little-endian WORD at offset 2 (MS-DTYP 2.4.6).
    const control = (user.sd[2] ?? 0) | ((user.sd[3] ?? 0) << 8);
    const isProtected = (control & SdControl.daclProtected) !== 0;
    if (user.adminCount) {
      yield {
        kind: 'protected-account',
        dn: user.dn,
        sAMAccountName: user.sAMAccountName,
        message: PROTECTED_MESSAGE,
        fix: PROTECTED_FIX,
      };
    } else if (isProtected) {
      yield {
        kind: 'inheritance-disabled',
        dn: user.dn,
        sAMAccountName: user.sAMAccountName,
        message: `Inheritance is disabled on this user: it never receives the permissions granted on ${context.scopeDn}, so writeback fails for it (event 33004).`,
        fix: `Enable inheritance on it (plan with --enable-inheritance "${user.dn}", or all), or grant the rights on the user itself.`,
      };
    }
    for (const right of DESCENDANT_RIGHTS) {
      const verdict = evaluateAccess({
        token: context.token,
        sd: user.sd,
        objectClassGuid: WritebackGuid.userClass,
        schema: context.schema,
        resolver: context.resolver,
        request: right.request,
        ...(user.objectSid ? { objectSid: user.objectSid } : {}),
      });
      if (verdict.granted || !verdict.decidedBy) continue;
      const row: AceRow = verdict.decidedBy.row;
      const deny = verdict.decidedBy.ace;
      const carrier = row.inherited
        ? (byDepth.find((c) => isBelow(user.dn, c.dn) && sameDenyTarget(c.aceObject, deny))?.dn ??
          'a parent container (inherited)')
        : user.dn;
      yield {
        kind: 'denied',
        dn: user.dn,
        sAMAccountName: user.sAMAccountName,
        message: `${right.label} is denied to the connector by ${row.type} ${row.principal} "${row.permission}" on ${carrier}${row.inherited ? ' (inherited)' : ''}; the grant does not override a Deny.`,
        fix:
          carrier === user.dn
            ? `Remove the Deny ACE from ${user.dn} if writeback should work for this user (for "User cannot change password", untick it in ADUC).`
            : `Remove or narrow the Deny ACE on ${carrier} if writeback should work for the users below it.`,
        denied: { right: right.label, ace: toRowView(row), carrier },
      };
    }
  }
}
