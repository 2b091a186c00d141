import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { entraChecks } from '../../../main/entra/entra-checks';
import { readEntraModel } from '../../../main/entra/entra-read-model';
import { GraphFailure } from '../../../main/entra/graph-failure';
import type { ThrottlePolicy } from '../../../main/entra/graph-middleware';
import { GraphReader } from '../../../main/entra/graph-reader';
import type { GraphTokenSource } from '../../../main/entra/graph-token-source';
import {
  readAdminRoles,
  readPremiumLicences,
  readSsprForAdmins,
  readSyncFeatures,
  readTenantSyncState,
} from '../../../main/entra/tenant-reads';
import { contosoTenant, graphHandlers, type GraphReadPath, type GraphTenant } from './graph-double';

const base = 'https://graph.microsoft.com/v1.0';
const server = setupServer();
let tenant: GraphTenant;
let slept: number[];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  tenant = contosoTenant();
  slept = [];
  server.use(...graphHandlers(tenant, base));
});
afterEach(() => server.resetHandlers());

const instantThrottle: ThrottlePolicy = {
  maxRetries: 3,
  maxTotalWaitMs: 30_000,
  sleep: (ms) => {
    slept.push(ms);
    return Promise.resolve();
  },
  now: () => Date.parse('2026-11-22T19:20:00Z'),
  attemptTimeoutMs: 2_000,
};

/** A token source like a signed-in account: an old token first, a newer one on refresh. */
function signedIn(
  first: string,
  refreshed: string | undefined,
): GraphTokenSource & { calls: { scopes: readonly string[]; forceRefresh: boolean }[] } {
  const calls: { scopes: readonly string[]; forceRefresh: boolean }[] = [];
  return {
    calls,
    getAccessToken: (scopes, { forceRefresh }) => {
      calls.push({ scopes, forceRefresh });
      return Promise.resolve(forceRefresh ? refreshed : first);
    },
  };
}

function reader(
  tokenSource: GraphTokenSource = signedIn(tenant.acceptedToken, undefined),
): GraphReader {
  return new GraphReader({ baseUrl: base, tokenSource, throttle: instantThrottle });
}

interface ReadCase {
  readonly name: string;
  readonly path: GraphReadPath;
  readonly scope: string;
  readonly paged: boolean;
  readonly read: (graph: GraphReader) => Promise<unknown>;
}

const reads: ReadCase[] = [
  {
    name: 'tenant',
    path: '/organization',
    scope: 'Organization.Read.All',
    paged: true,
    read: readTenantSyncState,
  },
  {
    name: 'licences',
    path: '/subscribedSkus',
    scope: 'Organization.Read.All',
    paged: true,
    read: readPremiumLicences,
  },
  {
    name: 'admin roles',
    path: '/me/transitiveMemberOf/microsoft.graph.directoryRole',
    scope: 'User.Read',
    paged: true,
    read: readAdminRoles,
  },
  {
    name: 'sync features',
    path: '/directory/onPremisesSynchronization',
    scope: 'OnPremDirectorySynchronization.Read.All',
    paged: true,
    read: readSyncFeatures,
  },
  {
    name: 'SSPR for admins',
    path: '/policies/authorizationPolicy',
    scope: 'Policy.Read.All',
    paged: false,
    read: readSsprForAdmins,
  },
];

