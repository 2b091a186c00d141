/**
 * The password policy every user verdict needs, read once per run: the domain's minimum age
 * and lockout duration (the domain head, as the PDC wrote them from the winning GPO), the PSOs
 * with their settings, and which PSO applies to whom (decided here as the DC decides
 * msDS-ResultantPSO; resultant-pso.ts). So the user scan asks for no constructed attribute.
 */
import { field } from '../../shared/fields';
import type { Directory } from '../directory/directory';
import { intervalTicks, storedInterval } from './intervals';
import { isLockedOut, type LockoutFacts } from './lockout';
import { readResultantPsos, type PasswordSettingsObject } from './read-resultant-psos';
import type { PsoEligibility, ResultantPsos } from './resultant-pso';

/** A minimum password age that applies to some users, and where it is set. */
export interface MinimumAge {
  /** Positive count of 100-ns ticks (minPwdAge and msDS-MinimumPasswordAge are stored negative). */
  readonly ticks: bigint;
  /** "the domain password policy" or `the PSO "<name>"`. */
  readonly source: string;
  readonly fix: string;
}

/** The domain head's stored policy values (negative 100-ns intervals, as written). */
export interface DomainPolicyValues {
  readonly minPwdAge: string | undefined;
  readonly lockoutDuration: string | undefined;
  /** msDS-Behavior-Version of the domain: PSOs apply from 2008 (3) on. */
  readonly functionalLevel: number;
}

export interface PsoPolicy {
  readonly pso: PasswordSettingsObject;
  readonly minimumAge: MinimumAge;
}

export type PolicyUser = PsoEligibility & LockoutFacts;

export class PasswordPolicy {
  readonly psos: readonly PsoPolicy[];
  private readonly minimumAges = new Map<PasswordSettingsObject, MinimumAge>();

  constructor(
    readonly domainMinimumAge: MinimumAge,
    /** lockoutDuration as stored (negative; 0 or more: until an administrator unlocks). */
    readonly domainLockoutDuration: bigint,
    private readonly resultant: ResultantPsos<PasswordSettingsObject>,
    psos: readonly PasswordSettingsObject[],
  ) {
    this.psos = psos.map((pso) => ({ pso, minimumAge: psoMinimumAge(pso) }));
    for (const { pso, minimumAge } of this.psos) this.minimumAges.set(pso, minimumAge);
  }

  /** The PSO that applies to the user, as msDS-ResultantPSO would name it (undefined: the domain's). */
  psoFor(user: PsoEligibility): PasswordSettingsObject | undefined {
    return this.resultant.for(user);
  }

  minimumAgeFor(user: PsoEligibility): MinimumAge {
    const pso = this.psoFor(user);
    return (pso && this.minimumAges.get(pso)) ?? this.domainMinimumAge;
  }

  /** UF_LOCKOUT as msDS-User-Account-Control-Computed would carry it at `now` (FILETIME). */
  isLockedOut(user: PolicyUser, now: bigint): boolean {
    const duration = this.psoFor(user)?.lockoutDuration ?? this.domainLockoutDuration;
    return isLockedOut(user, duration, now);
  }
}

export const DOMAIN_POLICY_SOURCE = 'the domain password policy';

function domainMinimumAge(minPwdAge: string | undefined): MinimumAge {
  return {
    ticks: intervalTicks(minPwdAge),
    source: DOMAIN_POLICY_SOURCE,
    fix: `Set the minimum password age to 0 days in the GPO linked at the domain root that wins (Minimum password age step: plan ${field('steps', 'min-password-age')}), as Microsoft recommends for writeback.`,
  };
}

function psoMinimumAge(pso: PasswordSettingsObject): MinimumAge {
  return {
    ticks: pso.minimumAge < 0n ? -pso.minimumAge : pso.minimumAge,
    source: `the PSO "${pso.name}"`,
    fix: `Set msDS-MinimumPasswordAge of the PSO "${pso.name}" to 0 (Minimum password age step: plan ${field('psos', `"${pso.name}"`)}).`,
  };
}

/** The policy of the domain `baseDn`: its head's values, its PSOs and whom each reaches. */
export async function readDomainPasswordPolicy(
  directory: Directory,
  baseDn: string,
  head: DomainPolicyValues,
  signal?: AbortSignal,
): Promise<PasswordPolicy> {
  const resultant = await readResultantPsos(directory, {
    baseDn,
    domainFunctionalLevel: head.functionalLevel,
    ...(signal ? { signal } : {}),
  });
  return new PasswordPolicy(
    domainMinimumAge(head.minPwdAge),
    storedInterval(head.lockoutDuration),
    resultant,
    resultant.psos,
  );
}
