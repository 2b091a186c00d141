/**
 * Every password writeback event the Connect server writes to its Application log, in the
 * admin's words: what happened, why, and which part of the setup fixes it. The table is
 * Microsoft's ("Troubleshoot self-service password reset writeback in Microsoft Entra ID",
 * sections "If the source of the event is PasswordResetService" and "…ADSync"; see
 * docs/domain-facts.md §9.1), one entry per event ID it lists, nothing the page does not say.
 */

/** The two event sources of password writeback on the Connect server. */
export type WritebackEventSource = 'PasswordResetService' | 'ADSync';

/**
 * What an event means for writeback: it worked, it is a step of an operation (start, service
 * up), it is worth a look, or it failed.
 */
export type WritebackEventOutcome = 'success' | 'progress' | 'warning' | 'failure';

/**
 * Where the fix is, in this tool: a wizard step, the connectivity check, or something only the
 * admin can do (the user's account, sync, the Connect server itself).
 */
export type WritebackEventFix =
  | 'permissions'
  | 'min-password-age'
  | 'connectivity'
  | 'optional-features'
  | 'entra-admin'
  | 'user-account'
  | 'sync'
  | 'connect-server'
  /** Nothing to change: try the operation again. */
  | 'retry'
  | 'none';

export interface WritebackEventKind {
  readonly id: number;
  readonly source: WritebackEventSource;
  /** Microsoft's name for the event (PasswordResetSuccess, ADPermissionsError, …). */
  readonly name: string;
  readonly outcome: WritebackEventOutcome;
  /** What the event says happened, in the admin's words. */
  readonly meaning: string;
  /** Why it happens (failures and warnings), from Microsoft's description. */
  readonly cause?: string;
  /** What to do. */
  readonly fix?: string;
  readonly fixIn: WritebackEventFix;
  /** The event is about one user's password (reset, change, admin reset). */
  readonly aboutUser: boolean;
}

const reEnable =
  'Turn password writeback off and on again on the Connect server (Optional features), then run the check again.';
const adsyncDetail = 'Read the ADSync events around it on the Connect server for the exact error.';

function kind(
  id: number,
  name: string,
  outcome: WritebackEventOutcome,
  meaning: string,
  fixIn: WritebackEventFix,
  extra: { cause?: string; fix?: string; aboutUser?: boolean; source?: WritebackEventSource } = {},
): WritebackEventKind {
  return {
    id,
    source: extra.source ?? 'PasswordResetService',
    name,
    outcome,
    meaning,
    fixIn,
    aboutUser: extra.aboutUser ?? false,
    ...(extra.cause === undefined ? {} : { cause: extra.cause }),
    ...(extra.fix === undefined ? {} : { fix: extra.fix }),
  };
}

const setFailedCause =
  "the new password does not meet the domain's age, history, complexity or filter rules; or the AD DS connector account lacks the right to set it; or the account is in a protected group (adminCount=1)";

