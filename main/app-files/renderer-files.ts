/**
 * The built renderer's files as the app's own scheme (main/shell) and the dev bridge serve them:
 * only files inside the renderer folder (no `..`, encoded or not), with their content type and
 * the CSP. One copy, so the page the tests drive is served exactly as the app serves it.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../../shared/ipc/content-security-policy';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface RendererFile {
  readonly bytes: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** The file for a URL path, or undefined when it is outside the renderer or missing. */
export async function readRendererFile(
  rendererDir: string,
  pathname: string,
): Promise<RendererFile | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return undefined;
  }
  const root = normalize(rendererDir + sep);
  const file = normalize(join(root, relative));
  if (!file.startsWith(root)) return undefined;
  try {
    return {
      bytes: await readFile(file),
      headers: {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
      },
    };
  } catch {
    return undefined;
  }
}
