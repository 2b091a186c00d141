/**
 * The Permissions step in the step contract (main/steps/step.ts): inspect gives checks and
 * findings in the admin's words, plan turns the changes into plan-file operations.
 */
import { refuseDisabledConnector } from './disabled-connector';
import type { Check } from '../../../shared/checks';
import type { Finding, Inspection, PlanningStep, StepPlan } from '../step';
import { findingsToNotes } from '../step';
import type { Directory } from '../../directory/directory';
import { dsaclsEnableInheritance } from './dsacls';
import { toPlanOperation } from './operation';
import {
  inspectPermissionsState,
  planPermissionChanges,
  type PermissionsOptions,
  type PermissionsState,
  type ScopeInspection,
} from './permissions-step';
import type { Grantee } from './plan-grants';
import type { BlockerReason } from '../../../shared/checks';
import { REASON_KINDS } from '../../readiness/reasons';
import { field } from '../../../shared/fields';
import { pageTitles } from '../../../shared/wizard-pages';

/** How many users each finding names before it says "and N more" (the full list is in assess). */
const LISTED = 25;

/** One check per writeback right and scope: held (and by which ACE) or what to do. */
export function rightsChecks(
  scopes: readonly ScopeInspection[],
  grantee: Pick<Grantee, 'displayName'>,
): Check[] {
  const checks: Check[] = [];
  for (const scope of scopes) {
    for (const status of scope.rights) {
      const denied = !status.held && status.decidingAce !== undefined;
      checks.push({
        id: `permissions.${status.right.id}`,
        title: `${status.right.label} for ${grantee.displayName}`,
        status: status.held ? 'pass' : 'fail',
        message: status.explanation,
        fix: status.held
          ? ''
          : denied
            ? `Remove or narrow the Deny ACE on ${status.decidedOn ?? scope.dn}; an Allow cannot override it.`
            : `Apply the Permissions plan (${field('steps', 'permissions')}), or run the dsacls commands it shows.`,
        details: { scope: scope.dn },
      });
    }
  }
  return checks;
}

function listUsers(names: readonly string[]): string {
  const more = names.length > LISTED ? ` and ${names.length - LISTED} more` : '';
  return names.slice(0, LISTED).join(', ') + more;
}

/** A code whose fixes name each user (inheritance on this user) is told once, by example. */
const MAX_FIXES_PER_CAUSE = 3;

interface CauseGroup {
  readonly reason: BlockerReason;
  readonly users: string[];
}

function causeNote(label: string, groups: readonly CauseGroup[]): Finding {
  const users = groups.flatMap((group) => group.users);
  const first = groups[0]!;
  const example = users.length > 1 ? `For ${first.users[0]}: ` : '';
  return {
    level: 'warning',
    message: `${label}: writeback will still fail for ${users.length} user(s) once this plan is applied: ${listUsers(users)}. ${example}${first.reason.message} Fix: ${first.reason.fix}`,
  };
}

/**
 * Who writeback will still fail for, one note per cause (and per fix where the fix names a
 * place, as a Deny's origin does): the verdict engine's own words, as assess and the report
 * give them, so notes, the cause table and the CSV agree.
 */
function stillFailingFindings(inspection: PermissionsState['inspection']): Finding[] {
  const byCode = new Map<string, Map<string, CauseGroup>>();
  for (const blocker of inspection.stillFailing) {
    for (const reason of blocker.reasons) {
      const fixes = byCode.get(reason.code) ?? new Map<string, CauseGroup>();
      byCode.set(reason.code, fixes);
      const group = fixes.get(reason.fix) ?? { reason, users: [] };
      fixes.set(reason.fix, group);
      group.users.push(blocker.sAMAccountName);
    }
  }
  const findings: Finding[] = [];
  for (const kind of REASON_KINDS) {
    const groups = [...(byCode.get(kind.code)?.values() ?? [])];
    if (groups.length === 0) continue;
    if (groups.length > MAX_FIXES_PER_CAUSE) findings.push(causeNote(kind.label, groups));
    else for (const group of groups) findings.push(causeNote(kind.label, [group]));
  }
  if (inspection.stillFailing.length === 0 && inspection.usersScanned > 0)
    findings.push({
      level: 'info',
      message: `Once this plan is applied, the connector may reset all ${inspection.usersScanned} users in scope (no permission blocker remains).`,
    });
  return findings;
}

function findingsOf(state: PermissionsState): Finding[] {
  const { inspection } = state;
  const findings: Finding[] = [];
  for (const scope of inspection.scopes)
    for (const status of scope.rights)
      if (status.held) findings.push({ level: 'info', message: status.explanation });
  findings.push(...stillFailingFindings(inspection));
  for (const dn of state.enableInheritanceByHand) {
    findings.push({
      level: 'warning',
      message: `Inheritance on ${dn} is not planned: its parent has CREATOR OWNER/GROUP inheritable ACEs, so the result cannot be checked byte for byte. Enable it by hand:`,
      commands: [dsaclsEnableInheritance(dn)],
    });
  }
  return findings;
}

export function createPermissionsStep(
  dir: Directory,
): PlanningStep<PermissionsState, PermissionsOptions> {
  return {
    id: 'permissions',
    title: pageTitles.permissions,
    async inspect(options: PermissionsOptions): Promise<Inspection<PermissionsState>> {
      const state = await inspectPermissionsState(dir, options);
      return {
        step: 'permissions',
        state,
        checks: rightsChecks(state.inspection.scopes, state.grantee),
        findings: findingsOf(state),
      };
    },
    plan(inspection: Inspection<PermissionsState>, _options: PermissionsOptions): StepPlan {
      const changes = planPermissionChanges(inspection.state);
      if (changes.length > 0) refuseDisabledConnector(inspection.state.inspection.connector);
      const domainSid = inspection.state.inspection.domain.sid;
      const { grantee } = inspection.state;
      return {
        operations: changes.map((change) =>
          toPlanOperation(change, domainSid, { [grantee.sid]: grantee.dsaclsName }),
        ),
        notes: findingsToNotes('permissions', inspection.findings),
      };
    },
  };
}
