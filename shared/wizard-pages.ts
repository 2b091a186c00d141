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

/** Each page's title, as the step list and the page's heading show it. */
export const pageTitles: Readonly<Record<WizardPage, string>> = {
  welcome: 'Welcome / tasks',
  entra: 'Connect to Microsoft Entra ID',
  connect: 'Connect directories',
  prerequisites: 'Prerequisites',
  'optional-features': 'Optional features',
  permissions: 'Permissions',
  'min-password-age': 'Minimum password age',
  sspr: 'SSPR on-premises integration',
  ready: 'Ready to configure',
  complete: 'Configuration complete',
  verify: 'Verify',
};

/** Every plannable step is a page of its own: the compiler refuses one that is not. */
const _everyPlannableStepIsAPage: readonly WizardPage[] = plannableSteps;
