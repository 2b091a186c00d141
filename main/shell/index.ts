/**
 * The Electron main process: one window, sandboxed, showing the renderer from the app's own
 * privileged scheme (never file://, so the CSP header and same-origin checks hold), with every
 * engine call going through registerIpc. Everything security-relevant is in security.ts.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { progressChannel } from '../../shared/ipc/channels';
import { contentSecurityPolicy } from '../../shared/ipc/content-security-policy';
import { PowerShellRunner } from '../adsync/powershell-runner';
import { defaultJournalFolder } from '../plan/journal';
import { nodeSpawner } from '../plan/run-options';
import { EngineSession } from '../engine-api/session';
import { encryptedFile } from '../entra/token-cache';
import { registerIpc } from './ipc';
import { safeStorageSecrets } from './secret-store';
import {
  appOrigin,
  appScheme,
  hardenContents,
  hardenSession,
  secureWebPreferences,
} from './security';

app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
/** electron-vite dev serves the renderer itself; the packaged app uses app://writeback. */
const devServer = process.env['ELECTRON_RENDERER_URL'];
const rendererOrigin = devServer ? new URL(devServer).origin : appOrigin;

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

async function serveRenderer(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const root = normalize(rendererDir + sep);
  const file = normalize(
    join(root, pathname === '/' ? 'index.html' : decodeURIComponent(pathname)),
  );
  if (!file.startsWith(root)) return new Response('not found', { status: 404 });
  try {
    return new Response(await readFile(file), {
      headers: {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

async function createWindow(engine: EngineSession): Promise<void> {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    title: 'Writeback Wizard',
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  });
  hardenContents(window.webContents, rendererOrigin, (url) => shell.openExternal(url));
  window.once('ready-to-show', () => window.show());
  engineWindow = window;
  await window.loadURL(devServer ?? `${appOrigin}/`);
  window.on('closed', () => {
    engineWindow = undefined;
    void engine.disconnect();
  });
}

let engineWindow: BrowserWindow | undefined;

void app.whenReady().then(async () => {
  hardenSession(session.defaultSession);
  protocol.handle(appScheme, serveRenderer);
  const engine = new EngineSession({
    kind: 'electron',
    version: app.getVersion(),
    journalFolder: defaultJournalFolder(),
    openExternal: (url) => shell.openExternal(url),
    async saveFile(suggestedName, content) {
      const options = { defaultPath: suggestedName };
      const choice = engineWindow
        ? await dialog.showSaveDialog(engineWindow, options)
        : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return undefined;
      const { writeFile } = await import('node:fs/promises');
      await writeFile(choice.filePath, content, { mode: 0o600 });
      return choice.filePath;
    },
    emit: (event) => engineWindow?.webContents.send(progressChannel, event),
    // On Windows the app may be on the Connect server itself: ADSync is reached locally (the
    // step reports clearly when the module is not there).
    ...(process.platform === 'win32'
      ? { adsync: new PowerShellRunner(nodeSpawner, { kind: 'local' }) }
      : {}),
    // The sign-in is remembered only encrypted by the OS (safeStorage; never basic_text).
    entra: {
      tokenCache: {
        secrets: safeStorageSecrets(safeStorage),
        blobs: encryptedFile(join(app.getPath('userData'), 'entra-token-cache.bin')),
      },
    },
  });
  registerIpc(ipcMain, engine, rendererOrigin);
  await createWindow(engine);
});

app.on('window-all-closed', () => app.quit());
// No other page, ever: a second window or a webview is refused wherever it comes from.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
