/**
 * The Permissions step in the step contract (main/steps/step.ts): inspect gives checks and
 * findings in the admin's words, plan turns the changes into plan-file operations.
 */
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
import type { UserFinding } from './scan-users';
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

function listUsers(findings: readonly UserFinding[]): string {
  const names = findings.slice(0, LISTED).map((f) => f.sAMAccountName);
  const more = findings.length > LISTED ? ` and ${findings.length - LISTED} more` : '';
  return names.join(', ') + more;
}

function findingsOf(state: PermissionsState, options: PermissionsOptions): Finding[] {
  const { inspection } = state;
  const findings: Finding[] = [];
  for (const scope of inspection.scopes)
    for (const status of scope.rights)
      if (status.held) findings.push({ level: 'info', message: status.explanation });
  if (inspection.protectedAccounts.length > 0) {
    findings.push({
      level: 'warning',
      message: `${inspection.protectedAccounts.length} protected account(s) (adminCount=1; permissions stamped from AdminSDHolder): ${listUsers(inspection.protectedAccounts)}. ${inspection.protectedAccounts[0]!.message}${options.includeAdminSdHolder ? '' : ` A grant on AdminSDHolder is opt-in (${field('includeAdminSdHolder')}; Microsoft: not recommended).`}`,
    });
  }
  if (inspection.inheritanceDisabled.length > 0) {
    findings.push({
      level: 'warning',
      message: `${inspection.inheritanceDisabled.length} user(s) with inheritance disabled will not receive the grant: ${listUsers(inspection.inheritanceDisabled)}. Enabling inheritance is a separate opt-in operation per user (${field('enableInheritance', '<dn>|all')}).`,
    });
  }
  for (const carrier of inspection.denyCarriers) {
    findings.push({
      level: 'warning',
      message: `${carrier.right} is denied to the connector on user objects below ${carrier.dn} by ${carrier.ace.type} ${carrier.ace.principal} "${carrier.ace.permission}" (${carrier.ace.appliesTo}) ${carrier.ace.sddl}; writeback will keep failing for those users.`,
    });
  }
  const ownDenies = inspection.denied.filter((f) => f.denied?.carrier === f.dn);
  for (const finding of ownDenies.slice(0, LISTED))
    findings.push({ level: 'warning', message: `${finding.sAMAccountName}: ${finding.message}` });
  if (ownDenies.length > LISTED)
    findings.push({
      level: 'warning',
      message: `${ownDenies.length - LISTED} more user(s) carry their own Deny ACEs (see writeback assess).`,
    });
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
        findings: findingsOf(state, options),
      };
    },
    plan(inspection: Inspection<PermissionsState>, options: PermissionsOptions): StepPlan {
      const changes = planPermissionChanges(inspection.state, options);
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