describe('Graph reads: documented request shapes', () => {
  it('reads the tenant with $select, a bearer token and a client-request-id', async () => {
    const state = await readTenantSyncState(reader());
    expect(state).toEqual({
      tenantId: tenant.organization[0]!['id'],
      displayName: 'Contoso',
      onPremisesSyncEnabled: true,
      onPremisesLastSyncDateTime: tenant.organization[0]!['onPremisesLastSyncDateTime'],
    });
    const [request] = tenant.requests;
    expect(request!.url.pathname).toBe('/v1.0/organization');
    expect(request!.url.searchParams.get('$select')).toBe(
      'id,displayName,onPremisesSyncEnabled,onPremisesLastSyncDateTime',
    );
    expect(request!.headers.get('authorization')).toBe(`Bearer ${tenant.acceptedToken}`);
    expect(request!.headers.get('client-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('asks for directory roles with ConsistencyLevel: eventual and $count=true', async () => {
    const roles = await readAdminRoles(reader());
    expect(roles.isHybridIdentityAdministrator).toBe(true);
    expect(roles.isGlobalAdministrator).toBe(false);
    expect(roles.active.map((r) => r.displayName)).toEqual([
      'Hybrid Identity Administrator',
      'Global Reader',
    ]);
    const [request] = tenant.requests;
    expect(request!.headers.get('consistencylevel')).toBe('eventual');
    expect(request!.url.searchParams.get('$count')).toBe('true');
    expect(request!.url.searchParams.get('$select')).toBe('id,displayName,roleTemplateId');
  });

  it('finds Entra ID P1 by service plan id, not by SKU name, with seats', async () => {
    const licences = await readPremiumLicences(reader());
    expect(licences).toEqual([
      {
        skuId: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3',
        skuPartNumber: 'O365_BUSINESS_PREMIUM',
        capabilityStatus: 'Enabled',
        plans: [{ name: 'AAD_PREMIUM', provisioningStatus: 'Success' }],
        seatsEnabled: 25,
        seatsConsumed: 14,
      },
    ]);
  });

  it('keeps every sync feature for the Optional features page', async () => {
    const sync = await readSyncFeatures(reader());
    expect(Object.keys(sync.features)).toHaveLength(19);
    expect(sync.features['groupWriteBackEnabled']).toBe(true);
  });

  it('reads allowedToUseSSPR with $select', async () => {
    expect(await readSsprForAdmins(reader())).toEqual({ allowedToUseSSPR: true });
    expect(tenant.requests[0]!.url.searchParams.get('$select')).toBe('allowedToUseSSPR');
  });
});

describe.each(reads)('Graph read $name under trouble', ({ path, scope, paged, read }) => {
  it.runIf(paged)('follows @odata.nextLink across pages, keeping headers', async () => {
    tenant.pageSize = 1;
    tenant.organization.push({ id: 'ffffffff-0000-0000-0000-000000000000', displayName: 'Other' });
    tenant.onPremisesSynchronization.push({ id: 'second', features: {} });
    await read(reader());
    const forPath = tenant.requests.filter((r) => r.path === path);
    if (path === '/organization' || path === '/directory/onPremisesSynchronization') {
      // One-entry collections: the first entry is enough, no further page is fetched.
      expect(forPath).toHaveLength(1);
      return;
    }
    expect(forPath).toHaveLength(2);
    expect(forPath[1]!.url.searchParams.get('$skiptoken')).toBe('1');
    expect(forPath[1]!.url.searchParams.get('$select')).toBe(
      forPath[0]!.url.searchParams.get('$select'),
    );
    expect(forPath[1]!.headers.get('authorization')).toBe(`Bearer ${tenant.acceptedToken}`);
    expect(forPath[1]!.headers.get('consistencylevel')).toBe(
      forPath[0]!.headers.get('consistencylevel'),
    );
  });

  it('waits Retry-After on 429, then succeeds', async () => {
    tenant.faults[path] = [{ status: 429, retryAfter: '7' }];
    await read(reader());
    expect(slept).toEqual([7000]);
    expect(tenant.requests.filter((r) => r.path === path)).toHaveLength(2);
  });

  it('waits Retry-After (an HTTP date) on 503, then succeeds', async () => {
    tenant.faults[path] = [{ status: 503, retryAfter: 'Sun, 22 Nov 2026 19:20:05 GMT' }];
    await read(reader());
    expect(slept).toEqual([5000]);
  });

  it('gives up when throttling outlasts the bound, naming the request-id', async () => {
    tenant.faults[path] = [
      { status: 429, retryAfter: '20' },
      { status: 429, retryAfter: '20' },
    ];
    const failure = await read(reader()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphFailure);
    expect((failure as GraphFailure).code).toBe('entra-throttled');
    expect((failure as GraphFailure).message).toMatch(/TooManyRequests.*request-id 7f3e2a10-/);
    expect(slept).toEqual([20_000]);
  });

  it('on 401 re-authenticates silently once and succeeds', async () => {
    const tokens = signedIn('expired-token-value-000', tenant.acceptedToken);
    await read(reader(tokens));
    expect(tokens.calls.map((c) => c.forceRefresh)).toContain(true);
    expect(tokens.calls[0]!.scopes).toEqual([scope]);
  });

  it('on 401 without a newer token fails with exit 3 and never echoes the token', async () => {
    const secret = 'eyJhbGciOiJub25lIn0.eyJzZWNyZXQiOiJ0b3AifQ.c2VjcmV0LXNpZ25hdHVyZQ';
    const failure = (await read(reader(signedIn(secret, undefined))).catch(
      (e: unknown) => e,
    )) as GraphFailure;
    expect(failure.code).toBe('entra-unauthenticated');
    expect(failure.exitCode).toBe(3);
    expect(
      JSON.stringify({ ...failure.toInfo(), facts: failure.facts, stack: failure.stack }),
    ).not.toContain(secret);
  });

  it('on 403 names the missing permission and the ids', async () => {
    tenant.faults[path] = [{ status: 403 }];
    const failure = (await read(reader()).catch((e: unknown) => e)) as GraphFailure;
    expect(failure.code).toBe('entra-permission-missing');
    expect(failure.message).toContain(scope);
    expect(failure.message).toContain('Authorization_RequestDenied');
    expect(failure.facts.requestId).toMatch(/^7f3e2a10-/);
    expect(failure.facts.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(failure.fix).toContain(scope);
  });

  it.each([500, 502, 504] as const)(
    'on %i reports a Graph fault with its request-id',
    async (status) => {
      tenant.faults[path] = [{ status }];
      const failure = (await read(reader()).catch((e: unknown) => e)) as GraphFailure;
      expect(failure.code).toBe('entra-graph-unavailable');
      expect(failure.facts.httpStatus).toBe(status);
      expect(failure.message).toMatch(/generalException.*request-id/);
    },
  );
});

describe('the read model and its checks', () => {
  it('a 403 on one read makes only that check unknown, naming the permission', async () => {
    tenant.faults['/subscribedSkus'] = [{ status: 403 }];
    const model = await readEntraModel(reader());
    const checks = entraChecks(model, new Date());
    const licence = checks.find((c) => c.id === 'entra.licence')!;
    expect(licence.status).toBe('unknown');
    expect(licence.message).toContain('Organization.Read.All');
    expect(licence.details).toMatchObject({
      httpStatus: 403,
      graphCode: 'Authorization_RequestDenied',
    });
    expect(checks.find((c) => c.id === 'entra.admin-role')!.status).toBe('pass');
    expect(checks.find((c) => c.id === 'entra.directory-sync')!.status).toBe('pass');
  });

  it('a token refused everywhere stops the Entra side (exit 3), not five unknowns', async () => {
    await expect(
      readEntraModel(reader(signedIn('not-the-token-12345', undefined))),
    ).rejects.toMatchObject({
      code: 'entra-unauthenticated',
      exitCode: 3,
    });
  });

  it('refuses a nextLink to another host, so the token stays with Graph', async () => {
    server.use(
      http.get(`${base}/subscribedSkus`, () =>
        Response.json({
          value: [],
          '@odata.nextLink': 'https://evil.example/v1.0/subscribedSkus?$skiptoken=1',
        }),
      ),
    );
    await expect(readPremiumLicences(reader())).rejects.toMatchObject({
      code: 'entra-foreign-next-link',
    });
  });

  it('refuses a paging link that loops back to an earlier page', async () => {
    server.use(
      http.get(`${base}/subscribedSkus`, () =>
        Response.json({ value: [], '@odata.nextLink': `${base}/subscribedSkus?$skiptoken=same` }),
      ),
    );
    await expect(readPremiumLicences(reader())).rejects.toMatchObject({
      code: 'entra-unexpected-response',
    });
  });

  it('a Graph that never answers ends in a clear error, not a hang', async () => {
    server.use(http.get(`${base}/policies/authorizationPolicy`, () => delay('infinite')));
    const graph = new GraphReader({
      baseUrl: base,
      tokenSource: signedIn(tenant.acceptedToken, undefined),
      throttle: { ...instantThrottle, attemptTimeoutMs: 50 },
    });
    await expect(readSsprForAdmins(graph)).rejects.toMatchObject({
      code: 'entra-graph-unreachable',
      exitCode: 3,
    });
  });

  it('asks for every scope of the assessment once, before the reads', async () => {
    const prepared: (readonly string[])[] = [];
    const tokens = {
      ...signedIn(tenant.acceptedToken, undefined),
      prepare: (scopes: readonly string[]) => {
        prepared.push(scopes);
        return Promise.resolve();
      },
    };
    await readEntraModel(reader(tokens));
    expect(prepared).toEqual([
      [
        'Organization.Read.All',
        'Organization.Read.All',
        'User.Read',
        'OnPremDirectorySynchronization.Read.All',
        'Policy.Read.All',
      ],
    ]);
    expect(new Set(tokens.calls.map((c) => c.scopes[0]))).toEqual(
      new Set([
        'Organization.Read.All',
        'User.Read',
        'OnPremDirectorySynchronization.Read.All',
        'Policy.Read.All',
      ]),
    );
  });

  it('qualifies scopes with the Graph resource in a national cloud', async () => {
    const usBase = 'https://graph.microsoft.us/v1.0';
    server.use(...graphHandlers(tenant, usBase));
    const tokens = signedIn(tenant.acceptedToken, undefined);
    await readSsprForAdmins(
      new GraphReader({
        baseUrl: usBase,
        tokenSource: tokens,
        throttle: instantThrottle,
        scopeResource: 'https://graph.microsoft.us',
      }),
    );
    expect(tokens.calls[0]!.scopes).toEqual(['https://graph.microsoft.us/Policy.Read.All']);
  });

  it('blanks out a token that a proxy echoes in its error message', async () => {
    const opaque = 'opaque-token-value-not-a-jwt-0123456789';
    tenant.acceptedToken = opaque;
    server.use(
      http.get(`${base}/policies/authorizationPolicy`, ({ request }) =>
        Response.json(
          {
            error: {
              code: 'BadGateway',
              message: `upstream refused token ${(request.headers.get('authorization') ?? '').slice('Bearer '.length)}`,
            },
          },
          { status: 502 },
        ),
      ),
    );
    const failure = (await readSsprForAdmins(reader(signedIn(opaque, undefined))).catch(
      (e: unknown) => e,
    )) as GraphFailure;
    expect(failure.code).toBe('entra-graph-unavailable');
    expect(failure.message).toContain('[redacted]');
    expect(JSON.stringify({ ...failure.toInfo(), facts: failure.facts })).not.toContain(opaque);
  });

  it('does not follow a redirect (the token would go with it)', async () => {
    let followed = false;
    server.use(
      http.get(`${base}/policies/authorizationPolicy`, () =>
        Response.redirect('https://graph.microsoft.com/v1.0/elsewhere', 302),
      ),
      http.get(`${base}/elsewhere`, () => {
        followed = true;
        return Response.json({ allowedToUseSSPR: true });
      }),
    );
    await expect(readSsprForAdmins(reader())).rejects.toMatchObject({
      code: 'entra-graph-request-failed',
    });
    expect(followed).toBe(false);
  });
});
