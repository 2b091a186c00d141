/**
 * Which Graph read needs which delegated permission (scope), and which Entra role lets the
 * signed-in admin make it: asked per step, when needed, so the admin consents to the least
 * (docs/domain-facts.md §5). The same table names the missing permission when Graph answers 403.
 */
export type EntraRead =
  | 'tenant'
  | 'licences'
  | 'adminRoles'
  | 'syncFeatures'
  | 'ssprForAdmins'
  | 'canaryUser'
  | 'signedInUser'
  | 'passwordResetOperation';

export interface ReadPermission {
  /** What the read is for, in the admin's words. */
  readonly purpose: string;
  /** Graph request, for messages. */
  readonly request: string;
  /** Least-privileged delegated permission (scope) of Microsoft Graph. */
  readonly scope: string;
  /** Entra roles that allow the read for a delegated call, least first. */
  readonly roles: readonly string[];
}

export const readPermissions: Readonly<Record<EntraRead, ReadPermission>> = {
  tenant: {
    purpose: 'tenant directory-sync state',
    request: 'GET /organization',
    scope: 'Organization.Read.All',
    roles: ['Global Reader', 'Hybrid Identity Administrator'],
  },
  licences: {
    purpose: 'Entra ID P1/P2 licences',
    request: 'GET /subscribedSkus',
    scope: 'Organization.Read.All',
    roles: ['Global Reader', 'License Administrator'],
  },
  adminRoles: {
    purpose: "the signed-in admin's directory roles",
    request: 'GET /me/transitiveMemberOf/microsoft.graph.directoryRole',
    scope: 'User.Read',
    roles: [],
  },
  syncFeatures: {
    purpose: 'on-premises synchronization features',
    request: 'GET /directory/onPremisesSynchronization',
    scope: 'OnPremDirectorySynchronization.Read.All',
    roles: ['Global Reader', 'Hybrid Identity Administrator'],
  },
  ssprForAdmins: {
    purpose: 'whether administrators may use SSPR',
    request: 'GET /policies/authorizationPolicy',
    scope: 'Policy.Read.All',
    roles: ['Global Reader', 'Security Reader'],
  },
  canaryUser: {
    purpose: 'the canary account and whether it is synchronized from AD',
    request: 'GET /users/{upn}',
    scope: 'User.Read.All',
    roles: ['Directory Readers', 'Global Reader'],
  },
  signedInUser: {
    purpose: 'who is signed in (a reset cannot target yourself)',
    request: 'GET /me',
    scope: 'User.Read',
    roles: [],
  },
  passwordResetOperation: {
    purpose: 'the state of the canary password reset',
    request: 'GET /users/{id}/authentication/operations/{id}',
    scope: 'UserAuthenticationMethod.Read.All',
    roles: ['Authentication Administrator', 'Privileged Authentication Administrator'],
  },
};
