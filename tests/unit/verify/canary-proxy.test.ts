/**
 * The canary's resetPassword goes through the proxy like every other Graph call (HTTPS_PROXY /
 * NO_PROXY, or the app's OS proxy): on a network where only the proxy reaches Microsoft, a reset
 * that went direct would fail while sign-in and the Graph reads worked. A local CONNECT proxy
 * that refuses every tunnel shows which host the reset asked it for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedTokenSource } from '../../../main/entra/graph-token-source';
import { PasswordResetter } from '../../../main/entra/password-reset';
import { proxyFromEnvironment } from '../../../main/entra/proxy';
import { WizardError } from '../../../shared/errors';
import { startConnectProxy, type ConnectProxy } from '../../support/connect-proxy';

describe("the canary's resetPassword behind a proxy", () => {
  let proxy: ConnectProxy;
  beforeAll(async () => {
    proxy = await startConnectProxy({ refuseWith: 403 });
  });
  afterAll(() => proxy?.close());

  const resetter = (env: NodeJS.ProcessEnv) =>
    new PasswordResetter({
      baseUrl: 'https://graph.microsoft.com/v1.0',
      tokenSource: fixedTokenSource('test-token'),
      proxy: proxyFromEnvironment(env),
    });

  it('asks the proxy for Graph, and a refusing proxy is named in the error', async () => {
    proxy.tunnels.length = 0;
    const error = await resetter({ HTTPS_PROXY: proxy.url })
      .reset('user-1')
      .catch((e: unknown) => e);
    expect(proxy.tunnels).toEqual(['graph.microsoft.com:443']);
    expect(error).toBeInstanceOf(WizardError);
    expect((error as WizardError).code).toBe('entra-graph-unreachable');
    expect((error as WizardError).message).toContain(proxy.url);
    expect((error as WizardError).message).not.toContain('test-token');
  });

  it('goes direct for a NO_PROXY host', async () => {
    proxy.tunnels.length = 0;
    await resetter({ HTTPS_PROXY: proxy.url, NO_PROXY: 'graph.microsoft.com' })
      .reset('user-1')
      .catch(() => undefined);
    expect(proxy.tunnels).toEqual([]);
  });
});
