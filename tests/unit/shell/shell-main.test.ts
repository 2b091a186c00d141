/**
 * The main process's start-up, with `electron` mocked: the sandbox is enabled for every
 * renderer before anything else, the app's own scheme is registered as a secure standard
 * scheme (so the renderer is never loaded from file://), every later web contents is denied
 * new windows and webviews, and no client certificate is ever chosen for the admin.
 */
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({
  enableSandbox: 0,
  schemes: [] as unknown[],
  appEvents: new Map<string, (...args: unknown[]) => void>(),
}));

vi.mock('electron', () => ({
  app: {
    enableSandbox: () => void calls.enableSandbox++,
    whenReady: () => new Promise(() => undefined),
    on: (name: string, listener: (...args: unknown[]) => void) =>
      calls.appEvents.set(name, listener),
    getVersion: () => '0.0.0',
    getPath: () => '/tmp',
  },
  protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => calls.schemes.push(...schemes) },
  BrowserWindow: class {},
  dialog: {},
  ipcMain: {},
  safeStorage: {},
  session: {},
  shell: {},
}));

describe('the main process at start-up', () => {
  it('enables the sandbox, registers app:// as secure, and denies windows and webviews everywhere', async () => {
    await import('../../../main/shell/index');
    expect(calls.enableSandbox).toBe(1);
    expect(calls.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    let windowOpen: (() => { action: string }) | undefined;
    let webview = false;
    calls.appEvents.get('web-contents-created')!(
      {},
      {
        setWindowOpenHandler: (handler: () => { action: string }) => (windowOpen = handler),
        on: (name: string, listener: (event: { preventDefault(): void }) => void) => {
          if (name === 'will-attach-webview') listener({ preventDefault: () => (webview = true) });
        },
      },
    );
    expect(windowOpen?.()).toEqual({ action: 'deny' });
    expect(webview).toBe(true);
  });

  it('answers every client-certificate request itself, so Electron never picks one from the OS store', async () => {
    const { declineClientCertificate } = await import('../../../main/shell/security');
    await import('../../../main/shell/index');
    expect(calls.appEvents.get('select-client-certificate')).toBe(declineClientCertificate);
  });
});
