/**
 * The verdicts after a plan: each user judged by the one verdict engine (user-verdict.ts)
 * against the DACL it will hold once a Permissions plan's after-images are written. "Would
 * still fail after the planned changes" for the app, and "who it will still fail for" for the
 * Permissions step, are this projection; "would fail today" is the same engine on what was read.
 *
 * A user's DACL after the plan:
 * - the plan writes the user itself (enable inheritance): its after-image;
 * - a protected account (adminCount=1, in a protected group): AdminSDHolder's DACL (planned, or
 *   as read), which SDProp stamps on it at its next run, inheritance disabled;
 * - inheritance disabled on the user: unchanged;
 * - otherwise its explicit ACEs, then what it inherits from its parent once the plan's changes
 *   above it have propagated down to the nearest container with inheritance disabled (the DC
 *   recomputes inherited ACEs down the tree; main/domain/inheritance.ts).
 */
import type { BlockerReason } from '../../shared/checks';
import type { Operation } from '../../shared/plan';
import {
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  setDaclProtected,
  withDacl,
  WritebackGuid,
  type Acl,
} from '../../shared/sd';
import type { ContainerIndex } from '../domain/containers';
import { parentDn } from '../domain/dn';
import { inheritingDacl, propagateDown, type AncestorDacl } from '../domain/inheritance';
import { adminSdHolderDn, type DomainModel } from '../domain/read-model';
import { isProtectedDacl } from './access-reasons';
import type { UserRecord } from './user-record';
import { judgeUser, type ReadinessContext } from './user-verdict';

/** DACLs a plan will write: lower-case target DN → after-image bytes (SD flags DACL). */
export type PlannedDacls = ReadonlyMap<string, Uint8Array>;

/** The after-images of a plan's security-descriptor operations. */
export function plannedDacls(operations: readonly Operation[]): Map<string, Uint8Array> {
  const planned = new Map<string, Uint8Array>();
  for (const operation of operations) {
    if (operation.kind !== 'security-descriptor') continue;
    planned.set(
      operation.target.toLowerCase(),
      new Uint8Array(Buffer.from(operation.after.base64, 'base64')),
    );
  }
  return planned;
}

export interface AfterPlanFacts {
  readonly domainDn: string;
  readonly containers: ContainerIndex;
  /** DN (lower case) of each protected account → why (the domain model's). */
  readonly protectedMembers: ReadonlyMap<string, string>;
}

/** Distinct rebuilt DACLs kept (memory stays bounded on any domain). */
const REBUILT_KEPT = 10_000;

export class AfterPlan {
  /** Parent DN (lower case) → the DACL a user-class child inherits from, after the plan. */
  private readonly parentAfter = new Map<string, Acl | null | undefined>();
  /** Parent and DACL as read → the DACL after the plan. */
  private readonly rebuilt = new Map<string, Uint8Array>();

  constructor(
    private readonly facts: AfterPlanFacts,
    private readonly planned: PlannedDacls,
  ) {}

  /** The user's DACL once the plan is applied (undefined when it could not be read). */
  sdAfter(user: UserRecord): Uint8Array | undefined {
    if (user.sd === undefined) return undefined;
    const own = this.planned.get(user.dn.toLowerCase());
    if (own) return own;
    if (user.adminCount === 1 && this.facts.protectedMembers.has(user.dn.toLowerCase()))
      return this.stampedByAdminSdHolder(user.sd);
    if (isProtectedDacl(user.sd)) return user.sd;
    const parent = parentDn(user.dn);
    const inherited = parent === undefined ? undefined : this.inheritedFrom(parent);
    if (inherited === undefined) return user.sd;
    // Users below one parent mostly hold the same DACL bytes (the schema's defaults plus what
    // they inherit): each distinct one is rebuilt once.
    const key = `${parent!.toLowerCase()}\u0000${Buffer.from(user.sd.buffer, user.sd.byteOffset, user.sd.byteLength).toString('latin1')}`;
    const known = this.rebuilt.get(key);
    if (known) return known;
    const sd = parseSecurityDescriptor(user.sd);
    const after = serializeSecurityDescriptor(
      withDacl(sd, inheritingDacl(sd.dacl, inherited, WritebackGuid.userClass)),
    );
    if (this.rebuilt.size < REBUILT_KEPT) this.rebuilt.set(key, after);
    return after;
  }

  /** SDProp copies AdminSDHolder's DACL onto the account and disables inheritance. */
  private stampedByAdminSdHolder(current: Uint8Array): Uint8Array {
    const dn = adminSdHolderDn(this.facts.domainDn).toLowerCase();
    const holder = this.planned.get(dn) ?? this.facts.containers.get(dn)?.sd;
    if (!holder) return current;
    const parsed = parseSecurityDescriptor(holder);
    const user = parseSecurityDescriptor(current);
    return serializeSecurityDescriptor(
      setDaclProtected(withDacl(user, parsed.dacl ?? { revision: 2, aces: [] }), true),
    );
  }

  /**
   * The parent's DACL after the plan, or undefined when nothing the plan writes reaches it
   * (or the tree above it was not read): then the user's DACL stays as read.
   */
  private inheritedFrom(parent: string): Acl | null | undefined {
    const key = parent.toLowerCase();
    if (this.parentAfter.has(key)) return this.parentAfter.get(key);
    const chain: AncestorDacl[] = [];
    let touched = false;
    for (let at: string | undefined = parent; at !== undefined; at = parentDn(at)) {
      const container = this.facts.containers.get(at);
      if (!container) break;
      const planned = this.planned.get(at.toLowerCase());
      touched ||= planned !== undefined;
      chain.unshift({
        dn: container.dn,
        sd: planned ?? container.sd,
        classGuid: container.classGuid,
      });
      if (container.inheritanceDisabled) break;
    }
    const result =
      touched && chain.length > 0 && chain[chain.length - 1]!.dn.toLowerCase() === key
        ? propagateDown(chain)
        : undefined;
    this.parentAfter.set(key, result);
    return result;
  }
}

/**
 * The verdict after the plan: the same engine, on the DACL the user will hold. The opt-in
 * operations are in the plan only when the admin asked for them, so their effect shows only then.
 */
export function judgeAfterPlan(
  afterPlan: AfterPlan,
): (user: UserRecord, context: ReadinessContext) => BlockerReason[] {
  return (user, context) => judgeUser({ ...user, sd: afterPlan.sdAfter(user) }, context);
}

/** The verdict after the plan whose DACLs are `planned`, over the domain model read once. */
export function afterPlanJudge(
  model: DomainModel,
  planned: PlannedDacls,
): (user: UserRecord, context: ReadinessContext) => BlockerReason[] {
  return judgeAfterPlan(
    new AfterPlan(
      {
        domainDn: model.domain.dn,
        containers: model.containers,
        protectedMembers: model.protectedMembers,
      },
      planned,
    ),
  );
}
