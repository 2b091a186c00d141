/**
 * The Electron shell against Electron's security checklist, with `electron` mocked (the binary
 * cannot be downloaded here): exact web preferences, every permission denied, navigation and
 * new windows stopped (allow-listed Microsoft pages go to the system browser), a foreign frame's
 * IPC refused before the engine sees it, bad payloads answered with { ok: false, error }, and the
 * token cache refused under Linux's basic_text "encryption".
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IpcMain, SafeStorage, Session, WebContents, WebFrameMain } from 'electron';
import {
  contentSecurityPolicy,
  contentSecurityPolicyMeta,
} from '../../../shared/ipc/content-security-policy';
import { channelNames } from '../../../shared/ipc/channels';
import { EngineSession } from '../../../main/engine-api/session';

vi.mock('electron', () => ({}));

const {
  secureWebPreferences,
  hardenSession,
  hardenContents,
  isTrustedSender,
  appOrigin,
  declineClientCertificate,
} = await import('../../../main/shell/security');
const { registerIpc, untrustedSender } = await import('../../../main/shell/ipc');
const { shellMode } = await import('../../../main/shell/shell-mode');
const { safeStorageSecrets } = await import('../../../main/shell/secret-store');

const frame = (url: string, parent: unknown = null) => ({ url, parent }) as unknown as WebFrameMain;

function fakeSession() {
  const handlers: Record<string, (...args: never[]) => unknown> = {};
  const session = {
    setPermissionRequestHandler: (h: never) => (handlers.request = h),
    setPermissionCheckHandler: (h: never) => (handlers.check = h),
    setDevicePermissionHandler: (h: never) => (handlers.device = h),
    webRequest: { onHeadersReceived: (h: never) => (handlers.headers = h) },
  } as unknown as Session;
  return { session, handlers };
}

function fakeContents() {
  const events: Record<string, (...args: unknown[]) => void> = {};
  let windowOpen: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: (...args: unknown[]) => void) => (events[name] = listener),
    setWindowOpenHandler: (h: typeof windowOpen) => (windowOpen = h),
  } as unknown as WebContents;
  return { contents, events, open: (url: string) => windowOpen!({ url }) };
}

const engine = () =>
  new EngineSession({
    kind: 'electron',
    version: 'test',
    journalFolder: '/nonexistent',
    openExternal: async () => undefined,
    saveFile: async () => undefined,
    emit: () => undefined,
  });

describe('the window', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is isolated, sandboxed, without Node, with web security and nothing experimental: every setting, nothing left to a default', () => {
    // In development (shellMode: not packaged) DevTools are on; that is the only difference.
    expect(secureWebPreferences('/app/preload/index.cjs', true)).toEqual({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    });
  });

  it('has no DevTools in the packaged app, whatever NODE_ENV says', () => {
    vi.stubEnv('NODE_ENV', 'development');
    expect(secureWebPreferences('/app/preload/index.cjs').devTools).toBe(false);
    const { devTools } = shellMode(true, { NODE_ENV: 'development' });
    expect(secureWebPreferences('/app/preload/index.cjs', devTools).devTools).toBe(false);
  });
});

describe('the session', () => {
  it('denies every permission request and check, and sends the CSP on every response', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    const answers: boolean[] = [];
    // Older and newer names alike (Electron 45 added local-network-access, loopback-network,
    // smart-card…): the handler denies by default, not by list.
    const permissions = [
      'media',
      'notifications',
      'clipboard-read',
      'geolocation',
      'display-capture',
      'local-network-access',
      'loopback-network',
      'smart-card',
      'openExternal',
    ];
    for (const permission of permissions)
      (handlers.request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(
        {},
        permission,
        (ok) => answers.push(ok),
      );
    expect(answers).toEqual(permissions.map(() => false));
    expect((handlers.check as () => boolean)()).toBe(false);
    expect((handlers.device as () => boolean)()).toBe(false);
    let headers: Record<string, string[]> = {};
    (
      handlers.headers as (
        d: unknown,
        cb: (r: { responseHeaders: Record<string, string[]> }) => void,
      ) => void
    )(
      { responseHeaders: { 'Content-Type': ['text/html'] } },
      (response) => (headers = response.responseHeaders),
    );
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy]);
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-(eval|inline)/);
  });

  it('index.html carries the same CSP as the header, less frame-ancestors (a header-only directive)', () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(contentSecurityPolicyMeta);
    expect(meta).not.toContain('frame-ancestors');
    expect(contentSecurityPolicy).toBe(`${contentSecurityPolicyMeta}; frame-ancestors 'none'`);
  });
});

describe('navigation and new windows', () => {
  it('stays on the app, denies new windows, and sends only allow-listed pages to the browser', async () => {
    const { contents, events, open } = fakeContents();
    const opened: string[] = [];
    hardenContents(contents, appOrigin, async (url) => void opened.push(url));
    const navigate = (url: string) => {
      let prevented = false;
      events['will-navigate']!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${appOrigin}/index.html`)).toBe(false);
    let webview = false;
    events['will-attach-webview']!({ preventDefault: () => (webview = true) });
    expect(webview).toBe(true);
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('https://portal.azure.com/#view/x')).toEqual({ action: 'deny' });
    expect(open('http://portal.azure.com/')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(opened).toEqual(['https://portal.azure.com/#view/x']);
  });
});

describe('client certificates', () => {
  it('never offers one: the request goes on without a certificate, even when the OS store has a match', () => {
    let prevented = false;
    const answers: unknown[][] = [];
    const certificate = { subjectName: 'CN=admin', fingerprint: 'sha256/x' } as never;
    declineClientCertificate(
      { preventDefault: () => (prevented = true) } as never,
      null,
      'https://login.microsoftonline.com/',
      [certificate],
      (...args: unknown[]) => void answers.push(args),
    );
    expect(prevented).toBe(true);
    expect(answers).toEqual([[]]);
  });
});

describe('IPC', () => {
  function registered() {
    const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, handler: never) => handlers.set(channel, handler),
    } as unknown as IpcMain;
    registerIpc(ipcMain, engine(), appOrigin);
    return handlers;
  }

  it('registers exactly one handler per channel of the contract', () => {
    expect([...registered().keys()].sort()).toEqual([...channelNames].sort());
  });

  it('refuses a sender that is not the app’s own top frame before the engine sees it', async () => {
    const handlers = registered();
    const info = handlers.get('app.info')!;
    expect(await info({ senderFrame: frame('https://evil.example/') }, {})).toEqual(
      untrustedSender,
    );
    expect(await info({ senderFrame: frame(`${appOrigin}/`, frame(`${appOrigin}/`)) }, {})).toEqual(
      untrustedSender,
    );
    expect(await info({ senderFrame: null }, {})).toEqual(untrustedSender);
    expect(await info({ senderFrame: frame(`${appOrigin}/`) }, {})).toMatchObject({
      ok: true,
      value: { host: 'electron' },
    });
    expect(isTrustedSender(frame('app://writeback.evil/'), appOrigin)).toBe(false);
  });

  it('answers a bad payload with { ok: false, error } and never a stack', async () => {
    const handlers = registered();
    const result = (await handlers.get('directory.connect')!(
      { senderFrame: frame(`${appOrigin}/`) },
      { url: 'ldaps://dc1', bindUser: 'a', password: 'p', extra: 'field' },
    )) as { ok: boolean; error: { code: string; message: string; fix: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('ipc-bad-input');
    expect(Object.keys(result.error).sort()).toEqual(['code', 'fix', 'message']);
    expect(JSON.stringify(result)).not.toMatch(/\bat \S+:\d+:\d+/);
    const link = (await handlers.get('external.open')!(
      { senderFrame: frame(`${appOrigin}/`) },
      { url: 'https://evil.example/' },
    )) as { ok: boolean; error: { code: string } };
    expect(link).toMatchObject({ ok: false, error: { code: 'link-refused' } });
  });
});

describe('the token cache’s encryption', () => {
  // The asynchronous calls are there and refuse: on Linux their fixed-key fallback cannot be
  // told from a keyring, so the store must keep to the synchronous ones (secret-store.ts).
  const asyncRefused = () => Promise.reject(new Error('the async safeStorage API was used'));
  const storage = (backend: string, available = true) =>
    ({
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => backend,
      encryptString: (text: string) => Buffer.from(`enc:${text}`),
      decryptString: (bytes: Buffer) => bytes.toString().slice(4),
      isAsyncEncryptionAvailable: asyncRefused,
      encryptStringAsync: asyncRefused,
      decryptStringAsync: asyncRefused,
    }) as unknown as SafeStorage;

  it('round-trips through the OS keyring', async () => {
    const secrets = safeStorageSecrets(storage('gnome_libsecret'), 'linux');
    expect(await secrets.decrypt(await secrets.encrypt('refresh-token'))).toBe('refresh-token');
  });

  it('refuses Linux’s basic_text backend and a machine without encryption', async () => {
    await expect(
      safeStorageSecrets(storage('basic_text'), 'linux').encrypt('x'),
    ).rejects.toMatchObject({
      code: 'secrets-basic-text',
    });
    await expect(
      safeStorageSecrets(storage('', false), 'win32').encrypt('x'),
    ).rejects.toMatchObject({
      code: 'secrets-unavailable',
    });
  });
});
