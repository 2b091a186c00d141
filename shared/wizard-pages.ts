/**
 * The wizard's pages in the Connect wizard's order (docs/product.md, "The wizard"). A page is
 * not a step of a plan: only three pages plan operations (shared/plan's PlannableStep), and each
 * of those is one of these pages.
 */
import { plannableSteps } from './plan';

export const wizardPages = [
  'welcome',
  'entra',
  'connect',
  'prerequisites',
  'optional-features',
  'permissions',
  'min-password-age',
  'sspr',
  'ready',
  'complete',
  'verify',
] as const;

export type WizardPage = (typeof wizardPages)[number];

/** Every plannable step is a page of its own: the compiler refuses one that is not. */
const _everyPlannableStepIsAPage: readonly WizardPage[] = plannableSteps;
