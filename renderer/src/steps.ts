/** The wizard's pages in the Connect wizard's order (docs/product.md, "The wizard"). */
export const stepIds = [
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

export type StepId = (typeof stepIds)[number];

export const stepTitles: Readonly<Record<StepId, string>> = {
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

/** What the admin chose on Welcome. */
export type Task = 'enable' | 'assess' | 'rollback' | 'verify';

/** The pages each task walks through; the others are shown but skipped. */
export const stepsForTask: Readonly<Record<Task, readonly StepId[]>> = {
  enable: stepIds,
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