/** PasswordResetService events, in Microsoft's table order. */
const passwordResetServiceEvents: readonly WritebackEventKind[] = [
  kind(
    31001,
    'PasswordResetStart',
    'progress',
    'A password reset from the cloud reached the Connect server (first event of every reset).',
    'none',
    { aboutUser: true },
  ),
  kind(
    31002,
    'PasswordResetSuccess',
    'success',
    'A password reset from the cloud was written to Active Directory.',
    'none',
    { aboutUser: true },
  ),
  kind(
    31003,
    'PasswordResetFail',
    'failure',
    'A password reset reached the Connect server but Active Directory refused it.',
    'permissions',
    {
      aboutUser: true,
      cause: setFailedCause,
      fix: 'Look at the 33xxx event beside it for the exact cause; check this user on the Permissions and Minimum password age steps.',
    },
  ),
  kind(
    31004,
    'OnboardingEventStart',
    'progress',
    'Password writeback was turned on and onboarding to the cloud writeback service started.',
    'none',
  ),
  kind(
    31005,
    'OnboardingEventSuccess',
    'success',
    'Onboarding finished: password writeback is ready to use.',
    'none',
  ),
  kind(
    31006,
    'ChangePasswordStart',
    'progress',
    'A password change from the cloud reached the Connect server (first event of every change).',
    'none',
    { aboutUser: true },
  ),
  kind(
    31007,
    'ChangePasswordSuccess',
    'success',
    'A password change from the cloud was written to Active Directory.',
    'none',
    { aboutUser: true },
  ),
  kind(
    31008,
    'ChangePasswordFail',
    'failure',
    'A password change reached the Connect server but Active Directory refused it.',
    'permissions',
    {
      aboutUser: true,
      cause: setFailedCause,
      fix: 'Look at the 33xxx event beside it for the exact cause; check this user on the Permissions and Minimum password age steps.',
    },
  ),
  kind(
    31009,
    'ResetUserPasswordByAdminStart',
    'progress',
    "An administrator's reset of a user's password reached the Connect server.",
    'none',
    { aboutUser: true },
  ),
  kind(
    31010,
    'ResetUserPasswordByAdminSuccess',
    'success',
    "An administrator's reset of a user's password was written to Active Directory.",
    'none',
    { aboutUser: true },
  ),
  kind(
    31011,
    'ResetUserPasswordByAdminFail',
    'failure',
    "An administrator's reset reached the Connect server but Active Directory refused it.",
    'permissions',
    {
      aboutUser: true,
      cause: setFailedCause,
      fix: 'Look at the 33xxx event beside it for the exact cause; check this user on the Permissions and Minimum password age steps.',
    },
  ),
  kind(
    31012,
    'OffboardingEventStart',
    'progress',
    'Password writeback was turned off and offboarding started.',
    'none',
  ),
  kind(
    31013,
    'OffboardingEventSuccess',
    'warning',
    'Offboarding finished: password writeback is off.',
    'optional-features',
    {
      cause: 'Someone turned password writeback off on the Connect server.',
      fix: 'Turn password writeback on again (Optional features) if it should be on.',
    },
  ),
  kind(
    31014,
    'OffboardingEventFail',
    'failure',
    'Offboarding (turning writeback off) failed.',
    'entra-admin',
    {
      cause:
        'A permissions error on the cloud or on-premises administrator account, or a federated Global Administrator was used.',
      fix: 'Use a managed (cloud-only or synchronized) administrator with the right role and try again.',
    },
  ),
  kind(
    31015,
    'WriteBackServiceStarted',
    'success',
    'The password writeback service started and accepts requests from the cloud.',
    'none',
  ),
  kind(
    31016,
    'WriteBackServiceStopped',
    'warning',
    'The password writeback service stopped: resets and changes from the cloud fail until it starts.',
    'connect-server',
    {
      cause: 'The ADSync service stopped or writeback was turned off.',
      fix: 'Start the ADSync service (Restart-Service ADSync) and check for 31015.',
    },
  ),
  kind(
    31017,
    'AuthTokenSuccess',
    'progress',
    'The Connect server got a token for the administrator who set writeback up.',
    'none',
  ),
  kind(
    31018,
    'KeyPairCreationSuccess',
    'progress',
    'The key that encrypts passwords on their way from the cloud was created.',
    'none',
  ),
  kind(
    31019,
    'ServiceBusHeartBeat',
    'success',
    "The Connect server reached the tenant's Service Bus.",
    'none',
  ),
  kind(
    31034,
    'ServiceBusListenerError',
    'failure',
    "The Connect server could not connect to the tenant's Service Bus listener.",
    'connectivity',
    {
      cause:
        'The network blocks the Service Bus endpoints, or (when the message says "The remote certificate is invalid") the server lacks the Azure root CAs.',
      fix: 'Run the connectivity check; install the Azure TLS root CAs if the certificate is refused.',
    },
  ),
  kind(
    31044,
    'PasswordResetService',
    'failure',
    'Password writeback is not working: one of its two Service Bus relays is not running.',
    'connectivity',
    {
      cause: 'Either of the two service hosts that listen on the Service Bus relays is down.',
      fix: `Run the connectivity check, then restart ADSync; if it persists: ${reEnable}`,
    },
  ),
  kind(
    32000,
    'UnknownError',
    'failure',
    'An unknown error stopped a password operation.',
    'optional-features',
    {
      cause: 'See the exception text of the event.',
      fix: `${reEnable} If it persists, open a support request with the event and its tracking ID.`,
    },
  ),
  kind(
    32001,
    'ServiceError',
    'failure',
    'The Connect server could not reach the cloud password reset service.',
    'connectivity',
    {
      cause: 'Outbound HTTPS to the password reset service is blocked.',
      fix: 'Run the connectivity check and open the endpoints it reports as blocked.',
    },
  ),
  kind(
    32002,
    'ServiceBusError',
    'failure',
    "The Connect server could not connect to the tenant's Service Bus.",
    'connectivity',
    {
      cause:
        'Outbound connections to Service Bus (TCP 443) are blocked, or "The token provider was unable to provide a security token".',
      fix: `Run the connectivity check and allow the Service Bus endpoints; restart the Connect server after the firewall change. If it persists: ${reEnable}`,
    },
  ),
  kind(
    32003,
    'InPutValidationError',
    'failure',
    'The input sent to the writeback web service was invalid.',
    'retry',
    { fix: 'Try the operation again.' },
  ),
  kind(
    32004,
    'DecryptionError',
    'failure',
    'A password from the cloud could not be decrypted.',
    'optional-features',
    {
      cause: 'The decryption key of the Connect server and the cloud service differ.',
      fix: reEnable,
    },
  ),
  kind(
    32005,
    'ConfigurationError',
    'failure',
    'The writeback configuration file could not be saved or read.',
    'optional-features',
    { fix: `${reEnable} (this rewrites the file).` },
  ),
  kind(
    32007,
    'OnBoardingConfigUpdateError',
    'failure',
    'The onboarding data from the cloud could not be written in memory.',
    'optional-features',
    { fix: `${reEnable} (this rewrites the configuration).` },
  ),
  kind(
    32008,
    'ValidationError',
    'failure',
    'The password reset web service sent an invalid response.',
    'optional-features',
    { fix: reEnable },
  ),
  kind(
    32009,
    'AuthTokenError',
    'failure',
    'No token could be had for the administrator given in the Connect wizard.',
    'entra-admin',
    {
      cause: 'A wrong user name or password, or a federated Global Administrator.',
      fix: 'Run the Connect configuration again with a managed (cloud-only or synchronized) administrator and the right password.',
    },
  ),
  kind(
    32010,
    'CryptoError',
    'failure',
    'The password encryption key could not be made, or a password from the cloud not decrypted.',
    'optional-features',
    { cause: 'A problem on the Connect server: see the event details.', fix: reEnable },
  ),
  kind(
    32011,
    'OnBoardingServiceError',
    'failure',
    'Onboarding could not reach the password reset web service.',
    'connectivity',
    {
      cause:
        'A firewall blocks TCP 443 (and 9350-9354) or Service Bus, or the administrator token could not be had (a federated administrator).',
      fix: 'Run the connectivity check; use a managed administrator to onboard.',
    },
  ),
  kind(
    32013,
    'OffBoardingError',
    'failure',
    'Offboarding could not reach the password reset web service.',
    'connectivity',
    {
      cause: 'A firewall blocks TCP 443 or Service Bus, or the administrator is federated.',
      fix: 'Run the connectivity check; use a managed administrator.',
    },
  ),
  kind(
    32014,
    'ServiceBusWarning',
    'warning',
    "The Connect server had to retry connecting to the tenant's Service Bus.",
    'connectivity',
    {
      cause: 'Usually harmless; many of them point at a slow or lossy connection to Service Bus.',
      fix: 'If it repeats often, run the connectivity check and look at latency to Service Bus.',
    },
  ),
  kind(
    32015,
    'ReportServiceHealthError',
    'warning',
    'The five-minute health heartbeat to the cloud failed.',
    'connectivity',
    { fix: 'Run the connectivity check.' },
  ),
  kind(
    33001,
    'ADUnKnownError',
    'failure',
    'Active Directory returned an unknown error.',
    'connect-server',
    {
      aboutUser: true,
      cause:
        'See the ADSync events beside it; reserved characters in the OU path (a leading space or #, a trailing space, , + " \\ < > ; = / or a line break) cause it too.',
      fix: adsyncDetail,
    },
  ),
  kind(
    33002,
    'ADUserNotFoundError',
    'failure',
    'The user was not found in Active Directory.',
    'sync',
    {
      aboutUser: true,
      cause:
        'The user was deleted on-premises but not in the cloud, or synchronization has a problem.',
      fix: 'Check the last synchronization runs for this user.',
    },
  ),
  kind(
    33003,
    'ADMutliMatchError',
    'failure',
    'Two users in Active Directory carry the same cloud anchor.',
    'sync',
    {
      aboutUser: true,
      cause: 'The source anchor attribute is not unique.',
      fix: 'Check the synchronization logs and make the anchor unique.',
    },
  ),
  kind(
    33004,
    'ADPermissionsError',
    'failure',
    "The AD DS connector account may not set this user's password.",
    'permissions',
    {
      aboutUser: true,
      cause:
        'The connector lacks Reset password on the user (a missing grant, a Deny, inheritance disabled), or the user has adminCount=1.',
      fix: 'Run the Permissions step for this user (its readiness verdict says which ACE is missing or which Deny wins).',
    },
  ),
  kind(
    33005,
    'ADUserAccountDisabled',
    'failure',
    "The user's account is disabled in Active Directory.",
    'user-account',
    { aboutUser: true, fix: 'Enable the account and try again.' },
  ),
  kind(
    33006,
    'ADUserAccountLockedOut',
    'failure',
    "The user's account is locked out in Active Directory.",
    'user-account',
    {
      aboutUser: true,
      fix: 'Unlock the account (or let writeback unlock it: "Allow users to unlock accounts") and try again.',
    },
  ),
  kind(
    33007,
    'ADUserIncorrectPassword',
    'failure',
    'The user gave a wrong current password in a password change.',
    'user-account',
    { aboutUser: true, fix: 'The user tries again with the right current password.' },
  ),
  kind(
    33008,
    'ADPasswordPolicyError',
    'failure',
    'Active Directory refused the password under its password policy.',
    'min-password-age',
    {
      aboutUser: true,
      cause:
        "A minimum password age the user is still within (a second reset too soon), password history, complexity, or a password filter. The user's PSO decides where one applies.",
      fix: "Run the Minimum password age step (domain GPO or the user's PSO to 0); for tests, set password history to 0 too.",
    },
  ),
  kind(
    33009,
    'ADConfigurationError',
    'failure',
    'A configuration problem in Active Directory stopped the write.',
    'connect-server',
    { aboutUser: true, fix: adsyncDetail },
  ),
];

