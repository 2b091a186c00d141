import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../main/entra/graph-middleware';
import { parseGraphBaseUrl } from '../../../main/entra/graph-reader';
import { fixedTokenSource } from '../../../main/entra/graph-token-source';
import { cloudByName, graphBaseUrl, nationalClouds } from '../../../main/entra/national-clouds';
import { redactSecrets } from '../../../main/entra/redact';
import { BrowserUnavailable } from '../../../main/entra/sign-in';
import { openInSystemBrowser } from '../../../main/entra/system-browser';
import { encryptedFile } from '../../../main/entra/token-cache';

describe('redactSecrets', () => {
  const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.abcDEF123_-xyz';
  it.each([
    [`Authorization: Bearer ${jwt}`, jwt],
    [`token ${jwt} was rejected`, jwt],
    ['{"access_token":"opaque-token-value-1234"}', 'opaque-token-value-1234'],
    ['refresh_token=0.AAAA-refresh-value&client_id=x', '0.AAAA-refresh-value'],
    ['Authorization: Bearer opaque.value.here', 'opaque.value.here'],
  ])('removes the token from %s', (text, secret) => {
    const result = redactSecrets(text);
    expect(result).not.toContain(secret);
    expect(result).toContain('[redacted]');
  });

  it('removes known secrets anywhere, and keeps ordinary words', () => {
    expect(redactSecrets('value s3cr3t-token-zz here', ['s3cr3t-token-zz'])).toBe(
      'value [redacted] here',
    );
    expect(redactSecrets('Insufficient privileges to complete the operation.')).toBe(
      'Insufficient privileges to complete the operation.',
    );
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-22T19:20:00Z');
  it('reads seconds and HTTP dates, and backs off without it', () => {
    expect(retryDelayMs('30', 0, now)).toBe(30_000);
    expect(retryDelayMs('Sun, 22 Nov 2026 19:20:10 GMT', 0, now)).toBe(10_000);
    expect(retryDelayMs('Sun, 22 Nov 2026 19:19:00 GMT', 0, now)).toBe(0);
    expect(retryDelayMs(null, 0, now)).toBe(1000);
    expect(retryDelayMs('garbage', 2, now)).toBe(4000);
  });
});

describe('--graph-endpoint', () => {
  it('accepts https base URLs with a version', () => {
    expect(parseGraphBaseUrl('https://graph.microsoft.com/v1.0').href).toBe(
      'https://graph.microsoft.com/v1.0',
    );
    expect(parseGraphBaseUrl('https://proxy.contoso.test:8443/graph/v1.0/').host).toBe(
      'proxy.contoso.test:8443',
    );
  });
  it.each([
    ['http://graph.microsoft.com/v1.0', 'entra-graph-endpoint-not-https'],
    ['not a url', 'entra-bad-graph-endpoint'],
    ['https://graph.microsoft.com', 'entra-bad-graph-endpoint'],
    ['https://user:pw@graph.microsoft.com/v1.0', 'entra-bad-graph-endpoint'],
  ])('refuses %s', (value, code) => {
    expect(() => parseGraphBaseUrl(value)).toThrow(expect.objectContaining({ code, exitCode: 2 }));
  });
});

describe('national clouds', () => {
  it('maps each cloud to its login and Graph hosts', () => {
    expect(graphBaseUrl(cloudByName('usgov'))).toBe('https://graph.microsoft.us/v1.0');
    expect(nationalClouds['usgov-dod'].graphHost).toBe('https://dod-graph.microsoft.us');
    expect(nationalClouds['usgov-dod'].loginHost).toBe('https://login.microsoftonline.us');
    expect(nationalClouds.china.loginHost).toBe('https://login.chinacloudapi.cn');
    expect(() => cloudByName('moon')).toThrow(
      expect.objectContaining({ code: 'entra-unknown-cloud' }),
    );
  });
});

describe('token sources and cache files', () => {
  it('a fixed token cannot be refreshed', async () => {
    const source = fixedTokenSource('abc');
    expect(await source.getAccessToken([], { forceRefresh: false })).toBe('abc');
    expect(await source.getAccessToken([], { forceRefresh: true })).toBeUndefined();
  });

  it('the encrypted cache file is owner-only and replaced whole', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cache-')), 'sub', 'msal.cache');
    const file = encryptedFile(path);
    expect(await file.read()).toBeUndefined();
    await file.write(new Uint8Array([1, 2, 3]));
    await file.write(new Uint8Array([4, 5]));
    expect([...readFileSync(path)]).toEqual([4, 5]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await file.remove();
    expect(await file.read()).toBeUndefined();
  });
});

describe('system browser opener (CLI)', () => {
  it('refuses anything but an https or loopback URL', async () => {
    await expect(openInSystemBrowser('file:///etc/passwd')).rejects.toBeInstanceOf(
      BrowserUnavailable,
    );
  });

  it.runIf(process.platform === 'linux')(
    'without a graphical session, says so (device code follows)',
    async () => {
      const saved = { display: process.env['DISPLAY'], wayland: process.env['WAYLAND_DISPLAY'] };
      delete process.env['DISPLAY'];
      delete process.env['WAYLAND_DISPLAY'];
      try {
        await expect(
          openInSystemBrowser('https://login.microsoftonline.com/x'),
        ).rejects.toBeInstanceOf(BrowserUnavailable);
      } finally {
        if (saved.display !== undefined) process.env['DISPLAY'] = saved.display;
        if (saved.wayland !== undefined) process.env['WAYLAND_DISPLAY'] = saved.wayland;
      }
    },
  );
});
