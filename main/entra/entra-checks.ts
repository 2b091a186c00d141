import type { Check } from '../../shared/checks';
import type { EntraReadModel, ReadOutcome } from './entra-read-model';
import type {
  AdminRoles,
  PremiumLicence,
  SsprForAdmins,
  SyncFeatures,
  TenantSyncState,
} from './tenant-reads';

/** Entra Connect syncs every 30 minutes by default; hours without a sync mean it stalled. */
const staleSyncAfterMs = 3 * 60 * 60 * 1000;

/** The Entra ID checks of `writeback assess`, from the read model (pure: testable as data). */
export function entraChecks(model: EntraReadModel, now: Date): Check[] {
  return [
    judge('entra.directory-sync', 'Directory synchronization', model.tenant, (t) =>
      syncCheck(t, now),
    ),
    judge('entra.licence', 'Entra ID P1 or P2 licence', model.licences, licenceCheck),
    judge(
      'entra.admin-role',
      'Hybrid Identity or Global Administrator',
      model.adminRoles,
      roleCheck,
    ),
    judge('entra.sync-features', 'Synchronization features', model.syncFeatures, featuresCheck),
    judge('entra.sspr-admins', 'Administrators may use SSPR', model.ssprForAdmins, ssprAdminsCheck),
    writebackSettingCheck(),
  ];
}

type Verdict = Omit<Check, 'id' | 'title'>;

function judge<T>(
  id: string,
  title: string,
  read: ReadOutcome<T>,
  verdict: (value: T) => Verdict,
): Check {
  if (read.ok) return { id, title, ...verdict(read.value) };
  return {
    id,
    title,
    status: 'unknown',
    message: `Could not be checked: ${read.error.message}`,
    fix: read.error.fix,
    details: {
      errorCode: read.error.code,
      ...(read.graph === undefined
        ? {}
        : {
            httpStatus: read.graph.httpStatus,
            graphCode: read.graph.graphCode,
            requestId: read.graph.requestId,
            clientRequestId: read.graph.clientRequestId,
          }),
    },
  };
}

function syncCheck(tenant: TenantSyncState, now: Date): Verdict {
  const details = {
    tenantId: tenant.tenantId,
    tenant: tenant.displayName,
    lastSync: tenant.onPremisesLastSyncDateTime,
  };
  if (tenant.onPremisesSyncEnabled !== true) {
    return {
      status: 'fail',
      message: `Tenant ${tenant.displayName} does not synchronize from an on-premises directory, so there are no on-premises users to write passwords back to.`,
      fix: 'Install Microsoft Entra Connect (or Connect cloud sync) and synchronize users from Active Directory first.',
      details,
    };
  }
  const last =
    tenant.onPremisesLastSyncDateTime === null
      ? Number.NaN
      : Date.parse(tenant.onPremisesLastSyncDateTime);
  if (Number.isNaN(last)) {
    return {
      status: 'warn',
      message: 'Directory synchronization is on, but the tenant reports no last sync time.',
      fix: 'Check the Entra Connect server: the ADSync service must run and complete a sync cycle.',
      details,
    };
  }
  const hours = (now.getTime() - last) / 3_600_000;
  if (now.getTime() - last > staleSyncAfterMs) {
    return {
      status: 'warn',
      message: `Directory synchronization is on, but the last sync was ${hours.toFixed(1)} hours ago (${tenant.onPremisesLastSyncDateTime}); Entra Connect normally syncs every 30 minutes.`,
      fix: 'On the Entra Connect server, check the ADSync service and Synchronization Service Manager for errors, then run Start-ADSyncSyncCycle -PolicyType Delta.',
      details,
    };
  }
  return {
    status: 'pass',
    message: `Tenant ${tenant.displayName} synchronizes from on-premises; last sync ${tenant.onPremisesLastSyncDateTime}.`,
    fix: '',
    details,
  };
}

