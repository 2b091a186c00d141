/**
 * The Electron main process: one window, sandboxed, showing the renderer from the app's own
 * privileged scheme (never file://, so the CSP header and same-origin checks hold), with every
 * engine call going through registerIpc. Everything security-relevant is in security.ts.
 */
import { dirname, join } from 'node:path';
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
import { readRendererFile } from '../app-files/renderer-files';
import {
  defaultJournalFolder,
  encryptedFile,
  proxyFromSystem,
  windowsAdsyncHost,
} from '../engine-api/host';
import { EngineSession } from '../engine-api/session';
import { appWords } from '../engine-api/words';
import { toErrorInfo } from '../../shared/errors';
import { registerIpc } from './ipc';
import { safeStorageSecrets } from './secret-store';
import { shellMode } from './shell-mode';
import { refuseDisabledTlsVerification } from '../platform/tls-verification';
import {
  appOrigin,
  appScheme,
  declineClientCertificate,
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
/** electron-vite dev serves the renderer itself; the packaged app uses app://writeback only. */
const { devServer, devTools } = shellMode(app.isPackaged, process.env);
const rendererOrigin = devServer ? new URL(devServer).origin : appOrigin;

async function serveRenderer(request: Request): Promise<Response> {
  const file = await readRendererFile(rendererDir, new URL(request.url).pathname);
  return file
    ? new Response(new Uint8Array(file.bytes), { headers: file.headers })
    : new Response('not found', { status: 404 });
}

async function createWindow(engine: EngineSession): Promise<void> {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    title: 'Writeback Wizard',
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs'), devTools),
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
  try {
    refuseDisabledTlsVerification();
  } catch (error) {
    // Worded for the app: the fix names the app's fields, never a flag.
    const { message, fix } = toErrorInfo(error, appWords);
    dialog.showErrorBox('Writeback Wizard', `${message}\n\n${fix}`);
    app.quit();
    return;
  }
  hardenSession(session.defaultSession);
  protocol.handle(appScheme, serveRenderer);
  const adsync = windowsAdsyncHost();
  const engine = new EngineSession({
    kind: 'electron',
    version: app.getVersion(),
    journalFolder: defaultJournalFolder(),
    openExternal: (url) => shell.openExternal(url),
    async saveFile(suggestedName, content) {
      // Windows and macOS ask before overwriting; Linux's dialog only when told to.
      const options = {
        defaultPath: suggestedName,
        properties: ['showOverwriteConfirmation' as const],
      };
      const choice = engineWindow
        ? await dialog.showSaveDialog(engineWindow, options)
        : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return undefined;
      const { writeFile } = await import('node:fs/promises');
      await writeFile(choice.filePath, content, { mode: 0o600 });
      return choice.filePath;
    },
    async chooseEvidenceFolder(suggestedName) {
      // The pack is a new folder (and a zip beside it) the admin names; engine-api refuses a
      // name already taken, so nothing is ever overwritten.
      const options = {
        title: 'Save the evidence pack',
        buttonLabel: 'Save evidence pack',
        defaultPath: join(app.getPath('documents'), suggestedName),
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const choice = engineWindow
        ? await dialog.showSaveDialog(engineWindow, options)
        : await dialog.showSaveDialog(options);
      return choice.canceled || !choice.filePath ? undefined : choice.filePath;
    },
    emit: (event) => engineWindow?.webContents.send(progressChannel, event),
    // ADSync on the Connect server itself, or from a Windows jump box over remoting.
    ...(adsync ? { adsync } : {}),
    // The sign-in is remembered only encrypted by the OS (safeStorage; never basic_text).
    entra: {
      tokenCache: {
        secrets: safeStorageSecrets(safeStorage),
        blobs: encryptedFile(join(app.getPath('userData'), 'entra-token-cache.bin')),
      },
      // Sign-in and Graph through the system's proxy (PAC included), HTTPS_PROXY first.
      proxy: proxyFromSystem((url) => session.defaultSession.resolveProxy(url)),
    },
  });
  registerIpc(ipcMain, engine, rendererOrigin);
  await createWindow(engine);
});

app.on('window-all-closed', () => app.quit());
app.on('select-client-certificate', declineClientCertificate);
// No other page, ever: a second window or a webview is refused wherever it comes from.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
