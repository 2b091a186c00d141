import { toErrorInfo, type ErrorInfo } from '../../shared/errors';
import { GraphFailure, type GraphErrorFacts } from './graph-failure';
import type { GraphReader } from './graph-reader';
import {
  readAdminRoles,
  readPremiumLicences,
  readSsprForAdmins,
  readSyncFeatures,
  readTenantSyncState,
  type AdminRoles,
  type PremiumLicence,
  type SsprForAdmins,
  type SyncFeatures,
  type TenantSyncState,
} from './tenant-reads';

/** One read's outcome: the value, or why it could not be read (never a token). */
export type ReadOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: ErrorInfo;
      /** Graph's status, code and request ids, when Graph answered. */
      readonly graph?: GraphErrorFacts;
      readonly permissionMissing: boolean;
    };

/** What the wizard shows about the tenant; each part read independently. */
export interface EntraReadModel {
  readonly tenant: ReadOutcome<TenantSyncState>;
  readonly licences: ReadOutcome<readonly PremiumLicence[]>;
  readonly adminRoles: ReadOutcome<AdminRoles>;
  readonly syncFeatures: ReadOutcome<SyncFeatures>;
  readonly ssprForAdmins: ReadOutcome<SsprForAdmins>;
}

/**
 * Reads every part; one refused or failed read (403, 5xx, throttled) does not stop the
 * others. A failure to connect or authenticate at all does stop them: it is rethrown so the
 * run ends with exit 3 instead of five identical unknowns.
 */
export async function readEntraModel(graph: GraphReader): Promise<EntraReadModel> {
  await graph.prepare(['tenant', 'licences', 'adminRoles', 'syncFeatures', 'ssprForAdmins']);
  // One after another: Graph throttles per app and tenant, and five reads are quick.
  const tenant = await outcome(() => readTenantSyncState(graph));
  const licences = await outcome(() => readPremiumLicences(graph));
  const adminRoles = await outcome(() => readAdminRoles(graph));
  const syncFeatures = await outcome(() => readSyncFeatures(graph));
  const ssprForAdmins = await outcome(() => readSsprForAdmins(graph));
  return { tenant, licences, adminRoles, syncFeatures, ssprForAdmins };
}

async function outcome<T>(read: () => Promise<T>): Promise<ReadOutcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof GraphFailure) {
      if (error.facts.httpStatus === 401) throw error;
      return {
        ok: false,
        error: error.toInfo(),
        graph: error.facts,
        permissionMissing: error.isPermissionProblem,
      };
    }
    if (error instanceof Error && 'exitCode' in error && error.exitCode === 3) throw error;
    return { ok: false, error: toErrorInfo(error), permissionMissing: false };
  }
}
