/**
 * What a writeback plan may do, and what this one does, recomputed from its bytes (never from
 * its summaries). A plan file is untrusted: it travels from the consultant who made it to the
 * admin who applies it, and its hashes prove only that it agrees with itself. validatePlan
 * refuses (exit 2) any operation outside what the wizard's steps plan; each kind judges its
 * own operations (main/operations/<kind>/meaning.ts):
 * - DACLs: the connector's writeback rights, AdminSDHolder and enabling inheritance (opt-ins),
 *   inside the plan's domain;
 * - attributes: minPwdAge on the domain head, msDS-MinimumPasswordAge on a PSO, a GPO's version,
 *   only with that GPO's GPT.INI;
 * - files: GptTmpl.inf's MinimumPasswordAge and GPT.INI's Version under the plan's SYSVOL;
 * - ADSync switches turned on, on the Connect server the plan read.
 * apply prints the same lines, so the admin confirms what will be written.
 */
import { badInput } from '../../shared/errors';
import { describeTarget, type Operation, type OperationKind, type Plan } from '../../shared/plan';
import type { MeaningJudge, Refuse } from '../operations/kind';
import { kindOf, operationKindModules } from '../operations/registry';
import { directoryLabel, directoryParts } from './plan-directories';

function refuserFor(operation: Operation, index: number, source: string): Refuse {
  return (what: string): never => {
    throw badInput(
      'plan-not-writeback',
      `${source}: operation ${index} (${describeTarget(operation)}) ${what}, which a writeback plan never does.`,
      'Nothing was written. Do not use this plan: make a new one with writeback plan --out plan.json, and find out who edited this one.',
    );
  };
}

/**
 * One line per operation, `#<index> <what it does>`, or a refusal (`plan-not-writeback`, exit 2)
 * at the first operation a writeback plan never makes. A plan over several directories is judged
 * directory by directory, each part as a one-domain plan of that directory (plan-directories.ts):
 * its own domain, SYSVOL and connector.
 */
export function planMeaning(plan: Plan, source = 'the plan'): string[] {
  const lines: string[] = new Array<string>(plan.operations.length);
  for (const part of directoryParts(plan)) {
    const refuseAt = (at: number) =>
      refuserFor(plan.operations[part.indexes[at]!]!, part.indexes[at]!, source);
    // One judge per kind and part: a kind may remember what the part's earlier operations fixed.
    const judges = new Map<OperationKind, MeaningJudge<OperationKind>>();
    part.plan.operations.forEach((operation, at) => {
      const kind = kindOf(operation);
      let judge = judges.get(kind.kind);
      if (!judge) judges.set(kind.kind, (judge = kind.judge(part.plan)));
      const index = part.indexes[at]!;
      const where = part.directory ? `[${directoryLabel(part.directory)}] ` : '';
      lines[index] = `#${index} ${where}${judge(operation, refuseAt(at))}`;
    });
    for (const kind of Object.values(operationKindModules)) {
      kind.checkPlan?.(part.plan, refuseAt);
    }
  }
  return lines;
}
