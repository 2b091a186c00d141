/**
 * Connect to Microsoft Entra ID, for the app: sign in as the admin (the system browser, or a
 * device code shown in the wizard), then read the tenant the way `writeback assess` does
 * (licences, roles, sync health). Tokens stay in main, in MSAL's cache (encrypted by the OS in
 * the app); the renderer sees who is signed in and the checks, nothing else.
 *
 * A sign-in waits for the admin, possibly for ever (a closed browser tab, no route to Microsoft):
 * it runs in its own slot, never the directory's, it can be cancelled, it gives up after a
 * timeout, and a reloaded page sees that it is running.
 */
import { WizardError } from '../../shared/errors';
import type { ChannelInput, EntraStatus } from '../../shared/ipc';
import { entraAssessProvider } from '../assess/entra-assess-provider';
import { GraphReader } from '../entra/graph-reader';
import { graphBaseUrl, nationalClouds } from '../entra/national-clouds';
import { EntraSignIn, untilAborted } from '../entra/sign-in';
import { checkExternalLink } from './external-links';
import type { EngineHost, EngineSession, SignInRun } from './session';

const defaultSignInTimeoutMs = 10 * 60_000;

export function entraStatus(session: EngineSession): EntraStatus {
  const running = session.signingIn;
  return {
    cloud: session.cloud,
    ...(session.entra?.account ? { account: session.entra.account } : {}),
    ...(session.entra?.checks ? { checks: session.entra.checks } : {}),
    ...(running
      ? {
          signingIn: {
            since: running.since,
            ...(running.deviceCodeMessage ? { deviceCodeMessage: running.deviceCodeMessage } : {}),
            ...(running.signInUrl ? { signInUrl: running.signInUrl } : {}),
          },
        }
      : {}),
  };
}

export async function entraSignIn(
  session: EngineSession,
  input: ChannelInput<'entra.signIn'>,
): Promise<EntraStatus> {
  const { host } = session;
  if (session.signingIn) {
    throw new WizardError(
      'entra-sign-in-running',
      'A sign-in to Entra ID is already waiting for you.',
      'Finish it in the browser (or with the code shown), or press Cancel on Connect to Microsoft Entra ID.',
    );
  }
  const controller = new AbortController();
  const timeoutMs = host.entra?.signInTimeoutMs ?? defaultSignInTimeoutMs;
  const timer = setTimeout(() => controller.abort(timedOut(timeoutMs)), timeoutMs);
  const run: SignInRun = { controller, since: new Date().toISOString() };
  session.signingIn = run;
  const cloud = nationalClouds[input.cloud];
  try {
    const signIn = new EntraSignIn(
      {
        cloud,
        ...(input.tenant ? { tenant: input.tenant } : {}),
        ...(host.entra?.tokenCache ? { tokenCache: host.entra.tokenCache } : {}),
        ...(host.entra?.proxy ? { proxy: host.entra.proxy } : {}),
        ...host.entra?.signIn,
      },
      {
        openBrowser: (url) => openSignInPage(host, run, checkExternalLink(url).href),
        showDeviceCode: (message) => {
          run.deviceCodeMessage = message;
          host.emit({ kind: 'device-code', message });
        },
        preferDeviceCode: input.deviceCode,
        signal: controller.signal,
      },
    );
    const graph = new GraphReader({
      baseUrl: host.entra?.graphBaseUrl ?? graphBaseUrl(cloud),
      tokenSource: signIn,
      ...(host.entra?.proxy ? { proxy: host.entra.proxy } : {}),
      ...(cloud.name === 'global' ? {} : { scopeResource: cloud.graphHost }),
    });
    // Reading the tenant asks for every scope its reads need, in one consent.
    const findings = await untilAborted(controller.signal, entraAssessProvider(graph).assess());
    const account = await signIn.cachedAccount();
    session.cloud = cloud.name;
    session.entra = { signIn, graph, checks: findings.checks, ...(account ? { account } : {}) };
    return entraStatus(session);
  } finally {
    clearTimeout(timer);
    if (session.signingIn === run) session.signingIn = undefined;
  }
}

/**
 * Opens the sign-in page in the system browser, and shows its address on the page too: the
 * bridge has no browser to open, and an opener can fail; the admin then opens it by hand on
 * this computer (the redirect comes back to it). A browser that did not open is not an error.
 */
async function openSignInPage(host: EngineHost, run: SignInRun, url: string): Promise<void> {
  run.signInUrl = url;
  host.emit({ kind: 'sign-in-url', url });
  await host.openExternal(url).catch(() => undefined);
}

/** The admin's Cancel: the waiting sign-in ends at once, as cancelled. */
export function entraCancel(session: EngineSession): EntraStatus {
  session.signingIn?.controller.abort(
    new WizardError(
      'entra-sign-in-cancelled',
      'You cancelled the sign-in to Entra ID.',
      'Sign in again when you are ready, or skip this page: the directory steps do not need it.',
    ),
  );
  session.signingIn = undefined;
  return entraStatus(session);
}

function timedOut(ms: number): WizardError {
  const minutes = Math.round(ms / 60_000);
  return new WizardError(
    'entra-sign-in-timeout',
    `The sign-in to Entra ID was given up after ${minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} seconds`} without an answer (a browser tab closed, or no route to Microsoft).`,
    'Sign in again; if it never finishes, check that this computer reaches Microsoft (a proxy is taken from HTTPS_PROXY and NO_PROXY), or skip this page: the directory steps do not need it.',
  );
}

export async function entraSignOut(session: EngineSession): Promise<EntraStatus> {
  await session.entra?.signIn.clearTokenCache();
  session.entra = undefined;
  return entraStatus(session);
}
