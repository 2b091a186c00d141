/**
 * Connect to Microsoft Entra ID, for the app: sign in as the admin (the system browser, or a
 * device code shown in the wizard), then read the tenant the way `writeback assess` does
 * (licences, roles, sync health). Tokens stay in main, in MSAL's cache (encrypted by the OS in
 * the app); the renderer sees who is signed in and the checks, nothing else.
 */
import type { ChannelInput, EntraStatus } from '../../shared/ipc';
import { entraAssessProvider } from '../assess/entra-assess-provider';
import { GraphReader } from '../entra/graph-reader';
import { graphBaseUrl, nationalClouds } from '../entra/national-clouds';
import { EntraSignIn } from '../entra/sign-in';
import { checkExternalLink } from './external-links';
import type { EngineSession } from './session';

export function entraStatus(session: EngineSession): EntraStatus {
  return {
    cloud: session.cloud,
    ...(session.entra?.account ? { account: session.entra.account } : {}),
    ...(session.entra?.checks ? { checks: session.entra.checks } : {}),
  };
}

export async function entraSignIn(
  session: EngineSession,
  input: ChannelInput<'entra.signIn'>,
): Promise<EntraStatus> {
  const { host } = session;
  const cloud = nationalClouds[input.cloud];
  session.startLongCall();
  try {
    const signIn = new EntraSignIn(
      {
        cloud,
        ...(input.tenant ? { tenant: input.tenant } : {}),
        ...(host.entra?.tokenCache ? { tokenCache: host.entra.tokenCache } : {}),
        ...host.entra?.signIn,
      },
      {
        openBrowser: (url) => host.openExternal(checkExternalLink(url).href),
        showDeviceCode: (message) => host.emit({ kind: 'device-code', message }),
        preferDeviceCode: input.deviceCode,
      },
    );
    const graph = new GraphReader({
      baseUrl: host.entra?.graphBaseUrl ?? graphBaseUrl(cloud),
      tokenSource: signIn,
      ...(cloud.name === 'global' ? {} : { scopeResource: cloud.graphHost }),
    });
    // Reading the tenant asks for every scope its reads need, in one consent.
    const findings = await entraAssessProvider(graph).assess();
    const account = await signIn.cachedAccount();
    session.cloud = cloud.name;
    session.entra = { signIn, graph, checks: findings.checks, ...(account ? { account } : {}) };
    return entraStatus(session);
  } finally {
    session.endLongCall();
  }
}

export async function entraSignOut(session: EngineSession): Promise<EntraStatus> {
  await session.entra?.signIn.clearTokenCache();
  session.entra = undefined;
  return entraStatus(session);
}
