/**
 * The connector's effective writeback rights, decided the way the DC's access check decides
 * them (MS-DTYP 2.5.3.2, first matching ACE wins) and explained with the deciding ACE in
 * ADUC's words.
 */
import {
  evaluateAccess,
  WritebackGuid,
  type AccessToken,
  type AccessVerdict,
  type AceRow,
  type NameResolver,
  type PropertySetMap,
  type SecurityDescriptor,
} from '../../../shared/sd';
import {
  DOMAIN_DNS_CLASS,
  WRITEBACK_RIGHTS,
  type WritebackRight,
} from '../../domain/writeback-rights';

export interface RightStatus {
  readonly right: WritebackRight;
  readonly held: boolean;
  /** The ACE that decided, in ADUC's words (absent when no ACE grants or denies it). */
  readonly decidingAce?: AceRow;
  /** Where the deciding ACE is: a DN, or the user class's default permissions. */
  readonly decidedOn?: string;
  /** One line for the admin: held or not, and why. */
  readonly explanation: string;
}

export interface EvaluateRightsInput {
  readonly token: AccessToken;
  /** The domain root, or the OU chosen with --scope: where descendant-user ACEs are granted. */
  readonly scopeDn: string;
  readonly scopeSd: Uint8Array;
  readonly domainRootDn: string;
  readonly domainRootSd: Uint8Array;
  /**
   * The user class's defaultSecurityDescriptor (schema): the explicit ACEs every new user gets,
   * e.g. Change password for Everyone. They come before inherited ACEs (canonical order).
   */
  readonly userDefaultSd?: SecurityDescriptor | null;
  readonly schema?: PropertySetMap;
  readonly resolver?: NameResolver;
}

/** Where a new user's explicit default ACEs come from, in the admin's words. */
export const USER_DEFAULTS =
  "the User class's default permissions (schema defaultSecurityDescriptor)";

function status(
  right: WritebackRight,
  verdict: AccessVerdict,
  where: string,
  scopeWords: string,
): RightStatus {
  const row = verdict.decidedBy?.row;
  if (!row) {
    return {
      right,
      held: false,
      explanation: `${right.label} ${scopeWords}: not held. ${verdict.reason}`,
    };
  }
  const how = `${row.type} ${row.principal} "${row.permission}" (${row.appliesTo}${row.inherited ? ', inherited' : ''}) on ${where}`;
  return {
    right,
    held: verdict.granted,
    decidingAce: row,
    decidedOn: where,
    explanation: verdict.granted
      ? `${right.label} ${scopeWords}: already held, through ${how}.`
      : `${right.label} ${scopeWords}: DENIED by ${how}; an Allow ACE cannot override it.`,
  };
}

/**
 * Evaluates every writeback right for the connector's token:
 * - rights on descendant user objects as a new user below the scope would carry them: first
 *   the user class's default (explicit) ACEs, then the inheritable ACEs of the scope's DACL
 *   that flow to user objects (scope 'descendant');
 * - Unexpire Password on the domain root object itself.
 */
export function evaluateWritebackRights(input: EvaluateRightsInput): RightStatus[] {
  const common = { token: input.token, schema: input.schema, resolver: input.resolver };
  return WRITEBACK_RIGHTS.map((right) => {
    if (right.on === 'domain-root') {
      const verdict = evaluateAccess({
        ...common,
        sd: input.domainRootSd,
        objectClassGuid: DOMAIN_DNS_CLASS,
        request: right.request,
      });
      return status(right, verdict, input.domainRootDn, 'on the domain root');
    }
    const words = `on descendant User objects of ${input.scopeDn}`;
    if (input.userDefaultSd) {
      const defaults = evaluateAccess({
        ...common,
        sd: input.userDefaultSd,
        objectClassGuid: WritebackGuid.userClass,
        request: right.request,
      });
      if (defaults.decidedBy) return status(right, defaults, USER_DEFAULTS, words);
    }
    const inherited = evaluateAccess({
      ...common,
      sd: input.scopeSd,
      objectClassGuid: WritebackGuid.userClass,
      request: right.request,
      scope: 'descendant',
    });
    return status(right, inherited, input.scopeDn, words);
  });
}
