/**
 * Which password settings object (PSO) applies to a user, decided on this side instead of asking
 * the DC for the constructed msDS-ResultantPSO of every user (which makes it expand each user's
 * groups: about 10 s on 20,000 users). The rules are MS-ADTS 3.1.1.4.5.36 as Samba implements
 * them (source4/dsdb/samdb/ldb_modules/operational.c, get_pso_for_user), which the lab test
 * checks user for user against the DC's own answer:
 *
 * - only user objects with UF_NORMAL_ACCOUNT get one, never krbtgt (RID 502);
 * - PSOs linked to the user itself beat every PSO reached through a group, whatever the
 *   precedence;
 * - among the candidates, the lowest msDS-PasswordSettingsPrecedence wins, and on equal
 *   precedence the lowest objectGUID compared as stored (byte by byte);
 * - through groups: the user's transitive membership of global security groups, counting
 *   its primary group.
 */
import { splitRid } from '../../shared/sd';

/** A PSO as far as choosing between PSOs goes. */
export interface PsoCandidate {
  readonly dn: string;
  readonly precedence: number;
  /** objectGUID as stored (16 bytes, little-endian fields): the tie-break. */
  readonly guid: Uint8Array;
}

/** Lower precedence wins; on a tie, the lower objectGUID compared byte by byte. */
export function betterPso<T extends PsoCandidate>(a: T, b: T): T {
  if (a.precedence !== b.precedence) return a.precedence < b.precedence ? a : b;
  return compareBytes(a.guid, b.guid) <= 0 ? a : b;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const UF_NORMAL_ACCOUNT = 0x200;
const RID_KRBTGT = 502;

/** What a user must be for a PSO to apply at all (MS-ADTS 3.1.1.4.5.36). */
export interface PsoEligibility {
  readonly dn: string;
  readonly userAccountControl: number;
  /** objectSid as S-1-5-21-…-RID. */
  readonly objectSid: string | undefined;
}

export function canHavePso(user: PsoEligibility): boolean {
  if ((user.userAccountControl & UF_NORMAL_ACCOUNT) === 0) return false;
  const rid = user.objectSid === undefined ? undefined : splitRid(user.objectSid)?.rid;
  return rid !== RID_KRBTGT;
}

/**
 * The winning PSO per user, filled by the reader (direct links, then every user reached through
 * each targeted group) and asked once per user during the scan. Holds one entry per user that a
 * PSO reaches, nothing for the others.
 */
export class ResultantPsos<T extends PsoCandidate = PsoCandidate> {
  private readonly direct = new Map<string, T>();
  private readonly throughGroups = new Map<string, T>();

  constructor(
    /** Whether the domain's functional level supports PSOs at all (2008 and later). */
    private readonly supported = true,
    /** Every PSO of the domain, in the order the directory listed them. */
    readonly psos: readonly T[] = [],
  ) {}

  /** `pso` lists the user itself in msDS-PSOAppliesTo. */
  offerDirect(userDn: string, pso: T): void {
    offer(this.direct, userDn, pso);
  }

  /** `pso` reaches the user through a global security group (nested, or its primary group). */
  offerThroughGroup(userDn: string, pso: T): void {
    offer(this.throughGroups, userDn, pso);
  }

  /** The PSO that applies to `user`, or undefined when the domain policy does. */
  for(user: PsoEligibility): T | undefined {
    if (!this.supported || !canHavePso(user)) return undefined;
    const key = user.dn.toLowerCase();
    return this.direct.get(key) ?? this.throughGroups.get(key);
  }
}

function offer<T extends PsoCandidate>(map: Map<string, T>, userDn: string, pso: T): void {
  const key = userDn.toLowerCase();
  const current = map.get(key);
  map.set(key, current === undefined ? pso : betterPso(current, pso));
}
