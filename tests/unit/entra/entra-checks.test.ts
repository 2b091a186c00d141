import { describe, expect, it } from 'vitest';
import { entraChecks } from '../../../main/entra/entra-checks';
import type { EntraReadModel } from '../../../main/entra/entra-read-model';
import type { PremiumLicence } from '../../../main/entra/tenant-reads';

const now = new Date('2026-11-22T19:00:00Z');

function model(
  overrides: Partial<{ [K in keyof EntraReadModel]: EntraReadModel[K] }> = {},
): EntraReadModel {
  return {
    tenant: {
      ok: true,
      value: {
        tenantId: 't',
        displayName: 'Contoso',
        onPremisesSyncEnabled: true,
        onPremisesLastSyncDateTime: '2026-11-22T18:40:00Z',
      },
    },
    licences: { ok: true, value: [licence({})] },
    adminRoles: {
      ok: true,
      value: {
        active: [
          {
            displayName: 'Hybrid Identity Administrator',
            roleTemplateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
          },
        ],
        isHybridIdentityAdministrator: true,
        isGlobalAdministrator: false,
      },
    },
    syncFeatures: {
      ok: true,
      value: { features: { passwordSyncEnabled: true, passwordWritebackEnabled: true } },
    },
    ssprForAdmins: { ok: true, value: { allowedToUseSSPR: true } },
    ...overrides,
  };
}

function licence(overrides: Partial<PremiumLicence>): PremiumLicence {
  return {
    skuId: 'sku',
    skuPartNumber: 'AAD_PREMIUM',
    capabilityStatus: 'Enabled',
    plans: [{ name: 'AAD_PREMIUM', provisioningStatus: 'Success' }],
    seatsEnabled: 10,
    seatsConsumed: 4,
    ...overrides,
  };
}

const status = (m: EntraReadModel, id: string) => entraChecks(m, now).find((c) => c.id === id)!;

describe('Entra checks', () => {
  it('a healthy tenant passes every readable check; the SSPR writeback setting stays unknown', () => {
    const checks = entraChecks(model(), now);
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['entra.directory-sync', 'pass'],
      ['entra.licence', 'pass'],
      ['entra.admin-role', 'pass'],
      ['entra.sync-features', 'pass'],
      ['entra.sspr-admins', 'pass'],
      ['entra.sspr-writeback-setting', 'unknown'],
    ]);
    for (const check of checks.filter((c) => c.status === 'pass')) expect(check.fix).toBe('');
  });

  it('warns when the last sync is older than 3 hours, passes just under', () => {
    const at = (iso: string) =>
      model({
        tenant: {
          ok: true,
          value: {
            tenantId: 't',
            displayName: 'C',
            onPremisesSyncEnabled: true,
            onPremisesLastSyncDateTime: iso,
          },
        },
      });
    expect(status(at('2026-11-22T16:01:00Z'), 'entra.directory-sync').status).toBe('pass');
    const stale = status(at('2026-11-22T15:30:00Z'), 'entra.directory-sync');
    expect(stale.status).toBe('warn');
    expect(stale.message).toContain('3.5 hours');
    expect(stale.fix).toContain('Start-ADSyncSyncCycle');
  });

  it('fails a cloud-only tenant and warns when no sync time is reported', () => {
    const cloudOnly = model({
      tenant: {
        ok: true,
        value: {
          tenantId: 't',
          displayName: 'C',
          onPremisesSyncEnabled: null,
          onPremisesLastSyncDateTime: null,
        },
      },
    });
    expect(status(cloudOnly, 'entra.directory-sync').status).toBe('fail');
    const never = model({
      tenant: {
        ok: true,
        value: {
          tenantId: 't',
          displayName: 'C',
          onPremisesSyncEnabled: true,
          onPremisesLastSyncDateTime: null,
        },
      },
    });
    expect(status(never, 'entra.directory-sync').status).toBe('warn');
  });

  it.each([
    ['no premium SKU', [], 'fail'],
    ['over-assigned seats', [licence({ seatsConsumed: 12 })], 'warn'],
    ['grace period only', [licence({ capabilityStatus: 'Warning' })], 'warn'],
    ['suspended only', [licence({ capabilityStatus: 'Suspended' })], 'fail'],
    ['no enabled seats', [licence({ seatsEnabled: 0, seatsConsumed: 0 })], 'fail'],
    [
      'suspended P1 but active P2',
      [
        licence({ capabilityStatus: 'Suspended' }),
        licence({
          skuPartNumber: 'AAD_PREMIUM_P2',
          plans: [{ name: 'AAD_PREMIUM_P2', provisioningStatus: 'Success' }],
        }),
      ],
      'pass',
    ],
  ] as const)('licence: %s → %s', (_name, licences, expected) => {
    expect(status(model({ licences: { ok: true, value: licences } }), 'entra.licence').status).toBe(
      expected,
    );
  });

  it('without an active admin role: fail, and says PIM-eligible roles do not count until activated', () => {
    const check = status(
      model({
        adminRoles: {
          ok: true,
          value: {
            active: [
              {
                displayName: 'Global Reader',
                roleTemplateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
              },
            ],
            isHybridIdentityAdministrator: false,
            isGlobalAdministrator: false,
          },
        },
      }),
      'entra.admin-role',
    );
    expect(check.status).toBe('fail');
    expect(check.message).toContain('PIM-eligible');
    expect(check.message).toContain('Global Reader');
    expect(check.fix).toContain('Privileged Identity Management');
  });

  it('Global Administrator passes but points to the least-privileged role', () => {
    const check = status(
      model({
        adminRoles: {
          ok: true,
          value: { active: [], isHybridIdentityAdministrator: false, isGlobalAdministrator: true },
        },
      }),
      'entra.admin-role',
    );
    expect(check.status).toBe('pass');
    expect(check.message).toContain('Hybrid Identity Administrator is the least-privileged');
  });

  it('never reports passwordWritebackEnabled as a finding (documented as unused)', () => {
    const check = status(model(), 'entra.sync-features');
    expect(check.message).not.toContain('passwordWritebackEnabled');
    expect(check.details).toEqual({
      features: { passwordSyncEnabled: true, passwordWritebackEnabled: true },
    });
  });

  it('admins not allowed SSPR: warn', () => {
    expect(
      status(
        model({ ssprForAdmins: { ok: true, value: { allowedToUseSSPR: false } } }),
        'entra.sspr-admins',
      ).status,
    ).toBe('warn');
  });

  it('a read that failed becomes unknown with the error and its fix', () => {
    const check = status(
      model({
        ssprForAdmins: {
          ok: false,
          permissionMissing: true,
          error: {
            code: 'entra-permission-missing',
            message: 'needs Policy.Read.All',
            fix: 'Grant Policy.Read.All',
          },
          graph: {
            httpStatus: 403,
            graphCode: 'Authorization_RequestDenied',
            graphMessage: 'x',
            requestId: 'r-1',
          },
        },
      }),
      'entra.sspr-admins',
    );
    expect(check).toMatchObject({
      status: 'unknown',
      fix: 'Grant Policy.Read.All',
      details: { httpStatus: 403, requestId: 'r-1' },
    });
    expect(check.message).toContain('Policy.Read.All');
  });
});
