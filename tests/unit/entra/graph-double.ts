import { http, HttpResponse, type HttpHandler } from 'msw';

/**
 * A Microsoft Graph v1.0 test double as msw handlers, answering at a given base URL (the real
 * https://graph.microsoft.com/v1.0 in contract tests, 127.0.0.1 in the CLI test) with the
 * request and response shapes Microsoft documents for each call, including error bodies
 * `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`.
 */

export type GraphReadPath =
  | '/organization'
  | '/subscribedSkus'
  | '/me/transitiveMemberOf/microsoft.graph.directoryRole'
  | '/directory/onPremisesSynchronization'
  | '/policies/authorizationPolicy';

export type Fault =
  | { readonly status: 429 | 503; readonly retryAfter?: string }
  | { readonly status: 401 | 403 | 500 | 502 | 504 };

export interface RecordedRequest {
  readonly path: string;
  readonly url: URL;
  readonly headers: Headers;
}

export interface GraphTenant {
  /** The token the double accepts; anything else gets 401 InvalidAuthenticationToken. */
  acceptedToken: string;
  /** Faults answered, in order, before the normal answer, per path. */
  faults: Partial<Record<GraphReadPath, Fault[]>>;
  /** Items per page of a collection (paging with $skiptoken and @odata.nextLink). */
  pageSize: number;
  organization: Record<string, unknown>[];
  subscribedSkus: Record<string, unknown>[];
  directoryRoles: Record<string, unknown>[];
  onPremisesSynchronization: Record<string, unknown>[];
  authorizationPolicy: Record<string, unknown>;
  readonly requests: RecordedRequest[];
}

export const tenantId = '84f2e5a1-3c6b-4d51-9a3e-0b6f1c2d7e90';

/** A tenant as a Contoso admin would see it: synced, P1 via M365 Business Premium, HIA active. */
export function contosoTenant(now: Date = new Date()): GraphTenant {
  return {
    acceptedToken:
      'eyJ0eXAiOiJKV1QiLCJub25jZSI6IlRlc3QifQ.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLXRlc3Q',
    faults: {},
    pageSize: 100,
    organization: [
      {
        id: tenantId,
        displayName: 'Contoso',
        onPremisesSyncEnabled: true,
        onPremisesLastSyncDateTime: new Date(now.getTime() - 20 * 60_000)
          .toISOString()
          .replace(/\.\d+Z$/, 'Z'),
      },
    ],
    subscribedSkus: [
      {
        capabilityStatus: 'Enabled',
        consumedUnits: 14,
        id: `${tenantId}_f245ecc8-75af-4f8e-b61f-27d8114de5f3`,
        prepaidUnits: { enabled: 25, suspended: 0, warning: 0, lockedOut: 0 },
        servicePlans: [
          {
            servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
            servicePlanName: 'AAD_PREMIUM',
            provisioningStatus: 'Success',
            appliesTo: 'User',
          },
          {
            servicePlanId: '8a256a2b-b617-496d-b51b-e76466e88db0',
            servicePlanName: 'MFA_PREMIUM',
            provisioningStatus: 'Success',
            appliesTo: 'User',
          },
        ],
        skuId: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3',
        skuPartNumber: 'O365_BUSINESS_PREMIUM',
        appliesTo: 'User',
      },
      {
        capabilityStatus: 'Enabled',
        consumedUnits: 3,
        id: `${tenantId}_c42b9cae-ea4f-4ab7-9717-81576235ccac`,
        prepaidUnits: { enabled: 10, suspended: 0, warning: 0, lockedOut: 0 },
        servicePlans: [
          {
            servicePlanId: '113feb6c-3fe4-4440-bddc-54d774bf0318',
            servicePlanName: 'EXCHANGE_S_FOUNDATION',
            provisioningStatus: 'Success',
            appliesTo: 'Company',
          },
        ],
        skuId: 'c42b9cae-ea4f-4ab7-9717-81576235ccac',
        skuPartNumber: 'DEVELOPERPACK_E5',
        appliesTo: 'User',
      },
    ],
    directoryRoles: [
      {
        '@odata.type': '#microsoft.graph.directoryRole',
        id: '0b5a1c7e-6d3f-4a0e-8c2b-9f1e4d7a3c61',
        deletedDateTime: null,
        description:
          'Can manage AD to Azure AD cloud provisioning, Azure AD Connect, and federation settings.',
        displayName: 'Hybrid Identity Administrator',
        roleTemplateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
      },
      {
        '@odata.type': '#microsoft.graph.directoryRole',
        id: '5d2f8b9c-1e4a-4f6b-a7c3-2b8d6e0f1a94',
        deletedDateTime: null,
        description:
          'Can read everything that a Global Administrator can, but not update anything.',
        displayName: 'Global Reader',
        roleTemplateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
      },
    ],
    onPremisesSynchronization: [
      {
        id: tenantId,
        configuration: {
          accidentalDeletionPrevention: {
            synchronizationPreventionType: 'enabledForCount',
            alertThreshold: 500,
          },
          synchronizationInterval: 'PT30M',
        },
        features: {
          blockCloudObjectTakeoverThroughHardMatchEnabled: false,
          blockSoftMatchEnabled: false,
          bypassDirSyncOverridesEnabled: false,
          cloudPasswordPolicyForPasswordSyncedUsersEnabled: false,
          concurrentCredentialUpdateEnabled: false,
          concurrentOrgIdProvisioningEnabled: true,
          deviceWritebackEnabled: false,
          directoryExtensionsEnabled: false,
          fopeConflictResolutionEnabled: false,
          groupWriteBackEnabled: true,
          passwordSyncEnabled: true,
          passwordWritebackEnabled: true,
          quarantineUponProxyAddressesConflictEnabled: true,
          quarantineUponUpnConflictEnabled: true,
          softMatchOnUpnEnabled: true,
          synchronizeUpnForManagedUsersEnabled: true,
          unifiedGroupWritebackEnabled: true,
          userForcePasswordChangeOnLogonEnabled: false,
          userWritebackEnabled: false,
        },
      },
    ],
    authorizationPolicy: {
      '@odata.context':
        'https://graph.microsoft.com/v1.0/$metadata#policies/authorizationPolicy/$entity',
      id: 'authorizationPolicy',
      displayName: 'Authorization Policy',
      description: 'Used to manage authorization related settings across the company.',
      allowInvitesFrom: 'everyone',
      allowedToSignUpEmailBasedSubscriptions: true,
      allowedToUseSSPR: true,
      allowEmailVerifiedUsersToJoinOrganization: false,
      blockMsolPowerShell: false,
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        allowedToCreateSecurityGroups: true,
        allowedToReadOtherUsers: true,
      },
    },
    requests: [],
  };
}

