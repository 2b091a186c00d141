/** The Permissions step, for the CLI (`plan --steps permissions`) and the app. */
export { createPermissionsStep, rightsChecks } from './permissions-plan-step';
export {
  inspectConnectorRights,
  inspectPermissions,
  inspectPermissionsState,
  planPermissionChanges,
  planPermissions,
} from './permissions-step';
export type {
  PermissionsInspection,
  PermissionsOptions,
  PermissionsState,
  ScopeInspection,
} from './permissions-step';
export { otherDomains, otherDomainsNote } from './other-domains';
export { toPlanOperation, type PermissionsChange } from './operation';
export { WRITEBACK_RIGHTS } from '../../domain/writeback-rights';
export { refuseDisabledConnector } from './disabled-connector';
