/** What every kind's builder takes from its step besides the images. */
import type { PlannableStep } from '../../shared/plan';

export interface Common {
  readonly step: PlannableStep;
  readonly summary: string;
  readonly optIn?: boolean;
  readonly equivalentCommand?: string;
}

export function commonOf(input: Common) {
  return {
    step: input.step,
    summary: input.summary,
    optIn: input.optIn ?? false,
    ...(input.equivalentCommand ? { equivalentCommand: input.equivalentCommand } : {}),
  };
}
