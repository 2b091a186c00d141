/**
 * The dev bridge is a local admin service for development and tests: loopback only, nothing
 * without the per-run token (from the URL fragment, sent in a header; never a cookie), no other Host (DNS
 * rebinding), no cross-origin POST, no file outside the renderer, and the same { ok, error }
 * results as the Electron shell.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevBridge, type DevBridge } from '../../../main/dev-bridge/server';

let bridge: DevBridge;
let tokenHeader: Record<string, string> = {};
const folder = mkdtempSync(join(tmpdir(), 'wb-bridge-'));

beforeAll(async () => {
  mkdirSync(join(folder, 'renderer'));
  writeFileSync(join(folder, 'renderer', 'index.html'), '<!doctype html><title>wizard</title>');
  writeFileSync(join(folder, 'secret.txt'), 'outside');
  bridge = await startDevBridge({
    rendererDir: join(folder, 'renderer'),
    journalFolder: join(folder, 'journals'),
  });
});

afterAll(async () => {
  await bridge?.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const { hostname, port } = new URL(bridge.origin);
  return new Promise((resolve, reject) => {
    // The path goes out as written (no URL normalisation), as a hostile client would send it.
    const req = request(
      { hostname, port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('the dev bridge', () => {
  it('listens on loopback only', () => {
    expect(new URL(bridge.origin).hostname).toBe('127.0.0.1');
  });

  it('answers no call without the token header, and serves the page (public code) with its CSP', async () => {
    expect((await send('/ipc/app.info', { method: 'POST', body: '{}' })).status).toBe(403);
    const wrong = { 'x-writeback-token': 'wrong', origin: bridge.origin };
    expect(
      (await send('/ipc/app.info', { method: 'POST', headers: wrong, body: '{}' })).status,
    ).toBe(403);
    tokenHeader = { 'x-writeback-token': new URL(bridge.url).hash.replace('#token=', '') };
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses another Host header (DNS rebinding) and files outside the renderer', async () => {
    expect((await send('/', { headers: { ...tokenHeader, host: 'evil.example' } })).status).toBe(
      421,
    );
    expect((await send('/../secret.txt', { headers: tokenHeader })).status).toBe(404);
    expect((await send('/..%2fsecret.txt', { headers: tokenHeader })).status).toBe(404);
    expect((await send('/%2e%2e%2f%2e%2e%2fetc%2fpasswd', { headers: tokenHeader })).status).toBe(
      404,
    );
  });

  it('answers the contract on POST from its own origin only', async () => {
    const post = (channel: string, body: string, origin = bridge.origin) =>
      send(`/ipc/${channel}`, {
        method: 'POST',
        headers: { ...tokenHeader, origin, 'content-type': 'application/json' },
        body,
      });
    const info = await post('app.info', '{}');
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { host: 'dev-bridge' } });
    expect((await post('app.info', '{}', 'https://evil.example')).status).toBe(403);
    expect(JSON.parse((await post('no.such', '{}')).body)).toMatchObject({
      ok: false,
      error: { code: 'ipc-unknown-channel' },
    });
    expect(JSON.parse((await post('assess.rows', 'not json')).body)).toMatchObject({
      ok: false,
      error: { code: 'ipc-bad-input' },
    });
    const noToken = await send('/ipc/app.info', {
      method: 'POST',
      headers: { origin: bridge.origin },
      body: '{}',
    });
    expect(noToken.status).toBe(403);
  });

  it('streams progress as server-sent events', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request(new URL('/events', bridge.origin), { headers: tokenHeader }, (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes('data: ')) {
            resolve(text);
            req.destroy();
          }
        });
      });
      req.on('error', (error) => (error.message.includes('aborted') ? undefined : reject(error)));
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    bridge.session.host.emit({ kind: 'scan', count: 42, ratePerSecond: 7 });
    expect(await received).toContain('"count":42');
  });
});

describe('saving without a save dialog', () => {
  it('puts a saved report in the journal folder, beside the runs, and gives its path', async () => {
    const path = await bridge.session.host.saveFile('writeback-verify-x.json', '{}\n');
    expect(path).toBe(join(folder, 'journals', 'writeback-verify-x.json'));
    expect(readFileSync(path!, 'utf8')).toBe('{}\n');
    // Saved again: a new name, never over the first.
    expect(await bridge.session.host.saveFile('writeback-verify-x.json', '{}\n')).toBe(
      join(folder, 'journals', 'writeback-verify-x-2.json'),
    );
  });
});
