/**
 * Who writeback will still fail for once the Permissions plan is applied: a projection of the
 * one verdict engine (main/readiness) onto the DACLs the plan writes. One streaming pass over
 * the users in scope; only users still blocked by access, and the candidates for the
 * enable-inheritance opt-in, are kept.
 */
import type { Blocker, BlockerReason } from '../../../shared/checks';
import { ACCESS_REASON_CODES, ENABLE_INHERITANCE_CODES } from '../../readiness/reasons';
import type { UserRecord } from '../../readiness/user-record';
import { KeptInOrder } from '../../readiness/report-order';
import type { ReadinessContext } from '../../readiness/user-verdict';
import { fromBase64, type PermissionsChange } from './operation';

export interface StillFailingScan {
  readonly usersScanned: number;
  /** Users still blocked by access after the plan, with those reasons only. */
  readonly stillFailing: Blocker[];
  /** Users whose fix is enabling inheritance on themselves (the opt-in's "all"). */
  readonly inheritanceCandidates: UserRecord[];
}

export function accessBlocker(
  user: UserRecord,
  reasons: readonly BlockerReason[],
): Blocker | undefined {
  const access = reasons.filter((reason) => ACCESS_REASON_CODES.has(reason.code));
  return access.length > 0
    ? { sAMAccountName: user.sAMAccountName, dn: user.dn, reasons: access }
    : undefined;
}

export async function scanStillFailing(
  users: AsyncIterable<UserRecord>,
  context: ReadinessContext,
  judge: (user: UserRecord, context: ReadinessContext) => BlockerReason[],
  onProgress?: (usersScanned: number) => void,
): Promise<StillFailingScan> {
  // Listed in objectGUID order, as assess lists them: a split scan's streams never show.
  const stillFailing = new KeptInOrder<Blocker>();
  const inheritanceCandidates = new KeptInOrder<UserRecord>();
  let usersScanned = 0;
  for await (const user of users) {
    usersScanned++;
    if (usersScanned % 10000 === 0) onProgress?.(usersScanned);
    const blocker = accessBlocker(user, judge(user, context));
    if (!blocker) continue;
    stillFailing.add(user.objectGuid, blocker);
    if (blocker.reasons.some((reason) => ENABLE_INHERITANCE_CODES.has(reason.code)))
      inheritanceCandidates.add(user.objectGuid, user);
  }
  return {
    usersScanned,
    stillFailing: stillFailing.list(),
    inheritanceCandidates: inheritanceCandidates.list(),
  };
}

/** The DACLs a set of changes writes: lower-case DN → after-image. */
export function afterImages(changes: readonly PermissionsChange[]): Map<string, Uint8Array> {
  return new Map(
    changes.map((change) => [change.target.toLowerCase(), fromBase64(change.after.sdBase64)]),
  );
}
