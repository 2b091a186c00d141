/**
 * The one entry from the outside (the Electron shell's IPC handlers, the dev bridge's routes):
 * the channel must be known, the payload must pass its schema, and whatever happens the caller
 * gets `{ ok: true, value }` or `{ ok: false, error: { code, message, fix } }`, never a stack.
 */
import { badInput, toErrorInfo } from '../../shared/errors';
import {
  channelInputs,
  type Channel,
  type ChannelInput,
  type ChannelResults,
  type IpcResult,
} from '../../shared/ipc';
import { assessRows, runAssess, saveReport } from './assess-handlers';
import { saveVerifyResults } from './verify-save';
import { chooseConnector, connect, connectors, prerequisites } from './directory-handlers';
import { entraCancel, entraSignIn, entraSignOut, entraStatus } from './entra-handlers';
import { checkExternalLink } from './external-links';
import { applyMadePlan, listJournals, makeStepsPlan, rollbackJournal } from './plan-handlers';
import { previewRollback } from './rollback-preview';
import type { EngineSession } from './session';
import { forApp, wordsFor } from './words';
import { ssprConfirm, ssprGuide } from './sspr-handlers';
import { verifyRun } from './verify-handlers';
import { canaryAccount, canaryPlan, canaryRun } from './canary-handlers';
import { saveEvidence } from './evidence-handlers';

type Handlers = {
  readonly [C in Channel]: (
    session: EngineSession,
    input: ChannelInput<C>,
  ) => ChannelResults[C] | Promise<ChannelResults[C]>;
};

const handlers: Handlers = {
  'app.info': (session) => ({
    version: session.host.version,
    host: session.host.kind,
    platform: process.platform,
    journalFolder: session.host.journalFolder,
    adsync: !session.host.adsync
      ? 'unavailable'
      : session.host.adsync.defaultLocation === 'none'
        ? 'remote'
        : 'local',
  }),
  'entra.status': entraStatus,
  'entra.signIn': entraSignIn,
  'entra.signOut': entraSignOut,
  'entra.cancel': entraCancel,
  'directory.connect': connect,
  'directory.disconnect': async (session) => {
    await session.disconnect();
    return null;
  },
  'directory.connectors': connectors,
  'directory.chooseConnector': chooseConnector,
  'prerequisites.check': prerequisites,
  'assess.run': runAssess,
  'assess.cancel': (session) => {
    session.cancel();
    return null;
  },
  'assess.rows': assessRows,
  'plan.make': makeStepsPlan,
  'plan.apply': applyMadePlan,
  'journal.list': listJournals,
  'journal.preview': previewRollback,
  'journal.rollback': rollbackJournal,
  'sspr.guide': ssprGuide,
  'sspr.confirm': ssprConfirm,
  'external.open': async (session, input) => {
    await session.host.openExternal(checkExternalLink(input.url).href);
    return null;
  },
  'report.save': saveReport,
  'verify.run': verifyRun,
  'verify.canaryAccount': canaryAccount,
  'verify.canaryPlan': canaryPlan,
  'verify.canaryRun': canaryRun,
  'verify.save': saveVerifyResults,
  'evidence.save': saveEvidence,
};

function isChannel(name: string): name is Channel {
  return Object.hasOwn(channelInputs, name);
}

export async function dispatch(
  session: EngineSession,
  channel: string,
  payload: unknown,
): Promise<IpcResult<unknown>> {
  try {
    if (!isChannel(channel)) {
      throw badInput(
        'ipc-unknown-channel',
        `There is no operation "${channel}".`,
        'Update the app.',
      );
    }
    const parsed = channelInputs[channel].safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badInput(
        'ipc-bad-input',
        `The request for ${channel} is not valid: ${issue?.path.join('.') || 'input'} ${issue?.message ?? 'is invalid'}.`,
        'Correct the value and try again.',
      );
    }
    const handler = handlers[channel] as (session: EngineSession, input: unknown) => unknown;
    // Engine text names fields (shared/fields.ts); the app words them as its own controls.
    return {
      ok: true,
      value: forApp((await handler(session, parsed.data)) ?? null, wordsFor(channel)),
    };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error, wordsFor(channel)) };
  }
}
