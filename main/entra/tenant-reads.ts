import { z } from 'zod';
import { WizardError } from '../../shared/errors';
import type { GraphReader } from './graph-reader';
import type { EntraRead } from './graph-permissions';
import { field } from '../../shared/fields';

/**
 * The tenant facts writeback depends on, read from Graph (docs/domain-facts.md §5) into a typed
 * model the wizard shows and the checks judge. Shapes follow the Graph v1.0 resources;
 * zod keeps unknown fields out and reports a wrong shape instead of guessing.
 */

/** Service plans that carry SSPR with writeback (Entra ID P1 / P2), by servicePlanId. */
const premiumServicePlans = {
  AAD_PREMIUM: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
  AAD_PREMIUM_P2: 'eec0eb4f-6444-4f95-aba0-50c24d67f998',
} as const;
export type PremiumPlanName = keyof typeof premiumServicePlans;

/** Directory roles that may turn writeback on, by roleTemplateId (stable across tenants). */
const writebackAdminRoles = {
  hybridIdentityAdministrator: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
} as const;

export interface TenantSyncState {
  readonly tenantId: string;
  readonly displayName: string;
  readonly onPremisesSyncEnabled: boolean | null;
  readonly onPremisesLastSyncDateTime: string | null;
}

export interface PremiumLicence {
  readonly skuId: string;
  readonly skuPartNumber: string;
  /** Enabled, Warning (grace period), Suspended, Deleted, LockedOut. */
  readonly capabilityStatus: string;
  readonly plans: readonly { name: PremiumPlanName; provisioningStatus: string }[];
  readonly seatsEnabled: number;
  readonly seatsConsumed: number;
}

export interface DirectoryRoleHeld {
  readonly displayName: string;
  readonly roleTemplateId: string;
}

export interface AdminRoles {
  readonly active: readonly DirectoryRoleHeld[];
  readonly isHybridIdentityAdministrator: boolean;
  readonly isGlobalAdministrator: boolean;
}

export interface SyncFeatures {
  /** Every feature flag Graph returned, by name, for the Optional features page. */
  readonly features: Readonly<Record<string, boolean>>;
}

export interface SsprForAdmins {
  readonly allowedToUseSSPR: boolean;
}

const organization = z.object({
  id: z.string(),
  displayName: z.string().nullable().optional(),
  onPremisesSyncEnabled: z.boolean().nullable().optional(),
  onPremisesLastSyncDateTime: z.string().nullable().optional(),
});

const subscribedSku = z.object({
  skuId: z.string(),
  skuPartNumber: z.string(),
  capabilityStatus: z.string(),
  consumedUnits: z.number(),
  prepaidUnits: z.object({ enabled: z.number() }),
  servicePlans: z.array(
    z.object({ servicePlanId: z.string(), provisioningStatus: z.string().optional() }),
  ),
});

const directoryRole = z.object({
  displayName: z.string().nullable().optional(),
  roleTemplateId: z.string(),
});

const onPremisesSynchronization = z.object({
  features: z.record(z.string(), z.unknown()).nullable().optional(),
});

const authorizationPolicy = z.object({ allowedToUseSSPR: z.boolean() });

export async function readTenantSyncState(graph: GraphReader): Promise<TenantSyncState> {
  const org = parse(
    'tenant',
    organization,
    await firstItem(
      graph.getCollection('tenant', '/organization', {
        select: ['id', 'displayName', 'onPremisesSyncEnabled', 'onPremisesLastSyncDateTime'],
      }),
    ),
  );
  return {
    tenantId: org.id,
    displayName: org.displayName ?? '',
    onPremisesSyncEnabled: org.onPremisesSyncEnabled ?? null,
    onPremisesLastSyncDateTime: org.onPremisesLastSyncDateTime ?? null,
  };
}

