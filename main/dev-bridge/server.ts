/**
 * The development bridge (README, "The desktop app": without Electron): a plain-Node HTTP
 * server on 127.0.0.1 that serves the built renderer and answers the same contract as the
 * Electron shell, through the same dispatcher, so the wizard runs in any browser with the real
 * engine behind it. Never packaged (electron-builder.yml excludes it; a test checks).
 *
 * Guarded like a local admin service should be: loopback only; a random per-run token, given
 * in the URL fragment and then required in a custom header on every call (never a cookie:
 * shared/ipc/dev-bridge-token.ts), so a cross-origin call needs a preflight it never gets; the
 * Host header must be this server (no DNS rebinding); POSTs must come from this origin. The
 * renderer's files are served without the token: they are the public app, nothing secret.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { readRendererFile } from '../app-files/renderer-files';
import { writeReportFile } from './report-folder';
import type { ProgressEvent } from '../../shared/ipc';
import { bridgeTokenFragment, bridgeTokenHeader } from '../../shared/ipc/dev-bridge-token';
import { dispatch } from '../engine-api/dispatch';
import {
  EngineSession,
  type AdsyncHost,
  type EngineHost,
  type EntraHostSettings,
} from '../engine-api/session';

export interface DevBridgeOptions {
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  readonly journalFolder: string;
  /** Where saved reports go (the bridge has no save dialog). */
  readonly reportFolder: string;
  readonly port?: number;
  /** Called instead of opening a browser (tests record it; the CLI prints it). */
  readonly onOpenExternal?: (url: string) => void;
  /** Entra sign-in settings (tests: the identity platform and Graph doubles). */
  readonly entra?: EntraHostSettings;
  /** ADSync PowerShell (tests: a stand-in Connect server); none otherwise. */
  readonly adsync?: AdsyncHost;
}

export interface DevBridge {
  /** The URL to open: the token in its fragment, which the page then sends in a header. */
  readonly url: string;
  readonly origin: string;
  readonly session: EngineSession;
  close(): Promise<void>;
}

export async function startDevBridge(options: DevBridgeOptions): Promise<DevBridge> {
  const token = randomBytes(32).toString('hex');
  const listeners = new Set<ServerResponse>();
  const host: EngineHost = {
    kind: 'dev-bridge',
    version: process.env['npm_package_version'] ?? '0.1.0',
    journalFolder: options.journalFolder,
    ...(options.entra ? { entra: options.entra } : {}),
    openExternal: async (url) => options.onOpenExternal?.(url),
    saveFile: async (name, content) => {
      // A folder of its own (0700) the caller gave; a new file, never through a symlink.
      await mkdir(options.reportFolder, { recursive: true, mode: 0o700 });
      return writeReportFile(options.reportFolder, name, content);
    },
    // No folder dialog here: evidence packs go into the private report folder.
    pickFolder: async () => {
      await mkdir(options.reportFolder, { recursive: true, mode: 0o700 });
      return options.reportFolder;
    },
    ...(options.adsync ? { adsync: options.adsync } : {}),
    emit: (event: ProgressEvent) => {
      const line = `data: ${JSON.stringify(event)}\n\n`;
      for (const response of listeners) response.write(line);
    },
  };
  const session = new EngineSession(host);
  let origin = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`dev bridge: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  const authorised = (request: IncomingMessage): boolean => {
    const given = request.headers[bridgeTokenHeader];
    return typeof given === 'string' && sameSecret(given, token);
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    if (request.headers.host !== new URL(origin).host) {
      return refuse(response, 421, 'wrong host');
    }
    // No CORS preflight is ever granted: only the page's own origin may send the token header.
    if (request.method === 'OPTIONS') return refuse(response, 403, 'no cross-origin calls');
    const isApi = url.pathname === '/events' || url.pathname.startsWith('/ipc/');
    if (isApi && !authorised(request)) {
      return refuse(response, 403, 'open the URL the bridge printed');
    }

    if (url.pathname === '/events' && request.method === 'GET') {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      return;
    }
    if (url.pathname.startsWith('/ipc/')) {
      if (request.method !== 'POST') return refuse(response, 405, 'POST only');
      if (request.headers.origin !== origin) return refuse(response, 403, 'cross-origin');
      const body = await readBody(request);
      let payload: unknown;
      try {
        payload = body === '' ? {} : JSON.parse(body);
      } catch {
        payload = Symbol('not JSON');
      }
      const result = await dispatch(session, decodeURIComponent(url.pathname.slice(5)), payload);
      response.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      return void response.end(JSON.stringify(result));
    }
    if (request.method !== 'GET') return refuse(response, 405, 'GET only');
    return serveStatic(url.pathname, response);
  }

  async function serveStatic(pathname: string, response: ServerResponse): Promise<void> {
    const file = await readRendererFile(options.rendererDir, pathname);
    if (!file) return refuse(response, 404, 'not found');
    response.writeHead(200, { ...file.headers, 'cache-control': 'no-store' });
    response.end(file.bytes);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#${bridgeTokenFragment}=${token}`,
    origin,
    session,
    async close() {
      for (const response of listeners) response.end();
      await session.disconnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

function refuse(response: ServerResponse, status: number, why: string): void {
  response.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
  response.end(why);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // The largest payload is a confirmation list of a big plan; 32 MiB is far above it.
    if (size > 32 * 1024 * 1024) throw new Error('request too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
