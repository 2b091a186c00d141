import { spawn } from 'node:child_process';
import { BrowserUnavailable } from './sign-in';

/**
 * Opens a URL in the OS's default browser for the CLI's sign-in (the desktop app passes
 * shell.openExternal instead). Without a graphical session there is no browser: the caller
 * then falls back to device code.
 */
export async function openInSystemBrowser(url: string): Promise<void> {
  if (!url.startsWith('https://') && !url.startsWith('http://localhost')) {
    throw new BrowserUnavailable(`refused to open a non-https URL`);
  }
  const [command, args] = openerFor(process.platform, url);
  if (command === undefined) throw new BrowserUnavailable('no graphical session');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.once('error', () => reject(new BrowserUnavailable(`${command} could not be started`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

function openerFor(platform: NodeJS.Platform, url: string): [string | undefined, string[]] {
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  if (platform === 'darwin') return ['open', [url]];
  const graphical = process.env['DISPLAY'] ?? process.env['WAYLAND_DISPLAY'];
  return graphical === undefined || graphical === '' ? [undefined, []] : ['xdg-open', [url]];
}
