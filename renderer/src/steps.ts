import { wizardPages, type WizardPage } from '../../shared/wizard-pages';

/** What the admin chose on Welcome. */
export type Task = 'enable' | 'assess' | 'rollback' | 'verify';

/** The pages each task walks through; the others are shown but skipped. */
export const stepsForTask: Readonly<Record<Task, readonly WizardPage[]>> = {
  enable: wizardPages,
  assess: [
    'welcome',
    'entra',
    'connect',
    'prerequisites',
    'permissions',
    'min-password-age',
    'complete',
    'verify',
  ],
  rollback: ['welcome', 'connect', 'complete'],
  verify: ['welcome', 'entra', 'connect', 'verify'],
};
