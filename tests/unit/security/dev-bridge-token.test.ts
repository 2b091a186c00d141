/**
 * Finding 5: the dev bridge's cookie was its token. Cookies are not separated by port, so the
 * browser sent it to any other service on 127.0.0.1, which could replay it. The token now
 * travels in the URL fragment (never sent to any server) and then only in a custom header,
 * which forces a CORS preflight that the bridge never grants.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevBridge, type DevBridge } from '../../../main/dev-bridge/server';

let bridge: DevBridge;
let token = '';

beforeAll(async () => {
  const folder = mkdtempSync(join(tmpdir(), 'wb-sec5-'));
  mkdirSync(join(folder, 'renderer'));
  writeFileSync(join(folder, 'renderer', 'index.html'), '<!doctype html><title>wizard</title>');
  bridge = await startDevBridge({
    rendererDir: join(folder, 'renderer'),
    journalFolder: join(folder, 'journals'),
    reportFolder: join(folder, 'reports'),
  });
  token =
    new URLSearchParams(new URL(bridge.url).hash.slice(1)).get('token') ??
    new URL(bridge.url).searchParams.get('token') ??
    '';
});
afterAll(async () => {
  await bridge?.close();
});

function send(path: string, method = 'GET', headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(bridge.origin);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ hostname, port, path, method, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      if (method === 'POST') req.write('{}');
      req.end();
    },
  );
}

describe('finding 5: the dev bridge keeps its token out of cookies', () => {
  it('puts the token in the URL fragment, which no browser sends to a server', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(new URL(bridge.url).search).toBe('');
    expect(new URL(bridge.url).hash).toBe(`#token=${token}`);
  });

  it('never sets a cookie, and a replayed cookie holding the token opens nothing', async () => {
    const traded = await send(`/?token=${token}`);
    expect(traded.headers['set-cookie']).toBeUndefined();
    const replay = await send('/ipc/app.info', 'POST', {
      cookie: `writeback-bridge=${token}`,
      origin: bridge.origin,
      'content-type': 'application/json',
    });
    expect(replay.status).toBe(403);
  });

  it('answers the contract only with the token header from its own origin, and grants no preflight', async () => {
    const ok = await send('/ipc/app.info', 'POST', {
      'x-writeback-token': token,
      origin: bridge.origin,
      'content-type': 'application/json',
    });
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true });
    const preflight = await send('/ipc/app.info', 'OPTIONS', {
      origin: 'http://127.0.0.1:1',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'x-writeback-token',
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    const events = await send('/events', 'GET', { cookie: `writeback-bridge=${token}` });
    expect(events.status).toBe(403);
  });
});
