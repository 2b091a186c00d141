import { spawn } from 'node:child_process';
import { BrowserUnavailable } from './sign-in';
import { childEnvironment } from '../platform/child-environment';
import { windowsSystemProgram } from '../platform/windows-system';

/**
 * Opens a URL in the OS's default browser for the CLI's sign-in (the desktop app passes
 * shell.openExternal instead). Without a graphical session there is no browser: the caller
 * then falls back to device code.
 */
export async function openInSystemBrowser(url: string): Promise<void> {
  if (!isOpenable(url)) {
    throw new BrowserUnavailable(`refused to open a URL that is neither https nor this machine`);
  }
  const [command, args] = openerFor(process.platform, url);
  if (command === undefined) throw new BrowserUnavailable('no graphical session');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: 'ignore',
      detached: true,
      windowsHide: true,
      env: childEnvironment(),
    });
    child.once('error', () => reject(new BrowserUnavailable(`${command} could not be started`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

/** https anywhere, or http to this machine's loopback exactly (MSAL's redirect listener). */
function isOpenable(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function openerFor(platform: NodeJS.Platform, url: string): [string | undefined, string[]] {
  if (platform === 'win32')
    return [windowsSystemProgram('rundll32.exe'), ['url.dll,FileProtocolHandler', url]];
  if (platform === 'darwin') return ['open', [url]];
  const graphical = process.env['DISPLAY'] ?? process.env['WAYLAND_DISPLAY'];
  return graphical === undefined || graphical === '' ? [undefined, []] : ['xdg-open', [url]];
}
