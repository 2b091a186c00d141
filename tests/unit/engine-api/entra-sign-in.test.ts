/**
 * A sign-in that never finishes must not wedge the app: it runs apart from
 * the long directory tasks, shows that it waits (a reloaded page sees it too), the admin can
 * cancel it, and it is given up after the timeout. Here the identity platform never answers.
 */
import { AuthError, type INetworkModule } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/engine-api/dispatch';
import { EngineSession, type EngineHost } from '../../../main/engine-api/session';
import type { EntraStatus, IpcResult } from '../../../shared/ipc';
import {
  authorityMetadata,
  cloudDiscoveryMetadata,
  tenantId,
} from '../entra/identity-platform-double';

/**
 * An identity platform that answers the browser sign-in's first question (is the sign-in host
 * there?) and then never again: a closed browser tab, a device code no one enters.
 */
const silence: INetworkModule = {
  sendGetRequestAsync: <T>(url: string) =>
    url.endsWith('/v2.0/.well-known/openid-configuration')
      ? Promise.resolve({ headers: {}, body: {} as T, status: 200 })
      : new Promise(() => undefined),
  sendPostRequestAsync: () => new Promise(() => undefined),
};

/** No route to Microsoft: every request fails as fetch fails when the name does not resolve. */
const noRoute: INetworkModule = {
  sendGetRequestAsync: () => Promise.reject(unresolved()),
  sendPostRequestAsync: () => Promise.reject(unresolved()),
};

function unresolved(): Error {
  const cause = Object.assign(new Error('getaddrinfo ENOTFOUND login.microsoftonline.com'), {
    code: 'ENOTFOUND',
  });
  return Object.assign(new AuthError('network_error', 'Network request failed: ENOTFOUND'), {
    cause,
  });
}

const opened: string[] = [];

function session(signInTimeoutMs = 600_000, networkClient = silence): EngineSession {
  const host: EngineHost = {
    kind: 'dev-bridge',
    version: 'test',
    journalFolder: '/nonexistent',
    openExternal: async (url) => void opened.push(url),
    saveFile: async () => undefined,
    emit: () => undefined,
    entra: {
      signIn: { networkClient, authorityMetadata, cloudDiscoveryMetadata },
      signInTimeoutMs,
    },
  };
  return new EngineSession(host);
}

const signIn = (s: EngineSession) =>
  dispatch(s, 'entra.signIn', { cloud: 'global', tenant: tenantId, deviceCode: true }) as Promise<
    IpcResult<EntraStatus>
  >;

async function waitingStatus(s: EngineSession): Promise<EntraStatus> {
  for (;;) {
    const status = (await dispatch(s, 'entra.status', {})) as IpcResult<EntraStatus>;
    if (status.ok && status.value.signingIn) return status.value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a sign-in that never finishes', () => {
  it('shows that it waits, blocks no directory task, and Cancel ends it as cancelled', async () => {
    const s = session();
    const pending = signIn(s);
    const status = await waitingStatus(s);
    expect(status.signingIn?.since).toMatch(/^\d{4}-/);
    // The directory's long-task slot is free: a scan or a plan may start.
    expect(() => s.startLongCall()).not.toThrow();
    s.endLongCall();
    // A second sign-in is refused while one waits, saying where to cancel it.
    const second = await signIn(s);
    expect(second.ok || second.error.code).toBe('entra-sign-in-running');
    await dispatch(s, 'entra.cancel', {});
    const result = await pending;
    expect(result.ok || result.error.code).toBe('entra-sign-in-cancelled');
    const after = (await dispatch(s, 'entra.status', {})) as IpcResult<EntraStatus>;
    expect(after.ok && after.value.signingIn).toBeUndefined();
  });

  it('in the browser: Cancel also closes the loopback listener waiting for the redirect', async () => {
    const s = session();
    opened.length = 0;
    const pending = dispatch(s, 'entra.signIn', {
      cloud: 'global',
      tenant: tenantId,
      deviceCode: false,
    }) as Promise<IpcResult<EntraStatus>>;
    while (opened.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // The page shows the address too, to open by hand if no browser opened.
    expect((await waitingStatus(s)).signingIn?.signInUrl).toBe(opened[0]);
    const redirect = new URL(new URL(opened[0]!).searchParams.get('redirect_uri')!);
    const listening = `http://127.0.0.1:${redirect.port}/`;
    await expect(fetch(listening).then((r) => r.status)).resolves.toBe(200);
    await dispatch(s, 'entra.cancel', {});
    const result = await pending;
    expect(result.ok || result.error.code).toBe('entra-sign-in-cancelled');
    // The listener is gone: nothing waits on this computer for a sign-in nobody will finish.
    for (let i = 0; i < 100; i++) {
      const open = await fetch(listening).then(
        () => true,
        () => false,
      );
      if (!open) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await expect(fetch(listening)).rejects.toThrow();
  }, 60_000);

  it('is given up after the timeout, saying why', async () => {
    const s = session(300);
    const result = await signIn(s);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('entra-sign-in-timeout');
    expect(result.error.message).toMatch(/given up after 0\.3 seconds without an answer/);
    expect(result.error.fix).toMatch(/HTTPS_PROXY/);
    expect(s.signingIn).toBeUndefined();
  });

  it('in the browser with no route to Microsoft: fails at once naming the host, no browser opened', async () => {
    const s = session(600_000, noRoute);
    opened.length = 0;
    const started = Date.now();
    const result = (await dispatch(s, 'entra.signIn', {
      cloud: 'global',
      tenant: tenantId,
      deviceCode: false,
    })) as IpcResult<EntraStatus>;
    expect(result.ok || result.error.code).toBe('entra-unreachable');
    if (result.ok) return;
    expect(result.error.message).toBe(
      'The network: login.microsoftonline.com could not be reached (ENOTFOUND). Nothing was asked of the tenant.',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(opened).toEqual([]);
    expect(s.signingIn).toBeUndefined();
  });
});
