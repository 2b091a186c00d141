/**
 * What a writeback plan may do, and what this one does, recomputed from its bytes (never from
 * its summaries). A plan file is untrusted: it travels from the consultant who made it to the
 * admin who applies it, and its hashes prove only that it agrees with itself. validatePlan
 * refuses (exit 2) any operation outside what the wizard's steps plan:
 * - DACLs: the connector's writeback rights, AdminSDHolder and enabling inheritance (opt-ins),
 *   inside the plan's domain (meaning/dacl-meaning.ts);
 * - attributes: minPwdAge on the domain head, msDS-MinimumPasswordAge on a PSO, a GPO's version
 *   (meaning/attribute-meaning.ts), only with that GPO's GPT.INI (meaning/gpo-pairing.ts);
 * - files: GptTmpl.inf's MinimumPasswordAge and GPT.INI's Version under the plan's SYSVOL
 *   (meaning/file-meaning.ts);
 * - ADSync switches turned on, on the Connect server the plan read.
 * apply prints the same lines, so the admin confirms what will be written.
 */
import type { AdsyncSettingOperation, Operation, Plan } from '../../shared/plan';
import { attributeMeaning } from './meaning/attribute-meaning';
import { daclMeaning, type DaclContext } from './meaning/dacl-meaning';
import { fileMeaning } from './meaning/file-meaning';
import { checkGpoPairs } from './meaning/gpo-pairing';
import { refuserFor, type Refuse } from './meaning/refusal';

function adsyncMeaning(
  operation: AdsyncSettingOperation,
  readOn: string | undefined,
  refuse: Refuse,
): string {
  if (readOn === undefined || operation.adsync !== readOn) {
    refuse(
      `changes ADSync on ${operation.adsync}, but the plan read ADSync on ${readOn ?? 'no Connect server'}`,
    );
  }
  if (!operation.after.enabled) refuse(`turns ${operation.target} off`);
  return `turns on ${operation.target} for ${operation.connector} on ${operation.adsync}`;
}

function meaningOf(
  operation: Operation,
  plan: Plan,
  dacl: DaclContext | undefined,
  refuse: Refuse,
): string {
  const baseDn = (): string =>
    dacl?.baseDn ?? refuse('changes the directory, but the plan names no domain (source.baseDn)');
  switch (operation.kind) {
    case 'security-descriptor':
      baseDn();
      return daclMeaning(operation, dacl!, refuse);
    case 'attribute':
      return attributeMeaning(operation, baseDn(), refuse);
    case 'file':
      return fileMeaning(operation, plan.source.sysvol, refuse);
    case 'adsync-setting':
      return adsyncMeaning(operation, plan.source.adsync, refuse);
  }
}

/**
 * One line per operation, `#<index> <what it does>`, or a refusal (`plan-not-writeback`, exit 2)
 * at the first operation a writeback plan never makes.
 */
export function planMeaning(plan: Plan, source = 'the plan'): string[] {
  const dacl: DaclContext | undefined =
    plan.source.baseDn === undefined ? undefined : { baseDn: plan.source.baseDn };
  const lines = plan.operations.map(
    (operation, index) =>
      `#${index} ${meaningOf(operation, plan, dacl, refuserFor(operation, index, source))}`,
  );
  checkGpoPairs(plan, (index) => refuserFor(plan.operations[index]!, index, source));
  return lines;
}
