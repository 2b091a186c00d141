/**
 * The Minimum password age step (docs/product.md, "The wizard", page 7). SSPR writes a password as a reset, and a
 * minimum age above 0 makes writeback of a second change the same day fail (event 33008), so
 * the goal is 0: in the GPO that decides it (with GPT.INI and the GPC's versionNumber raised
 * together and the security extension present, or clients ignore the change), on the domain
 * head so it holds before the next refresh, and in each PSO the admin chooses.
 */
import type { Directory } from '../../directory/directory';
import type { Check } from '../../../shared/checks';
import type { Operation, PlanNote } from '../../../shared/plan';
import { attributeOperation } from '../../operations/attribute';
import { fileOperation } from '../../operations/file';
import { minPasswordAgeCommand } from './pso-command';
import { ensureSecurityExtension } from '../../sysvol/extension-names';
import {
  bumpComputerVersion,
  fromVersionNumberAttribute,
  readGptIniVersion,
  setGptIniVersion,
  toVersionNumberAttribute,
} from '../../sysvol/gpt-ini';
import { setMinimumPasswordAge } from '../../sysvol/gpt-tmpl';
import type { Inspection, PlanningStep, StepPlan, Finding } from '../step';
import { findingsToNotes } from '../step';
import { daysOf, readPasswordPolicy, type PasswordPolicyState } from './read-policy';
import { field } from '../../../shared/fields';
import { pageTitles } from '../../../shared/wizard-pages';

