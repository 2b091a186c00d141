/**
 * The canary reset on the Verify page. First its plan: the account (refused if it must not be
 * the canary), its pwdLastSet on every writable DC before → "changed by writeback", and that a
 * password cannot be rolled back; nothing changes. Then, once the admin confirmed that plan,
 * the reset through Graph and the per-DC watch, with progress and Cancel (the long-call slot).
 *
 * Every writable DC is opened with `Directory.openAt` on the session's connection, so the DC
 * password stays in that connection's reconnect closure; the connections live for one call.
 * Before the reset the plan is read again, and nothing is reset if it is not what was shown.
 */
import { parseDcAddressLines } from '../../shared/dc-addresses';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WizardError, badInput, isWizardError } from '../../shared/errors';
import type { CanaryAccountView, CanaryPlanView, CanaryView, ChannelInput } from '../../shared/ipc';
import { PasswordResetter } from '../entra/password-reset';
import { graphBaseUrl, nationalClouds } from '../entra/national-clouds';
import { newRunId } from '../plan/journal';
import { readCanaryAccount } from '../verify/canary-account';
import { prepareCanary, type CanaryOptions, type CanaryPlan } from '../verify/canary';
import { fixStep, type CanaryCause } from '../verify/canary-cause';
import { runVerify } from '../verify/verify';
import { verdictReader } from '../verify/verdict';
import { openWritableDcs, type OpenedDcs } from '../verify/writable-dcs';
import { requireDirectory } from './directory-handlers';
import { adsyncRunnerOf, eventViews } from './verify-handlers';
import type { EngineSession } from './session';

/**
 * The account the admin typed, judged in AD alone: its refusals (built-in, adminCount, a
 * protected group, disabled, the connector) show before any sign-in to Entra ID.
 */
export async function canaryAccount(
  session: EngineSession,
  input: ChannelInput<'verify.canaryAccount'>,
): Promise<CanaryAccountView> {
  const { directory, connected } = requireDirectory(session);
  try {
    const account = await readCanaryAccount(
      directory,
      connected.defaultNamingContext,
      input.upn.trim(),
      session.connectorDn,
    );
    return { accepted: true, dn: account.dn, userPrincipalName: account.userPrincipalName };
  } catch (error) {
    if (!isWizardError(error) || error.code !== 'verify-canary-refused') throw error;
    return { accepted: false, reason: error.message, fix: error.fix };
  }
}

export async function canaryPlan(
  session: EngineSession,
  input: ChannelInput<'verify.canaryPlan'>,
): Promise<CanaryPlanView> {
  const { addresses, problems } = parseDcAddressLines(
    (input.dcUrls ?? []).map((d) => `${d.host}=${d.url}`).join('\n'),
  );
  if (problems.length > 0)
    throw badInput(
      'verify-bad-dc-url',
      `Domain controller addresses: ${problems.join(' ')}`,
      'Correct those lines in Domain controller addresses (Canary reset on Verify): one DC a line, as dc2.contoso.com=ldaps://10.0.0.12.',
    );
  const dcUrls = new Map(addresses.map((d) => [d.host, d.url]));
  const { plan } = await withCanaryParts(session, dcUrls, async (parts) =>
    prepareCanary({ ...parts, upn: input.upn }),
  );
  const id = randomBytes(16).toString('hex');
  session.canary = { id, plan, dcUrls };
  return { planId: id, ...plan };
}

export async function canaryRun(
  session: EngineSession,
  input: ChannelInput<'verify.canaryRun'>,
): Promise<CanaryView> {
  const shown = session.canary;
  if (shown === undefined || shown.id !== input.planId) {
    throw badInput(
      'verify-canary-plan-unknown',
      'This canary plan is not the one the wizard showed last (the page was reloaded, or you reconnected).',
      'Show the canary plan again, review it, then confirm.',
    );
  }
  if (input.confirmedTarget !== shown.plan.target) {
    throw badInput(
      'verify-canary-target-mismatch',
      'The account you confirmed is not the account of the canary plan: nothing was reset.',
      'Show the canary plan again, review it, then confirm.',
    );
  }
  const signal = session.startLongCall();
  session.canary = undefined;
  try {
    const runner = adsyncRunnerOf(session);
    const result = await withCanaryParts(session, shown.dcUrls, (parts) =>
      runVerify({
        ...(runner === undefined ? {} : { runner }),
        verdictFor: verdictReader(parts.directory, session.connectorDn),
        canary: {
          ...parts,
          upn: shown.plan.userPrincipalName,
          resetter: resetterOf(session),
          confirm: async (plan) => samePlan(plan, shown.plan),
          journalPath: join(session.host.journalFolder, 'canary', `canary-${newRunId()}.jsonl`),
          timeoutMs: input.timeoutMinutes * 60_000,
          signal,
          onProgress: (message) => session.host.emit({ kind: 'canary', message }),
        },
      }),
    );
    session.verified = { ...session.verified, canary: result };
    return canaryView(result);
  } finally {
    session.endLongCall();
  }
}

