/**
 * What a security-descriptor operation does, recomputed from its bytes, and whether a
 * writeback plan may do it. A writeback plan only ever:
 * - adds the connector's writeback rights (main/steps/permissions/writeback-rights.ts): the four descendant-user rights
 *   on the domain head or a scope inside the domain, Unexpire Password on the domain head;
 * - opt-in: adds the protected-account rights on AdminSDHolder itself;
 * - opt-in: enables inheritance on one object, its explicit ACEs unchanged.
 * It never removes an ACE, never touches owner, group or SACL, and grants to one domain account.
 */
import {
  AceFlag,
  aceKey,
  fromSddl,
  parseSecurityDescriptor,
  parseSid,
  SdControl,
  toSddl,
  type Ace,
  type SecurityDescriptor,
} from '../../../shared/sd';
import type { SecurityDescriptorOperation } from '../../../shared/plan';
import {
  grantSddl,
  PROTECTED_ACCOUNT_RIGHTS,
  WRITEBACK_RIGHTS,
  type WritebackRight,
} from '../../steps/permissions/writeback-rights';
import { isInsideDomain, isSameDn } from '../domain-scope';
import type { Refuse } from '../kind';

export interface DaclContext {
  readonly baseDn: string;
  /** The account the plan grants to, fixed by its first grant: every grant must name it. */
  connector?: string;
  domainSid?: string;
}

type Form = 'descendant-users' | 'this-object';
interface Allowed {
  readonly right: WritebackRight;
  readonly form: Form;
}

function decode(base64: string, refuse: Refuse): SecurityDescriptor {
  try {
    return parseSecurityDescriptor(Buffer.from(base64, 'base64'));
  } catch {
    return refuse('holds bytes that are not a security descriptor');
  }
}

const explicit = (sd: SecurityDescriptor) =>
  (sd.dacl?.aces ?? []).filter((ace) => !(ace.flags & AceFlag.inherited));
const inherited = (sd: SecurityDescriptor) =>
  (sd.dacl?.aces ?? []).filter((ace) => (ace.flags & AceFlag.inherited) !== 0);
const keys = (aces: readonly Ace[]) => aces.map(aceKey).sort().join('|');

/** ACEs of `after` that `before` lacks, and those it lost (multisets, byte identity). */
function difference(before: readonly Ace[], after: readonly Ace[]) {
  const remaining = before.map(aceKey);
  const added: Ace[] = [];
  for (const ace of after) {
    const at = remaining.indexOf(aceKey(ace));
    if (at >= 0) remaining.splice(at, 1);
    else added.push(ace);
  }
  return { added, removedCount: remaining.length };
}

/** What may be granted on this target, and how each grant's ACE reads. */
function allowedOn(target: string, context: DaclContext, optIn: boolean): Allowed[] {
  const head = isSameDn(target, context.baseDn);
  const holder = isSameDn(target, `CN=AdminSDHolder,CN=System,${context.baseDn}`);
  if (holder) {
    return optIn ? PROTECTED_ACCOUNT_RIGHTS.map((right) => ({ right, form: 'this-object' })) : [];
  }
  return WRITEBACK_RIGHTS.flatMap((right): Allowed[] =>
    right.on === 'descendant-users'
      ? [{ right, form: 'descendant-users' }]
      : head
        ? [{ right, form: 'this-object' }]
        : [],
  );
}

function aceOf(sddl: string, domainSid: string): Ace {
  return fromSddl(`D:${sddl}`, parseSid(domainSid)).dacl!.aces[0]!;
}

/**
 * The connector: a domain account (S-1-5-21-…, RID 1000 or above; in a forest it may belong to
 * another domain than the plan's), the same one for every grant of the plan.
 */
function checkGrantee(sid: string, context: DaclContext, refuse: Refuse): void {
  const rid = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/.exec(sid)?.[1];
  if (rid === undefined || Number(rid) < 1000) {
    refuse(`grants to ${sid}, which is not a domain account (a built-in or well-known principal)`);
  }
  context.connector ??= sid;
  if (context.connector !== sid) {
    refuse(`grants to ${sid}, but the plan's connector (its first grant) is ${context.connector}`);
  }
}