export interface MinPasswordAgeOptions {
  readonly directory: Directory;
  readonly baseDn: string;
  /** The folder that holds `Policies`. */
  readonly sysvol: string;
  /** PSOs to set to 0: their names, or 'all'. */
  readonly psos: readonly string[] | 'all';
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** The step's own check: which GPO decides the minimum password age (assess reports it too). */
export const decidingGpoCheckName = {
  id: 'policy.minimum-password-age',
  title: 'Minimum password age (deciding GPO)',
} as const;

export const minPasswordAgeStep: PlanningStep<PasswordPolicyState, MinPasswordAgeOptions> = {
  id: 'min-password-age',
  title: pageTitles['min-password-age'],

  async inspect(options): Promise<Inspection<PasswordPolicyState>> {
    const state = await readPasswordPolicy(options.directory, options.baseDn, options.sysvol);
    const findings: Finding[] = [];
    const order = state.gpos
      .map(
        (gpo) =>
          `${gpo.displayName} (link order ${gpo.linkOrder}${gpo.enforced ? ', enforced' : ''}${gpo.enabled ? '' : ', link disabled'}): ${gpo.minimumPasswordAgeDays === undefined ? 'not set' : days(gpo.minimumPasswordAgeDays)}`,
      )
      .join('; ');
    findings.push({
      level: 'info',
      message: `GPOs linked at ${state.baseDn}, highest precedence first: ${order || 'none'}.`,
    });
    findings.push({
      level: 'info',
      message: `Domain minPwdAge: ${days(daysOf(state.domainMinPwdAge))}.`,
    });
    for (const pso of state.psos) findings.push(psoFinding(pso, false));
    const decided = state.decidingGpo;
    const check: Check = {
      ...decidingGpoCheckName,
      status: decided && decided.minimumPasswordAgeDays! > 0 ? 'warn' : 'pass',
      message: decided
        ? `${days(decided.minimumPasswordAgeDays!)}, decided by the GPO "${decided.displayName}".`
        : `No GPO linked at the domain root sets it; the domain says ${days(daysOf(state.domainMinPwdAge))}.`,
      fix:
        decided && decided.minimumPasswordAgeDays! > 0
          ? `Set MinimumPasswordAge = 0 in "${decided.displayName}" (the Minimum password age step plans it: ${field('steps', 'min-password-age')}).`
          : '',
    };
    return { step: 'min-password-age', state, checks: [check], findings };
  },

  plan(inspection, options): StepPlan {
    const { state } = inspection;
    const operations: Operation[] = [];
    // A PSO this plan sets to 0 is said so, not warned about as it was before the plan.
    const psos = psoPlan(state, options.psos);
    const zeroed = new Set(psos.operations.map((op) => op.target.toLowerCase()));
    const beforePlan = new Set(state.psos.map((pso) => psoFinding(pso, false).message));
    const notes: PlanNote[] = findingsToNotes('min-password-age', [
      ...inspection.findings.filter((finding) => !beforePlan.has(finding.message)),
      ...state.psos.map((pso) => psoFinding(pso, zeroed.has(pso.dn.toLowerCase()))),
    ]);
    const gpo = state.decidingGpo;
    if (gpo && gpo.minimumPasswordAgeDays! > 0 && gpo.gptTmpl) {
      operations.push(...gpoOperations(gpo));
    } else if (!gpo) {
      notes.push({
        step: 'min-password-age',
        level: 'warning',
        message:
          'No GPO linked at the domain root sets MinimumPasswordAge: only the domain head is changed. Set it to 0 in Default Domain Policy (Computer Configuration > Policies > Windows Settings > Security Settings > Account Policies > Password Policy) so it stays.',
      });
    }
    if (daysOf(state.domainMinPwdAge) !== 0) {
      operations.push(
        attributeOperation({
          step: 'min-password-age',
          summary: `Domain minPwdAge ${days(daysOf(state.domainMinPwdAge))} → 0 (holds until the next policy refresh applies the GPO)`,
          dn: state.baseDn,
          attribute: 'minPwdAge',
          before: [state.domainMinPwdAge],
          after: ['0'],
        }),
      );
    }
    return { operations: [...operations, ...psos.operations], notes: [...notes, ...psos.notes] };
  },
};

type DecidingGpo = NonNullable<PasswordPolicyState['decidingGpo']>;

/**
 * MinimumPasswordAge to 0 in the deciding GPO's GptTmpl.inf, with GPT.INI and the GPC's
 * versionNumber raised together (they must agree, or clients see a version mismatch and skip
 * the GPO) and the Security Settings extension listed.
 */
function gpoOperations(gpo: DecidingGpo): Operation[] {
  const where = `"${gpo.displayName}" ${gpo.guid}`;
  const current = Math.max(
    readGptIniVersion(gpo.gptIni, gpo.gptIniPath),
    fromVersionNumberAttribute(gpo.versionNumber),
  );
  const next = bumpComputerVersion(current);
  const operations: Operation[] = [
    fileOperation({
      step: 'min-password-age',
      summary: `Minimum password age ${days(gpo.minimumPasswordAgeDays!)} → 0 in GPO ${where} (GptTmpl.inf)`,
      path: gpo.gptTmplPath,
      before: gpo.gptTmpl!,
      after: setMinimumPasswordAge(gpo.gptTmpl!, 0, gpo.gptTmplPath),
    }),
    fileOperation({
      step: 'min-password-age',
      summary: `GPO ${where} version ${current} → ${next} (GPT.INI, computer half)`,
      path: gpo.gptIniPath,
      before: gpo.gptIni,
      after: setGptIniVersion(gpo.gptIni, next, gpo.gptIniPath),
    }),
    attributeOperation({
      step: 'min-password-age',
      summary: `GPO ${where} versionNumber ${gpo.versionNumber} → ${toVersionNumberAttribute(next)} (same as GPT.INI)`,
      dn: gpo.gpcDn,
      attribute: 'versionNumber',
      before: [gpo.versionNumber],
      after: [toVersionNumberAttribute(next)],
    }),
  ];
  const extensions = ensureSecurityExtension(gpo.machineExtensionNames, gpo.gpcDn);
  if (extensions !== gpo.machineExtensionNames) {
    operations.push(
      attributeOperation({
        step: 'min-password-age',
        summary: `GPO ${where}: add the Security Settings extension to gPCMachineExtensionNames`,
        dn: gpo.gpcDn,
        attribute: 'gPCMachineExtensionNames',
        before: gpo.machineExtensionNames === '' ? [] : [gpo.machineExtensionNames],
        after: [extensions],
      }),
    );
  }
  return operations;
}

/**
 * What a PSO's minimum age means for writeback: a warning while it keeps one, and said plainly
 * when the plan sets it to 0 (the state after the plan, not before it).
 */
function psoFinding(pso: PasswordPolicyState['psos'][number], zeroedByPlan: boolean): Finding {
  const age = daysOf(pso.minimumPasswordAge);
  const found = `PSO ${pso.name} (precedence ${pso.precedence}) sets a minimum age of ${days(age)} for ${pso.appliesTo.join('; ') || 'nobody'}.`;
  if (zeroedByPlan) return { level: 'info', message: `${found} This plan sets it to 0.` };
  return { level: age > 0 ? 'warning' : 'info', message: found };
}

/** Each PSO the admin chose to 0 (opt-in); a note for each one kept, and for a name not found. */
function psoPlan(state: PasswordPolicyState, psos: MinPasswordAgeOptions['psos']): StepPlan {
  const operations: Operation[] = [];
  const notes: PlanNote[] = [];
  const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const chosen = (name: string) => psos === 'all' || psos.some((n) => sameName(n, name));
  for (const name of psos === 'all' ? [] : psos) {
    if (!state.psos.some((pso) => sameName(pso.name, name))) {
      notes.push({
        step: 'min-password-age',
        level: 'warning',
        message: `${field('psos')} names "${name}", but there is no such PSO (there are: ${state.psos.map((p) => p.name).join(', ') || 'none'}).`,
      });
    }
  }
  for (const pso of state.psos) {
    if (daysOf(pso.minimumPasswordAge) === 0) continue;
    if (chosen(pso.name)) {
      operations.push(
        attributeOperation({
          step: 'min-password-age',
          summary: `PSO ${pso.name}: minimum password age ${days(daysOf(pso.minimumPasswordAge))} → 0`,
          optIn: true,
          dn: pso.dn,
          attribute: 'msDS-MinimumPasswordAge',
          before: [pso.minimumPasswordAge],
          after: ['0'],
          equivalentCommand: minPasswordAgeCommand(pso.name),
        }),
      );
    } else {
      notes.push({
        step: 'min-password-age',
        level: 'warning',
        message: `PSO ${pso.name} keeps a minimum age of ${days(daysOf(pso.minimumPasswordAge))} for its users: writeback of a second change within that time fails. To set it to 0, plan ${field('psos', 'all')}.`,
      });
    }
  }
  return { operations, notes };
}

export { defaultSysvolFolder } from './sysvol-folder';