function licenceCheck(licences: readonly PremiumLicence[]): Verdict {
  const details = {
    licences: licences.map((l) => ({
      skuPartNumber: l.skuPartNumber,
      capabilityStatus: l.capabilityStatus,
      plans: l.plans.map((p) => p.name),
      seatsEnabled: l.seatsEnabled,
      seatsConsumed: l.seatsConsumed,
    })),
  };
  const describe = (l: PremiumLicence): string =>
    `${l.skuPartNumber} (${l.plans.map((p) => p.name).join(', ')}; ${l.capabilityStatus}; ${l.seatsConsumed} of ${l.seatsEnabled} seats used)`;
  const usable = licences.filter((l) => l.capabilityStatus === 'Enabled' && l.seatsEnabled > 0);
  if (usable.length > 0) {
    const over = usable.filter((l) => l.seatsConsumed > l.seatsEnabled);
    if (over.length > 0) {
      return {
        status: 'warn',
        message: `Entra ID premium licences are active but over-assigned: ${over.map(describe).join('; ')}.`,
        fix: 'Buy more seats or remove assignments, so every user who resets a password is licensed.',
        details,
      };
    }
    return {
      status: 'pass',
      message: `Entra ID premium licence present: ${usable.map(describe).join('; ')}.`,
      fix: '',
      details,
    };
  }
  const inGrace = licences.filter((l) => l.capabilityStatus === 'Warning');
  if (inGrace.length > 0) {
    return {
      status: 'warn',
      message: `Entra ID premium licences are in their grace period (Warning): ${inGrace.map(describe).join('; ')}. Writeback stops when they expire.`,
      fix: 'Renew the subscription in the Microsoft 365 admin center.',
      details,
    };
  }
  return {
    status: 'fail',
    message:
      licences.length === 0
        ? 'The tenant has no subscription with Entra ID P1 or P2 (service plan AAD_PREMIUM or AAD_PREMIUM_P2); password writeback needs one.'
        : `The tenant's Entra ID premium subscriptions are not usable: ${licences.map(describe).join('; ')}.`,
    fix: 'Get Entra ID P1 or P2, or a bundle that includes it (Microsoft 365 Business Premium, E3/E5, EMS E3/E5, F1/F3), and assign it to the users.',
    details,
  };
}

function roleCheck(roles: AdminRoles): Verdict {
  const details = { activeRoles: roles.active.map((r) => r.displayName) };
  if (roles.isHybridIdentityAdministrator || roles.isGlobalAdministrator) {
    const held = roles.isHybridIdentityAdministrator
      ? 'Hybrid Identity Administrator'
      : 'Global Administrator';
    return {
      status: 'pass',
      message: `The signed-in account holds ${held}, which may turn on password writeback.${roles.isHybridIdentityAdministrator ? '' : ' Hybrid Identity Administrator is the least-privileged role for it.'}`,
      fix: '',
      details,
    };
  }
  return {
    status: 'fail',
    message: `The signed-in account holds neither Hybrid Identity Administrator nor Global Administrator as an active role${
      roles.active.length > 0
        ? ` (active: ${roles.active.map((r) => r.displayName).join(', ')})`
        : ''
    }. A role that is only PIM-eligible is not active and does not appear here.`,
    fix: 'Activate Hybrid Identity Administrator in Privileged Identity Management (or have it assigned), then sign in again.',
    details,
  };
}

function featuresCheck(sync: SyncFeatures): Verdict {
  const on = Object.entries(sync.features)
    // Documented as unused: shown on the Optional features page, never judged.
    .filter(([name, value]) => value && name !== 'passwordWritebackEnabled')
    .map(([name]) => name);
  return {
    status: 'pass',
    message:
      on.length === 0
        ? 'No optional synchronization features are on.'
        : `Synchronization features on: ${on.join(', ')}.`,
    fix: '',
    details: { features: sync.features },
  };
}

function ssprAdminsCheck(policy: SsprForAdmins): Verdict {
  if (policy.allowedToUseSSPR) {
    return {
      status: 'pass',
      message:
        'Administrators may use self-service password reset (authorizationPolicy.allowedToUseSSPR).',
      fix: '',
    };
  }
  return {
    status: 'warn',
    message:
      'Administrators may not use self-service password reset (authorizationPolicy.allowedToUseSSPR is false): writeback will work for users, but an admin cannot test it with their own account.',
    fix: 'Test writeback with a non-admin user, or allow SSPR for administrators if your policy permits.',
  };
}

/** No supported Graph API reads the SSPR "Write back passwords" setting (docs/domain-facts.md §5). */
function writebackSettingCheck(): Check {
  return {
    id: 'entra.sspr-writeback-setting',
    title: 'SSPR "Write back passwords to your on-premises directory"',
    status: 'unknown',
    message: 'Microsoft Graph has no supported API for this setting, so it cannot be read.',
    fix: 'Check it in the Entra admin center: Protection > Password reset > On-premises integration, "Enable password write back for synced users".',
  };
}
