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
  /**
   * Where saved reports and Verify results go (the bridge has no save dialog): the journal
   * folder unless told otherwise, as evidence packs, so they sit beside the runs they describe
   * and never in the shared temp folder.
   */
  readonly reportFolder?: string;
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
  const listeners = new Set<ServerResponse>();
  const bridge: Bridge = {
    token: randomBytes(32).toString('hex'),
    listeners,
    session: new EngineSession(bridgeHost(options, listeners)),
    rendererDir: options.rendererDir,
    origin: '',
  };
  const server = createServer((request, response) => {
    handle(bridge, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`dev bridge: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  bridge.origin = `http://127.0.0.1:${port}`;
  return {
    url: `${bridge.origin}/#${bridgeTokenFragment}=${bridge.token}`,
    origin: bridge.origin,
    session: bridge.session,
    async close() {
      for (const response of listeners) response.end();
      await bridge.session.disconnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

/** What every request is checked against and served from. */
interface Bridge {
  readonly token: string;
  /** The open /events streams, which the engine's progress events are written to. */
  readonly listeners: Set<ServerResponse>;
  readonly session: EngineSession;
  readonly rendererDir: string;
  /** http://127.0.0.1:<port>, known once the server listens. */
  origin: string;
}

/** The engine's host in a browser: no dialogs, reports to a private folder, events as SSE. */
function bridgeHost(options: DevBridgeOptions, listeners: Set<ServerResponse>): EngineHost {
  return {
    kind: 'dev-bridge',
    version: process.env['npm_package_version'] ?? '0.1.0',
    journalFolder: options.journalFolder,
    ...(options.entra ? { entra: options.entra } : {}),
    openExternal: async (url) => options.onOpenExternal?.(url),
    saveFile: async (name, content) => {
      // A folder of the admin's (0700); a new file, never through a symlink. The page shows the path.
      const folder = options.reportFolder ?? options.journalFolder;
      await mkdir(folder, { recursive: true, mode: 0o700 });
      return writeReportFile(folder, name, content);
    },
    // No save dialog here: evidence packs go into the journal folder (engine-api says where).
    ...(options.adsync ? { adsync: options.adsync } : {}),
    emit: (event: ProgressEvent) => {
      const line = `data: ${JSON.stringify(event)}\n\n`;
      for (const response of listeners) response.write(line);
    },
  };
}

async function handle(
  bridge: Bridge,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', bridge.origin);
  if (request.headers.host !== new URL(bridge.origin).host) {
    return refuse(response, 421, 'wrong host');
  }
  // No CORS preflight is ever granted: only the page's own origin may send the token header.
  if (request.method === 'OPTIONS') return refuse(response, 403, 'no cross-origin calls');
  const isApi = url.pathname === '/events' || url.pathname.startsWith('/ipc/');
  if (isApi && !authorised(bridge, request)) {
    return refuse(response, 403, 'open the URL the bridge printed');
  }
  if (url.pathname === '/events' && request.method === 'GET') {
    return subscribe(bridge, request, response);
  }
  if (url.pathname.startsWith('/ipc/')) {
    if (request.method !== 'POST') return refuse(response, 405, 'POST only');
    if (request.headers.origin !== bridge.origin) return refuse(response, 403, 'cross-origin');
    return call(bridge, decodeURIComponent(url.pathname.slice(5)), request, response);
  }
  if (request.method !== 'GET') return refuse(response, 405, 'GET only');
  return serveStatic(bridge.rendererDir, url.pathname, response);
}

function authorised(bridge: Bridge, request: IncomingMessage): boolean {
  const given = request.headers[bridgeTokenHeader];
  return typeof given === 'string' && sameSecret(given, bridge.token);
}

/** The progress events, as server-sent events, until the page goes away. */
function subscribe(bridge: Bridge, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  bridge.listeners.add(response);
  request.on('close', () => bridge.listeners.delete(response));
}

/** One call of the contract, through the same dispatcher as the Electron shell. */
async function call(
  bridge: Bridge,
  channel: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  let payload: unknown;
  try {
    payload = body === '' ? {} : JSON.parse(body);
  } catch {
    payload = Symbol('not JSON');
  }
  const result = await dispatch(bridge.session, channel, payload);
  response.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(result));
}

async function serveStatic(
  rendererDir: string,
  pathname: string,
  response: ServerResponse,
): Promise<void> {
  const file = await readRendererFile(rendererDir, pathname);
  if (!file) return refuse(response, 404, 'not found');
  response.writeHead(200, { ...file.headers, 'cache-control': 'no-store' });
  response.end(file.bytes);
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