function grantMeaning(
  operation: SecurityDescriptorOperation,
  added: readonly Ace[],
  context: DaclContext,
  refuse: Refuse,
): string {
  const sid = trustee(added[0]!);
  const granted: Allowed[] = [];
  for (const ace of added) {
    const match = allowedOn(operation.target, context, operation.optIn).find(
      (allowed) =>
        ace.kind !== 'opaque' &&
        aceKey(aceOf(grantSddl(allowed.right, ace.sid, allowed.form), operation.domainSid)) ===
          aceKey(ace),
    );
    if (!match) refuse(`grants ${describeAce(ace, operation.domainSid)} to ${trustee(ace)}`);
    checkGrantee(trustee(ace), context, refuse);
    granted.push(match);
  }
  const labels = (form: Form) =>
    granted
      .filter((g) => g.form === form)
      .map((g) => g.right.label)
      .join(', ');
  const parts = [
    labels('descendant-users') &&
      `${labels('descendant-users')} on descendant User objects of ${operation.target}`,
    labels('this-object') && `${labels('this-object')} on ${operation.target} itself`,
  ].filter(Boolean);
  return `grants ${sid}: ${parts.join('; ')}${operation.optIn ? ' (opt-in)' : ''}`;
}

/** The SDDL of one ACE, from its bytes (never the plan's own text). */
function describeAce(ace: Ace, domainSid: string): string {
  const sd: SecurityDescriptor = {
    revision: 1,
    sbz1: 0,
    control: SdControl.daclPresent,
    owner: null,
    group: null,
    sacl: null,
    dacl: { revision: 4, aces: [ace] },
  };
  return toSddl(sd, parseSid(domainSid)).replace(/^D:/, '');
}

/** Who an ACE names (an opaque ACE is refused before anyone asks). */
const trustee = (ace: Ace): string => (ace.kind === 'opaque' ? '(opaque ACE)' : ace.sid);

/** The meaning of one DACL change, or a refusal when a writeback plan never makes it. */
export function daclMeaning(
  operation: SecurityDescriptorOperation,
  context: DaclContext,
  refuse: Refuse,
): string {
  if (!isInsideDomain(operation.target, context.baseDn)) {
    refuse(`targets an object that is not inside the plan's domain ${context.baseDn}`);
  }
  context.domainSid ??= operation.domainSid;
  if (context.domainSid !== operation.domainSid) {
    refuse(`names the domain SID ${operation.domainSid}, not the plan's ${context.domainSid}`);
  }
  const before = decode(operation.before.base64, refuse);
  const after = decode(operation.after.base64, refuse);
  const frame = (sd: SecurityDescriptor) =>
    JSON.stringify([
      sd.revision,
      sd.owner,
      sd.group,
      sd.sacl,
      sd.control & ~SdControl.daclProtected,
    ]);
  if (frame(before) !== frame(after)) refuse('changes the owner, group, SACL or control flags');
  const { added, removedCount } = difference(explicit(before), explicit(after));
  if (removedCount > 0) refuse(`removes ${removedCount} ACE(s)`);
  const wasProtected = (before.control & SdControl.daclProtected) !== 0;
  const isProtected = (after.control & SdControl.daclProtected) !== 0;
  if (wasProtected && !isProtected) {
    // Enabling inheritance: the DC computes the inherited ACEs; the explicit ones stay as they are.
    if (!operation.optIn) refuse('enables inheritance without the opt-in');
    if (added.length > 0) refuse('adds ACEs while enabling inheritance');
    return `enables inheritance on ${operation.target} (opt-in)`;
  }
  if (isProtected !== wasProtected) refuse('disables inheritance');
  if (keys(inherited(before)) !== keys(inherited(after))) refuse('changes inherited ACEs');
  if (added.length === 0) refuse('changes nothing a writeback plan grants');
  return grantMeaning(operation, added, context, refuse);
}
