/**
 * The channel names alone (no schemas): what the preload needs to expose one function per
 * channel without bundling zod into the sandboxed preload script.
 */
export const channelNames = [
  'app.info',
  'entra.status',
  'entra.signIn',
  'entra.signOut',
  'entra.cancel',
  'directory.connect',
  'directory.disconnect',
  'directory.connectors',
  'directory.chooseConnector',
  'prerequisites.check',
  'assess.run',
  'assess.cancel',
  'assess.rows',
  'plan.make',
  'plan.apply',
  'journal.list',
  'journal.preview',
  'journal.rollback',
  'sspr.guide',
  'sspr.confirm',
  'external.open',
  'report.save',
  'verify.run',
  'verify.canaryAccount',
  'verify.canaryPlan',
  'verify.canaryRun',
  'verify.save',
  'evidence.save',
] as const;

export type Channel = (typeof channelNames)[number];

/** The one channel main pushes on (progress of the long call running now). */
export const progressChannel = 'progress';