/** Handlers for every read, at `base` (e.g. https://graph.microsoft.com/v1.0). */
export function graphHandlers(tenant: GraphTenant, base: string): HttpHandler[] {
  const collection = (
    path: GraphReadPath,
    items: () => Record<string, unknown>[],
    context: string,
  ) =>
    http.get(`${base}${path}`, ({ request }) => {
      const url = new URL(request.url);
      const refused = gate(tenant, path, request, url);
      if (refused !== undefined) return refused;
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const all = items();
      const page = all.slice(skip, skip + tenant.pageSize);
      const body: Record<string, unknown> = {
        '@odata.context': `${base.replace(/\/v1\.0$/, '')}/v1.0/$metadata#${context}`,
        value: page,
      };
      if (
        path === '/me/transitiveMemberOf/microsoft.graph.directoryRole' &&
        url.searchParams.get('$count') === 'true'
      ) {
        body['@odata.count'] = all.length;
      }
      if (skip + tenant.pageSize < all.length) {
        const next = new URL(url);
        next.searchParams.set('$skiptoken', String(skip + tenant.pageSize));
        body['@odata.nextLink'] = next.href;
      }
      return HttpResponse.json(body, { headers: graphHeaders(request) });
    });
  return [
    collection('/organization', () => tenant.organization, 'organization'),
    collection('/subscribedSkus', () => tenant.subscribedSkus, 'subscribedSkus'),
    collection(
      '/me/transitiveMemberOf/microsoft.graph.directoryRole',
      () => tenant.directoryRoles,
      'directoryRoles',
    ),
    collection(
      '/directory/onPremisesSynchronization',
      () => tenant.onPremisesSynchronization,
      'directory/onPremisesSynchronization',
    ),
    http.get(`${base}/policies/authorizationPolicy`, ({ request }) => {
      const refused = gate(tenant, '/policies/authorizationPolicy', request, new URL(request.url));
      return (
        refused ?? HttpResponse.json(tenant.authorizationPolicy, { headers: graphHeaders(request) })
      );
    }),
  ];
}

/** Records the request; answers a queued fault or a bad token; else lets it through. */
function gate(
  tenant: GraphTenant,
  path: GraphReadPath,
  request: Request,
  url: URL,
): Response | undefined {
  tenant.requests.push({ path, url, headers: new Headers(request.headers) });
  const fault = tenant.faults[path]?.shift();
  if (request.headers.get('authorization') !== `Bearer ${tenant.acceptedToken}`) {
    return graphError(
      request,
      401,
      'InvalidAuthenticationToken',
      'Access token has expired or is not yet valid.',
    );
  }
  if (fault === undefined) return undefined;
  switch (fault.status) {
    case 429:
    case 503: {
      const response = graphError(
        request,
        fault.status,
        fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
        fault.status === 429 ? 'Too many requests.' : 'The service is temporarily unavailable.',
      );
      if ('retryAfter' in fault && fault.retryAfter !== undefined)
        response.headers.set('Retry-After', fault.retryAfter);
      return response;
    }
    case 401:
      return graphError(
        request,
        401,
        'InvalidAuthenticationToken',
        'Access token has expired or is not yet valid.',
      );
    case 403:
      return graphError(
        request,
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    default:
      return graphError(
        request,
        fault.status,
        'generalException',
        'General exception while processing.',
      );
  }
}

let requestCounter = 0;

function graphHeaders(request: Request): Record<string, string> {
  requestCounter += 1;
  const requestId = `7f3e2a10-0000-4000-8000-${String(requestCounter).padStart(12, '0')}`;
  return {
    'request-id': requestId,
    'client-request-id': request.headers.get('client-request-id') ?? requestId,
    'x-ms-ags-diagnostic':
      '{"ServerInfo":{"DataCenter":"West Europe","Slice":"E","Ring":"5","ScaleUnit":"001","RoleInstance":"AM1PEPF0000A1B2"}}',
  };
}

export function graphError(
  request: Request,
  status: number,
  code: string,
  message: string,
): Response {
  const headers = graphHeaders(request);
  return HttpResponse.json(
    {
      error: {
        code,
        message,
        innerError: {
          date: '2026-11-22T19:20:00',
          'request-id': headers['request-id'],
          'client-request-id': headers['client-request-id'],
        },
      },
    },
    { status, headers },
  );
}
