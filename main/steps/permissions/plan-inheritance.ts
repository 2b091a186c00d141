/**
 * The enable-inheritance opt-in: one operation per user, planned after the grants so each
 * user's after-image holds what its ancestors will hold once those are written. "all" means
 * every user whose verdict's fix is enabling inheritance on it (inheritance disabled, or a stale
 * adminCount with inheritance still disabled): the opt-in and the per-user fixes tell one story.
 */
import type { Blocker } from '../../../shared/checks';
import { badInput } from '../../../shared/errors';
import { field } from '../../../shared/fields';
import { parseSecurityDescriptor, type NameTable } from '../../../shared/sd';
import { isWithin, parentDn } from '../../domain/dn';
import { isPredictable, propagateDown, type AncestorDacl } from '../../domain/inheritance';
import type { DomainFacts, DomainModel } from '../../domain/read-model';
import type { UserRecord } from '../../readiness/user-record';
import type { ReadinessContext } from '../../readiness/user-verdict';
import type { Directory } from '../../directory/directory';
import { readStructuralClassGuid } from '../../directory/domain-head';
import { SdFlags } from '../../directory/sd-flags-control';
import type { PermissionsChange } from './operation';
import { planEnableInheritance } from './plan-grants';
import { afterPlanJudge } from '../../readiness/after-plan';
import { accessBlocker, afterImages } from './still-failing';

export interface InheritanceInput {
  readonly dir: Directory;
  /** Structural class → schemaIDGUID, looked up once per class. */
  readonly classGuids: Map<string, string>;
  readonly domain: DomainFacts;
  readonly model: DomainModel;
  readonly wanted: readonly string[] | 'all' | undefined;
  /** Users the scan found whose fix is enabling inheritance on themselves. */
  readonly candidates: readonly UserRecord[];
  readonly stillFailing: readonly Blocker[];
  /** The grants planned before (their after-images flow down to the users). */
  readonly grants: readonly PermissionsChange[];
  readonly verdict: ReadinessContext;
  readonly names: NameTable;
}

export interface InheritancePlan {
  readonly changes: PermissionsChange[];
  readonly byHand: string[];
  /** `stillFailing` once these changes are applied too. */
  readonly stillFailing: readonly Blocker[];
}

/** From the domain root down to the user's parent, each with its DACL and class. */
async function ancestorsOf(
  input: InheritanceInput,
  dn: string,
  read: (dn: string) => Promise<Uint8Array>,
): Promise<AncestorDacl[]> {
  const ancestors: AncestorDacl[] = [];
  for (let at = parentDn(dn); at && isWithin(at, input.domain.dn); at = parentDn(at)) {
    ancestors.unshift({
      dn: at,
      sd: await read(at),
      classGuid: await readStructuralClassGuid(input.dir, at, input.classGuids),
    });
    if (at.toLowerCase() === input.domain.dn.toLowerCase()) break;
  }
  return ancestors;
}

export async function planInheritance(input: InheritanceInput): Promise<InheritancePlan> {
  const { wanted } = input;
  if (!wanted) return { changes: [], byHand: [], stillFailing: input.stillFailing };
  const known = new Map(input.candidates.map((user) => [user.dn.toLowerCase(), user]));
  const dns = wanted === 'all' ? input.candidates.map((user) => user.dn) : [...new Set(wanted)];
  const read = cachedReader(input.dir);
  const planned = afterImages(input.grants);
  const changes: PermissionsChange[] = [];
  const byHand: string[] = [];
  for (const dn of dns) {
    if (!isWithin(dn, input.domain.dn))
      throw badInput(
        'enable-inheritance-outside-domain',
        `${field('enableInheritance', dn)} is not inside the domain ${input.domain.dn}`,
        'Give the DN of a user in this domain, or all.',
      );
    const ancestors = await ancestorsOf(input, dn, read);
    if (ancestors.some((a) => !isPredictable(parseSecurityDescriptor(a.sd).dacl))) {
      byHand.push(dn);
      continue;
    }
    const change = planEnableInheritance({
      userDn: dn,
      userSd: known.get(dn.toLowerCase())?.sd ?? (await read(dn)),
      parentDacl: propagateDown(
        ancestors.map((a) => ({ ...a, sd: planned.get(a.dn.toLowerCase()) ?? a.sd })),
      ),
      adminCount: known.get(dn.toLowerCase())?.adminCount === 1,
      resolver: input.names,
      domainSid: input.domain.sid,
    });
    if (change) changes.push(change);
  }
  return { changes, byHand, stillFailing: rejudged(input, changes, known) };
}

function cachedReader(dir: Directory): (dn: string) => Promise<Uint8Array> {
  const cache = new Map<string, Promise<Uint8Array>>();
  return (dn) => {
    const key = dn.toLowerCase();
    let sd = cache.get(key);
    if (!sd) cache.set(key, (sd = dir.readSecurityDescriptor(dn, SdFlags.DACL)));
    return sd;
  };
}

/** The users these changes write, judged again on their after-images. */
function rejudged(
  input: InheritanceInput,
  changes: readonly PermissionsChange[],
  known: ReadonlyMap<string, UserRecord>,
): Blocker[] {
  const changed = new Set(changes.map((change) => change.target.toLowerCase()));
  if (changed.size === 0) return [...input.stillFailing];
  const judge = afterPlanJudge(input.model, afterImages([...input.grants, ...changes]));
  const out: Blocker[] = [];
  for (const blocker of input.stillFailing) {
    const user = known.get(blocker.dn.toLowerCase());
    if (!user || !changed.has(blocker.dn.toLowerCase())) {
      out.push(blocker);
      continue;
    }
    const after = accessBlocker(user, judge(user, input.verdict));
    if (after) out.push(after);
  }
  return out;
}