type CanaryParts = Pick<CanaryOptions, 'directory' | 'baseDn' | 'connectorDn' | 'dcs' | 'graph'>;

/** The session's connection, every writable DC opened for this call, and the tenant. */
async function withCanaryParts<T>(
  session: EngineSession,
  dcUrls: ReadonlyMap<string, string>,
  use: (parts: CanaryParts) => Promise<T>,
): Promise<T> {
  const { directory, connected } = requireDirectory(session);
  const graph = session.entra?.graph;
  if (graph === undefined) {
    throw badInput(
      'verify-canary-needs-entra',
      'The canary resets a password through Microsoft Graph, and the wizard is not signed in to Entra ID.',
      'Sign in on Connect to Microsoft Entra ID, then come back to Verify.',
    );
  }
  // The DC connected to is reached where the admin reached it; any other at its name.
  const urlFor = (host: string) =>
    dcUrls.get(host.toLowerCase()) ??
    (host.toLowerCase() === connected.dcHostName.toLowerCase() ? connected.url : `ldaps://${host}`);
  let opened: OpenedDcs | undefined;
  try {
    const { connectorDn } = session;
    return await use({
      directory,
      baseDn: connected.defaultNamingContext,
      ...(connectorDn === undefined ? {} : { connectorDn }),
      // Opened only once the account is accepted: a refused canary never fails on another DC.
      dcs: async () => {
        opened = await openWritableDcs(directory, urlFor);
        return opened.dcs;
      },
      graph,
    });
  } finally {
    await opened?.close();
  }
}

function resetterOf(session: EngineSession): PasswordResetter {
  const cloud = nationalClouds[session.cloud];
  return new PasswordResetter({
    baseUrl: session.host.entra?.graphBaseUrl ?? graphBaseUrl(cloud),
    tokenSource: session.entra!.signIn,
    ...(cloud.name === 'global' ? {} : { scopeResource: cloud.graphHost }),
    // The app's proxy (the OS's unless HTTPS_PROXY is set), as for sign-in and every Graph read.
    ...(session.host.entra?.proxy ? { proxy: session.host.entra.proxy } : {}),
  });
}

/** Read again just before the reset: the same account, on the same DCs, in the same state. */
function samePlan(now: CanaryPlan, shown: CanaryPlan): boolean {
  if (JSON.stringify(now) === JSON.stringify(shown)) return true;
  throw new WizardError(
    'verify-canary-plan-changed',
    `The canary account or its password changed since you reviewed the plan (${now.target}): nothing was reset.`,
    'Show the canary plan again, review it, then confirm.',
  );
}

function canaryView(result: Awaited<ReturnType<typeof runVerify>>): CanaryView {
  const canary = result.canary!;
  return {
    generatedAt: result.generatedAt,
    checks: result.checks,
    ok: canary.ok,
    cancelled: canary.cancelled === true,
    requestedAt: canary.requestedAt,
    ...(canary.operation === undefined ? {} : { operationStatus: canary.operation.status }),
    dcs: canary.dcs.map((dc) => ({
      dc: dc.dc,
      before: dc.before.pwdLastSet,
      ...(dc.after === undefined ? {} : { after: dc.after.pwdLastSet }),
      ...(dc.seenAfterMs === undefined ? {} : { seenAfterMs: dc.seenAfterMs }),
      ...(dc.convergedAfterMs === undefined ? {} : { convergedAfterMs: dc.convergedAfterMs }),
      originating: dc.originating,
      ...(dc.error === undefined ? {} : { error: dc.error }),
    })),
    events: eventViews(canary.events.map((event) => ({ ...event, step: fixStep[event.fixIn] }))),
    ...(canary.cause === undefined ? {} : { cause: causeView(canary.cause) }),
    journal: canary.journal,
  };
}

function causeView(cause: CanaryCause): NonNullable<CanaryView['cause']> {
  return {
    message: cause.message,
    fix: cause.fix,
    step: cause.step,
    ...(cause.verdict === undefined
      ? {}
      : { verdict: cause.verdict.map(({ message, fix }) => ({ message, fix })) }),
  };
}
