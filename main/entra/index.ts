/**
 * The Entra ID side of the engine, for the desktop shell and the CLI: sign-in, the encrypted
 * token cache, the Graph reader, the read model the wizard shows, and the assess provider.
 */
export { entraChecks, staleSyncAfterMs } from './entra-checks';
export { readEntraModel, type EntraReadModel, type ReadOutcome } from './entra-read-model';
export { GraphFailure, type GraphErrorFacts } from './graph-failure';
export {
  readPermissions,
  scopesFor,
  type EntraRead,
  type ReadPermission,
} from './graph-permissions';
export { GraphReader, parseGraphBaseUrl, type GraphReaderOptions } from './graph-reader';
export { fixedTokenSource, type GraphTokenSource } from './graph-token-source';
export {
  cloudByName,
  graphBaseUrl,
  nationalClouds,
  type CloudName,
  type NationalCloud,
} from './national-clouds';
export { redactSecrets } from './redact';
export {
  BrowserUnavailable,
  EntraSignIn,
  graphCommandLineToolsClientId,
  type SignedInAccount,
  type SignInInteraction,
  type SignInSettings,
} from './sign-in';
export {
  encryptedCachePlugin,
  encryptedFile,
  type EncryptedBlobStore,
  type SecretStore,
} from './token-cache';
export type {
  AdminRoles,
  DirectoryRoleHeld,
  PremiumLicence,
  SsprForAdmins,
  SyncFeatures,
  TenantSyncState,
} from './tenant-reads';