/** SKUs that include an Entra ID P1 or P2 service plan; other SKUs are left out. */
export async function readPremiumLicences(graph: GraphReader): Promise<PremiumLicence[]> {
  const licences: PremiumLicence[] = [];
  const planNames = Object.entries(premiumServicePlans) as [PremiumPlanName, string][];
  for await (const item of graph.getCollection('licences', '/subscribedSkus', {
    select: [
      'skuId',
      'skuPartNumber',
      'capabilityStatus',
      'consumedUnits',
      'prepaidUnits',
      'servicePlans',
    ],
  })) {
    const sku = parse('licences', subscribedSku, item);
    const plans = planNames.flatMap(([name, id]) => {
      const plan = sku.servicePlans.find((p) => p.servicePlanId.toLowerCase() === id);
      return plan === undefined
        ? []
        : [{ name, provisioningStatus: plan.provisioningStatus ?? '' }];
    });
    if (plans.length === 0) continue;
    licences.push({
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      capabilityStatus: sku.capabilityStatus,
      plans,
      seatsEnabled: sku.prepaidUnits.enabled,
      seatsConsumed: sku.consumedUnits,
    });
  }
  return licences;
}

/**
 * Active directory roles of the signed-in admin, including through groups. The OData cast
 * is an advanced query: it needs `ConsistencyLevel: eventual` and `$count=true`. Roles that
 * are only PIM-eligible are not listed until activated.
 */
export async function readAdminRoles(graph: GraphReader): Promise<AdminRoles> {
  const active: DirectoryRoleHeld[] = [];
  for await (const item of graph.getCollection(
    'adminRoles',
    '/me/transitiveMemberOf/microsoft.graph.directoryRole',
    {
      select: ['id', 'displayName', 'roleTemplateId'],
      query: { $count: 'true' },
      headers: { ConsistencyLevel: 'eventual' },
    },
  )) {
    const role = parse('adminRoles', directoryRole, item);
    active.push({
      displayName: role.displayName ?? '',
      roleTemplateId: role.roleTemplateId.toLowerCase(),
    });
  }
  const holds = (id: string): boolean => active.some((role) => role.roleTemplateId === id);
  return {
    active,
    isHybridIdentityAdministrator: holds(writebackAdminRoles.hybridIdentityAdministrator),
    isGlobalAdministrator: holds(writebackAdminRoles.globalAdministrator),
  };
}

/**
 * All `features` of onPremisesDirectorySynchronization. `passwordWritebackEnabled` is kept
 * for display but is documented as unused: nothing here decides on it.
 */
export async function readSyncFeatures(graph: GraphReader): Promise<SyncFeatures> {
  // A collection with one entry per tenant (onPremisesDirectorySynchronization).
  const sync = parse(
    'syncFeatures',
    onPremisesSynchronization,
    await firstItem(graph.getCollection('syncFeatures', '/directory/onPremisesSynchronization')),
  );
  const features: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(sync.features ?? {})) {
    if (typeof value === 'boolean') features[name] = value;
  }
  return { features };
}

export async function readSsprForAdmins(graph: GraphReader): Promise<SsprForAdmins> {
  const policy = parse(
    'ssprForAdmins',
    authorizationPolicy,
    await graph.getJson('ssprForAdmins', '/policies/authorizationPolicy', {
      select: ['allowedToUseSSPR'],
    }),
  );
  return { allowedToUseSSPR: policy.allowedToUseSSPR };
}

/** The first entry of a one-entry collection; the rest of the pages are not fetched. */
async function firstItem(items: AsyncGenerator<unknown>): Promise<unknown> {
  // Leaving the loop closes the generator, so no further page is requested.
  for await (const item of items) return item;
  return undefined;
}

function parse<T>(read: EntraRead, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const where = result.error.issues[0];
  throw new WizardError(
    'entra-unexpected-response',
    `Microsoft Graph's answer for ${read} does not have the documented shape (${where?.path.join('.') || 'body'}: ${where?.message ?? 'invalid'}).`,
    `Check ${field('graphEndpoint')} points at Microsoft Graph v1.0 (or a faithful proxy) and run again.`,
  );
}
