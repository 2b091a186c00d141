import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Check } from '../../../shared/checks';
import { contosoTenant, type GraphTenant } from './graph-double';
import { startHttpsGraphDouble, type HttpsGraphDouble } from './https-graph-double';
import { processTestTimeoutMs } from '../../support/writeback-cli';

// This file starts the CLI as a process: a loaded machine must not fail it.
vi.setConfig({ testTimeout: processTestTimeoutMs });

/**
 * `writeback assess` end to end: the real `writeback` bin, as a child process, against an HTTPS Graph
 * double trusted through NODE_EXTRA_CA_CERTS, with the token in an environment variable.
 */
let tenant: GraphTenant;
let double: HttpsGraphDouble;

beforeAll(async () => {
  tenant = contosoTenant();
  double = await startHttpsGraphDouble(tenant);
}, 30_000);
afterAll(() => double.close());
beforeEach(() => {
  const fresh = contosoTenant();
  Object.assign(tenant, fresh, { requests: tenant.requests });
  tenant.requests.length = 0;
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function writeback(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/node', ['bin/writeback.mjs', ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function assess(extra: readonly string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return writeback(
    [
      'assess',
      '--json',
      '--graph-token-env',
      'GRAPH_TOKEN',
      '--graph-endpoint',
      double.baseUrl,
      ...extra,
    ],
    { GRAPH_TOKEN: tenant.acceptedToken, NODE_EXTRA_CA_CERTS: double.caFile, ...env },
  );
}

const byId = (checks: readonly Check[], id: string): Check => checks.find((c) => c.id === id)!;

describe('writeback assess against an HTTPS Graph double', () => {
  it('reports licences and roles, with AD marked not assessed, and never the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assess-'));
    const run = await assess([
      '--out',
      join(dir, 'report.json'),
      '--csv',
      join(dir, 'blockers.csv'),
    ]);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(run.stdout);
    // The CSV's columns belong to the report module; here only that it was written.
    expect(readFileSync(join(dir, 'blockers.csv'), 'utf8')).toContain('sAMAccountName');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      checks: Check[];
      blockers: unknown[];
      facts: Record<string, unknown>;
    };
    expect(byId(report.checks, 'entra.licence')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        'O365_BUSINESS_PREMIUM (AAD_PREMIUM; Enabled; 14 of 25 seats used)',
      ),
    });
    expect(byId(report.checks, 'entra.admin-role')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('Hybrid Identity Administrator'),
    });
    expect(byId(report.checks, 'entra.directory-sync').status).toBe('pass');
    expect(byId(report.checks, 'ad.connection')).toMatchObject({
      status: 'unknown',
      fix: expect.stringContaining('--dc'),
    });
    expect(report.blockers).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(tenant.acceptedToken);
    expect(tenant.requests.map((r) => r.path)).toContain(
      '/me/transitiveMemberOf/microsoft.graph.directoryRole',
    );
  }, 60_000);

  it('names the missing permission on a 403 and still reports the rest', async () => {
    tenant.faults['/subscribedSkus'] = [{ status: 403 }];
    tenant.faults['/directory/onPremisesSynchronization'] = [{ status: 403 }];
    const run = await assess();
    expect(run.code).toBe(0);
    const { checks } = JSON.parse(run.stdout) as { checks: Check[] };
    expect(byId(checks, 'entra.licence')).toMatchObject({
      status: 'unknown',
      message: expect.stringMatching(/Organization\.Read\.All.*/),
      details: expect.objectContaining({
        httpStatus: 403,
        graphCode: 'Authorization_RequestDenied',
        requestId: expect.any(String),
      }),
    });
    expect(byId(checks, 'entra.sync-features').message).toContain(
      'OnPremDirectorySynchronization.Read.All',
    );
    expect(byId(checks, 'entra.admin-role').status).toBe('pass');
    expect(run.stdout + run.stderr).not.toContain(tenant.acceptedToken);
  }, 60_000);

  it('a refused token exits 3, saying to get a fresh one, without echoing it', async () => {
    const wrong = 'eyJ0eXAiOiJKV1QifQ.eyJleHBpcmVkIjp0cnVlfQ.d3JvbmctdG9rZW4tc2lnbmF0dXJl';
    const run = await assess([], { GRAPH_TOKEN: wrong });
    expect(run.code).toBe(3);
    const { checks } = JSON.parse(run.stdout) as { checks: Check[] };
    expect(byId(checks, 'entra.connection')).toMatchObject({
      status: 'unknown',
      message: expect.stringContaining('InvalidAuthenticationToken'),
    });
    expect(run.stdout + run.stderr).not.toContain(wrong);
  }, 60_000);

  it('without NODE_EXTRA_CA_CERTS the double is not trusted (TLS verified by default)', async () => {
    const run = await assess([], { NODE_EXTRA_CA_CERTS: '' });
    expect(run.code).toBe(3);
    expect(
      byId((JSON.parse(run.stdout) as { checks: Check[] }).checks, 'entra.connection').message,
    ).toMatch(/Could not reach Microsoft Graph/);
  }, 60_000);

  it('an unset token variable is a usage error (exit 2) naming the variable', async () => {
    const run = await writeback(
      ['assess', '--json', '--graph-token-env', 'NO_SUCH_VAR', '--graph-endpoint', double.baseUrl],
      {},
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('NO_SUCH_VAR');
  }, 60_000);

  it('--no-graph skips every Entra check without contacting Graph', async () => {
    const run = await writeback(['assess', '--json', '--no-graph'], {});
    expect(run.code).toBe(0);
    const { checks } = JSON.parse(run.stdout) as { checks: Check[] };
    // No Connect server on this machine (--adsync defaults to none) and no --dc: both say so.
    expect(checks.map((c) => c.id)).toEqual(['entra.skipped', 'adsync.reachable', 'ad.connection']);
    expect(tenant.requests).toEqual([]);
  }, 60_000);
});
