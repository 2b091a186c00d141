/**
 * Electron's security checklist, in one place (https://www.electronjs.org/docs/latest/tutorial/security):
 * the window's web preferences, the session's permission and header handlers, navigation and
 * new-window denial, and the check every IPC message's sender must pass. Each piece is a plain
 * function so tests/unit/shell can check it with a mocked `electron`.
 */
import type {
  Certificate,
  Event,
  HandlerDetails,
  Session,
  WebContents,
  WebFrameMain,
  WebPreferences,
} from 'electron';
import { contentSecurityPolicy } from '../../shared/ipc/content-security-policy';
import { checkExternalLink } from '../engine-api/external-links';

/** The app's own origin in the packaged app (a privileged standard scheme, not file://). */
export const appScheme = 'app';
export const appOrigin = `${appScheme}://writeback`;

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
    devTools: !isPackaged(),
  };
}

function isPackaged(): boolean {
  return process.env['NODE_ENV'] === 'production';
}

/** No camera, notifications, clipboard reads, geolocation…: the wizard needs none of them. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}

/**
 * The app's 'select-client-certificate' listener. Since Electron 44 the event also covers `net`
 * requests and utility processes, and when no listener takes it Electron answers a server's
 * client-certificate request with the first matching certificate in the OS store. The wizard never
 * signs in with a client certificate (LDAPS and Graph run on Node's own TLS, never Electron's
 * network stack), so an admin's smart card or user certificate is never offered to anyone: the
 * request goes on without one.
 */
export function declineClientCertificate(
  event: Event,
  _contents: WebContents | null,
  _url: string,
  _certificates: Certificate[],
  callback: (certificate?: Certificate) => void,
): void {
  event.preventDefault();
  callback();
}

/**
 * The window never leaves the app: navigation elsewhere is stopped, new windows are denied, and
 * a link to Microsoft's sign-in or portal pages opens in the system browser instead.
 */
export function hardenContents(
  contents: WebContents,
  rendererOrigin: string,
  openExternal: (url: string) => Promise<void>,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!sameOrigin(url, rendererOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!sameOrigin(url, rendererOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details: HandlerDetails) => {
    try {
      void openExternal(checkExternalLink(details.url).href);
    } catch {
      // Not on the allow-list: nothing opens.
    }
    return { action: 'deny' };
  });
}

/** Only the app's own page, in its top frame, may call the engine. */
export function isTrustedSender(
  frame: WebFrameMain | null | undefined,
  rendererOrigin: string,
): boolean {
  if (!frame || frame.parent !== null) return false;
  return sameOrigin(frame.url, rendererOrigin);
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    const parsed = new URL(url);
    // Custom schemes have an opaque origin in WHATWG URL; compare scheme and host instead.
    return `${parsed.protocol}//${parsed.host}` === origin;
  } catch {
    return false;
  }
}
