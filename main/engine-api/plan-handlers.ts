/**
 * Plan, apply and roll back from the app, through the same engine as the CLI: make-plan for the
 * operations, the plan engine for the journaled apply and the rollback. The renderer confirms
 * what it showed: apply refuses unless the confirmed targets are exactly the plan's.
 */
import { resolve, sep } from 'node:path';
import { badInput } from '../../shared/errors';
import type {
  ApplyOutcome,
  ChannelInput,
  MadePlan,
  RollbackOutcome,
  RunView,
} from '../../shared/ipc';
import { describeTarget, type Plan } from '../../shared/plan';
import { parseAdsyncLocation } from '../adsync/powershell-runner';
import { applyPlan } from '../plan/apply';
import { newRun } from '../plan/journal';
import { makePlan } from '../steps/make-plan';
import type { ProgressListener } from '../plan/progress';
import { listRuns, readRunStatus, runView } from '../plan/recover';
import { rollbackRun } from '../plan/rollback';
import { adaptersByDirectory } from '../plan/plan-directories';
import { targetAdapters, type TargetAdapters } from '../operations/registry';
import { chosenConnector, requireDirectory } from './directory-handlers';
import type { EngineSession } from './session';

export async function makeStepsPlan(
  session: EngineSession,
  input: ChannelInput<'plan.make'>,
): Promise<MadePlan> {
  const { directory, connected } = requireDirectory(session);
  const signal = session.startLongCall();
  const started = performance.now();
  try {
    const plan = await makePlan({
      steps: input.steps,
      directory: async () => directory,
      dc: connected.url,
      ...(input.sysvol ? { sysvol: input.sysvol } : {}),
      psos: input.psos ?? [],
      adsync: adsyncRunner(session, input.connectServer),
      syncForcePasswordChange: input.syncForcePasswordChange ?? false,
      permissions: {
        account: chosenConnector(session),
        ...(input.scopes?.length ? { scopes: input.scopes } : {}),
        includeAdminSdHolder: input.includeAdminSdHolder ?? false,
        ...(input.enableInheritance ? { enableInheritance: input.enableInheritance } : {}),
        onProgress: (count) => {
          signal.throwIfAborted();
          const seconds = Math.max((performance.now() - started) / 1000, 0.001);
          session.host.emit({ kind: 'scan', count, ratePerSecond: count / seconds });
        },
      },
    });
    return { planId: session.keepPlan(plan), plan, targets: planTargets(plan) };
  } finally {
    session.endLongCall();
  }
}

export function planTargets(plan: Plan): string[] {
  return plan.operations.map(describeTarget);
}

/**
 * ADSync for Optional features: the Connect server the admin named (remoting from a jump box),
 * else this computer when it is the Connect server, else none (the step shows the commands).
 */
function adsyncRunner(session: EngineSession, connectServer: string | undefined) {
  const host = session.host.adsync;
  if (connectServer === undefined) {
    return host && host.defaultLocation !== 'none' ? host.runner(host.defaultLocation) : undefined;
  }
  const location = parseAdsyncLocation(`remote:${connectServer}`);
  if (!host) {
    throw badInput(
      'adsync-unavailable',
      `The Connect server ${connectServer} is reached over Windows PowerShell remoting, which this computer cannot run.`,
      'Run the app on a Windows jump box or on the Connect server itself, or run the commands shown on the Connect server.',
    );
  }
  return host.runner(location);
}

function adapters(session: EngineSession, plan: Plan): TargetAdapters {
  const { directory, connected } = requireDirectory(session);
  const host = session.host.adsync;
  const here = targetAdapters({
    directory,
    // Each switch is read and written where its plan was made (local, or remote:<server>).
    ...(host
      ? { connectServer: (location: string) => host.runner(parseAdsyncLocation(location)) }
      : {}),
  });
  const domain = connected.defaultNamingContext.toLowerCase();
  // A run over several directories (the command line's --directories) is written here only in
  // the domain this window is connected to; another directory's operation is refused unread.
  return plan.source.directories
    ? adaptersByDirectory(
        (tag) =>
          plan.source.directories?.some(
            (d) =>
              d.forest === tag.forest &&
              d.domain === tag.domain &&
              d.baseDn.toLowerCase() === domain,
          )
            ? here
            : undefined,
        here,
      )
    : here;
}

const progress =
  (session: EngineSession): ProgressListener =>
  (event) =>
    session.host.emit({ kind: 'operation', ...event });

export async function applyMadePlan(
  session: EngineSession,
  input: ChannelInput<'plan.apply'>,
): Promise<ApplyOutcome> {
  const plan = session.plans.get(input.planId);
  if (!plan) {
    throw badInput(
      'plan-unknown',
      'That plan is no longer held (the wizard reconnected or was restarted).',
      'Review the changes again on Ready to configure, then apply.',
    );
  }
  const targets = planTargets(plan);
  if (
    targets.length !== input.confirmedTargets.length ||
    targets.some((target, index) => target !== input.confirmedTargets[index])
  ) {
    throw badInput(
      'apply-not-confirmed',
      'The targets confirmed are not the targets of this plan; nothing was written.',
      'Review the changes again and confirm the list shown.',
    );
  }
  if (plan.operations.length === 0) return { applied: 0, journal: '' };
  session.startLongCall();
  try {
    const result = await applyPlan(plan, {
      adapters: adapters(session, plan),
      ...newRun(session.host.journalFolder),
      onProgress: progress(session),
    });
    session.plans.delete(input.planId);
    return { applied: result.applied, journal: result.journalPath };
  } finally {
    session.endLongCall();
  }
}

export async function listJournals(session: EngineSession): Promise<RunView[]> {
  const { runs } = await listRuns(session.host.journalFolder);
  return runs.map(runView);
}

export async function rollbackJournal(
  session: EngineSession,
  input: ChannelInput<'journal.rollback'>,
): Promise<RollbackOutcome> {
  const path = ownJournal(session, input.journal);
  session.startLongCall();
  try {
    const { plan } = await readRunStatus(path);
    const result = await rollbackRun(path, {
      adapters: adapters(session, plan),
      onProgress: progress(session),
    });
    return { restored: result.restored, alreadyAsBefore: result.alreadyAsBefore };
  } finally {
    session.endLongCall();
  }
}

/** Only the app's own journals: the renderer names a run, it does not pick a file. */
export function ownJournal(session: EngineSession, journal: string): string {
  const folder = resolve(session.host.journalFolder) + sep;
  const path = resolve(journal);
  if (!path.startsWith(folder) || !path.endsWith('.jsonl')) {
    throw badInput(
      'journal-outside',
      `${journal} is not one of this app's run journals.`,
      'Choose a run from the list; to roll back a journal kept elsewhere use writeback rollback <journal>.',
    );
  }
  return path;
}
