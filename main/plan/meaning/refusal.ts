/** The one error a plan gets when it asks for something a writeback plan never does (exit 2). */
import { badInput, type WizardError } from '../../../shared/errors';
import { describeTarget, type Operation } from '../../../shared/plan';

export type Refuse = (what: string) => never;

export function refuserFor(operation: Operation, index: number, source: string): Refuse {
  return (what: string): never => {
    throw notWriteback(
      `${source}: operation ${index} (${describeTarget(operation)}) ${what}, which a writeback plan never does.`,
    );
  };
}

export function notWriteback(message: string): WizardError {
  return badInput(
    'plan-not-writeback',
    message,
    'Nothing was written. Do not use this plan: make a new one with writeback plan --out plan.json, and find out who edited this one.',
  );
}
