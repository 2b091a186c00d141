/**
 * Sign-in and Graph through an HTTP proxy: HTTPS_PROXY / NO_PROXY as curl
 * reads them, the OS proxy's PAC answer, and, against a local CONNECT proxy started here, the
 * real `writeback assess` reaching an HTTPS Graph double only through the tunnel (TLS verified
 * end to end), going direct for a NO_PROXY host, and a sign-in whose proxy refuses the tunnel
 * naming the network, the sign-in host and the proxy.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EntraSignIn } from '../../../main/entra/sign-in';
import { nationalClouds } from '../../../main/entra/national-clouds';
import { bypasses, proxyFromEnvironment, proxyFromPacResult } from '../../../main/entra/proxy';
import { WizardError } from '../../../shared/errors';
import { startConnectProxy, type ConnectProxy } from '../../support/connect-proxy';
import { processTestTimeoutMs } from '../../support/writeback-cli';
import { contosoTenant } from './graph-double';
import { startHttpsGraphDouble, type HttpsGraphDouble } from './https-graph-double';

vi.setConfig({ testTimeout: processTestTimeoutMs });

describe('which proxy, for which URL', () => {
  const url = (text: string) => new URL(text);

  it('reads NO_PROXY as curl does', () => {
    expect(bypasses(url('https://graph.microsoft.com/v1.0'), 'microsoft.com')).toBe(true);
    expect(bypasses(url('https://graph.microsoft.com/'), '.microsoft.com')).toBe(true);
    expect(bypasses(url('https://notmicrosoft.com/'), 'microsoft.com')).toBe(false);
    expect(bypasses(url('https://login.microsoftonline.com/'), 'contoso.com, *')).toBe(true);
    expect(bypasses(url('https://10.0.0.5:8443/'), '10.0.0.5:443')).toBe(false);
    expect(bypasses(url('https://10.0.0.5:8443/'), '10.0.0.5:8443')).toBe(true);
  });

  it('takes HTTPS_PROXY for https only, minus NO_PROXY', () => {
    const resolve = proxyFromEnvironment({
      HTTPS_PROXY: 'http://proxy.contoso.com:3128',
      NO_PROXY: 'graph.microsoft.com',
    });
    expect(resolve(url('https://login.microsoftonline.com/x'))).toBe(
      'http://proxy.contoso.com:3128',
    );
    expect(resolve(url('https://graph.microsoft.com/v1.0'))).toBeUndefined();
    expect(resolve(url('http://login.microsoftonline.com/'))).toBeUndefined();
    expect(proxyFromEnvironment({})(url('https://login.microsoftonline.com/'))).toBeUndefined();
  });

  it('reads the OS proxy from a PAC answer', () => {
    expect(proxyFromPacResult('PROXY proxy.contoso.com:8080; DIRECT')).toBe(
      'http://proxy.contoso.com:8080',
    );
    expect(proxyFromPacResult('DIRECT')).toBeUndefined();
    expect(proxyFromPacResult('SOCKS5 s:1080; PROXY p:3128')).toBe('http://p:3128');
  });
});

describe('through a local CONNECT proxy', () => {
  let double: HttpsGraphDouble;
  let proxy: ConnectProxy;
  const tenant = contosoTenant();
  beforeAll(async () => {
    double = await startHttpsGraphDouble(tenant);
    proxy = await startConnectProxy();
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await double?.close();
  });

  function assess(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        'node_modules/.bin/node',
        [
          'bin/writeback.mjs',
          'assess',
          '--json',
          '--graph-token-env',
          'GRAPH_TOKEN',
          '--graph-endpoint',
          double.baseUrl,
        ],
        {
          env: {
            PATH: process.env['PATH'] ?? '',
            HOME: process.env['HOME'] ?? '',
            GRAPH_TOKEN: tenant.acceptedToken,
            NODE_EXTRA_CA_CERTS: double.caFile,
            ...env,
          },
        },
      );
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout }));
    });
  }

  it('Graph goes through the tunnel, TLS verified against the real host', async () => {
    proxy.tunnels.length = 0;
    tenant.requests.length = 0;
    const run = await assess({ HTTPS_PROXY: proxy.url });
    const host = new URL(double.baseUrl).host;
    expect(proxy.tunnels).toContain(host);
    expect(tenant.requests.length).toBeGreaterThan(0);
    const report = JSON.parse(run.stdout) as { checks: { id: string; status: string }[] };
    expect(report.checks.some((c) => c.id.startsWith('entra.') && c.status === 'pass')).toBe(true);
  });

  it('a NO_PROXY host is reached directly', async () => {
    proxy.tunnels.length = 0;
    tenant.requests.length = 0;
    await assess({ HTTPS_PROXY: proxy.url, NO_PROXY: new URL(double.baseUrl).hostname });
    expect(proxy.tunnels).toEqual([]);
    expect(tenant.requests.length).toBeGreaterThan(0);
  });
});

describe('a sign-in behind a proxy that refuses the tunnel', () => {
  it('asks the proxy for the sign-in host, and says it is the network, naming both', async () => {
    const refusing = await startConnectProxy({ refuseWith: 403 });
    try {
      const signIn = new EntraSignIn(
        {
          cloud: nationalClouds.global,
          tenant: 'contoso.onmicrosoft.com',
          proxy: proxyFromEnvironment({ HTTPS_PROXY: refusing.url }),
        },
        { showDeviceCode: () => undefined, preferDeviceCode: true },
      );
      const error = await signIn.signIn(['User.Read']).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WizardError);
      expect((error as WizardError).code).toBe('entra-unreachable');
      expect((error as WizardError).message).toMatch(
        new RegExp(
          `^The network: login\\.microsoftonline\\.com could not be reached \\(the proxy ${refusing.url.replace(/[./]/g, '\\$&')} refused the tunnel to login\\.microsoftonline\\.com:443 \\(HTTP 403\\)\\)`,
        ),
      );
      expect(refusing.tunnels[0]).toBe('login.microsoftonline.com:443');
    } finally {
      await refusing.close();
    }
  });

  it('a browser sign-in asks the sign-in host first: it fails at once, naming it, and opens no browser', async () => {
    const refusing = await startConnectProxy({ refuseWith: 403 });
    const opened: string[] = [];
    try {
      const signIn = new EntraSignIn(
        {
          cloud: nationalClouds.global,
          tenant: 'contoso.onmicrosoft.com',
          proxy: proxyFromEnvironment({ HTTPS_PROXY: refusing.url }),
        },
        {
          // A browser that opens and is never answered: what no route to Microsoft looks like.
          openBrowser: async (url) => void opened.push(url),
          showDeviceCode: () => undefined,
          signal: AbortSignal.timeout(10_000),
        },
      );
      const started = Date.now();
      const error = await signIn.signIn(['User.Read']).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as WizardError).code).toBe('entra-unreachable');
      expect((error as WizardError).message).toMatch(
        /^The network: login\.microsoftonline\.com could not be reached \(the proxy .* refused the tunnel/,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(opened).toEqual([]);
    } finally {
      await refusing.close();
    }
  });
});