/** ADSync events Microsoft lists for writeback (6329 has two meanings, told apart by its text). */
const adsyncEvents: readonly WritebackEventKind[] = [
  kind(
    6329,
    'BAIL 0x80230619 (password restriction)',
    'failure',
    'Active Directory refused the password: "A restriction prevents the password from being changed to the current one specified."',
    'min-password-age',
    {
      source: 'ADSync',
      aboutUser: true,
      cause:
        'The minimum password age (a second reset too soon), history, complexity or a filter; or the user has "User cannot change password" (PASSWD_CANT_CHANGE).',
      fix: "Run the Minimum password age step (domain GPO or the user's PSO to 0); check the user's readiness verdict for User cannot change password.",
    },
  ),
  kind(
    6800,
    'Writeback endpoint failed to start',
    'failure',
    'The password writeback endpoint did not start with the ADSync service.',
    'optional-features',
    {
      source: 'ADSync',
      cause: 'See the PasswordResetService events around it.',
      fix: `Restart ADSync; if it persists: ${reEnable}`,
    },
  ),
];

/** ADSync 6329 with "LDAP password policy control": the DCs do not offer the policy hints control. */
const policyControlMissing: WritebackEventKind = kind(
  6329,
  'MMS(3040) LDAP password policy control missing',
  'failure',
  'The domain controller does not offer the LDAP password policy hints control that writeback sends.',
  'connect-server',
  {
    source: 'ADSync',
    cause:
      'LDAP_SERVER_POLICY_HINTS is not enabled on the DCs (they must run Windows Server 2016 or later).',
    fix: 'Upgrade the domain controllers writeback reaches to Windows Server 2016 or later.',
  },
);

export const writebackEventCatalogue: readonly WritebackEventKind[] = [
  ...passwordResetServiceEvents,
  ...adsyncEvents,
];

const byKey = new Map(
  writebackEventCatalogue.map((event) => [`${event.source}:${event.id}`, event]),
);

/** The catalogue entry for an event, or undefined for one Microsoft does not list. */
export function writebackEventKind(
  source: string,
  id: number,
  message = '',
): WritebackEventKind | undefined {
  if (source === 'ADSync' && id === 6329 && /LDAP password policy control/i.test(message)) {
    return policyControlMissing;
  }
  return byKey.get(`${source}:${id}`);
}

/** Event IDs per source, for the log query. */
export function catalogueIds(source: WritebackEventSource): number[] {
  return [...new Set(writebackEventCatalogue.filter((e) => e.source === source).map((e) => e.id))];
}
