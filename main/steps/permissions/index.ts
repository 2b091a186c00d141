/** The Permissions step, for the CLI (`plan --steps permissions`) and the app. */
export { inspectPermissions, planPermissions } from './permissions-step';
export type {
  PermissionsInspection,
  PermissionsOptions,
  ScopeInspection,
} from './permissions-step';
export type { PermissionsDirectory } from './directory-port';
export { LdapPermissionsDirectory } from './ldap-directory';
export type { SecurityDescriptorOperation } from './operation';
export {
  applySecurityDescriptorOperations,
  checkNoDrift,
  rollbackSecurityDescriptors,
  type AppliedSecurityDescriptor,
} from './sd-target';
export { WRITEBACK_RIGHTS } from './writeback-rights';
