/**
 * The app's words for the fields the engine names (shared/fields.ts): the field, checkbox or
 * page where the admin sets it, never a command-line flag. Every result and error leaves the
 * engine through dispatch, which words it here.
 */
import { wordFieldsDeep, type FieldWords } from '../../shared/fields';

const on = (words: string) => () => words;
const pages: Readonly<Record<string, string>> = {
  permissions: 'Permissions',
  'min-password-age': 'Minimum password age',
  'optional-features': 'Optional features',
};

/**
 * The canary's field: the engine writes "name it in <field>" and, with the account to give,
 * "<field value>" (the command line's `--canary <upn>`); the app asks to type that value there.
 */
const testAccount = (label: string) => (upn: string | undefined) =>
  upn === undefined ? label : `type ${upn} in ${label}`;

export const appWords: FieldWords = {
  dc: on('Domain controller (Connect directories)'),
  directories: on('the directories listed on Connect directories'),
  bindUser: on('Account (Connect directories)'),
  password: on('Password (Connect directories)'),
  ca: on('CA certificate (Connect directories)'),
  tlsFingerprint: on('the DC certificate fingerprint (Connect directories)'),
  sysvol: on('SYSVOL folder (Minimum password age)'),
  account: on('the connector account chosen on Connect directories'),
  adsync: on('AD Connect server (Optional features)'),
  tenant: on('Tenant (Sign in to Entra ID)'),
  cloud: on('Cloud (Sign in to Entra ID)'),
  clientId: on('the app registration used to sign in'),
  graphToken: on('the Entra ID sign-in'),
  graphEndpoint: on('the Microsoft Graph address'),
  graph: on('the Entra ID sign-in'),
  scope: (dn) => (dn === undefined ? 'the scope' : `the scope ${dn}`),
  pageSize: on('the page size'),
  streams: on('the number of connections the user scan uses'),
  steps: (step) => `on the ${pages[step ?? ''] ?? 'step'} page`,
  psos: on('with "Also set every PSO with a minimum age to 0" (Minimum password age)'),
  includeAdminSdHolder: on('with "Also grant on AdminSDHolder" (Permissions)'),
  enableInheritance: on('with "Enable inheritance on users where it is disabled" (Permissions)'),
  syncForcePasswordChange: on(
    'with "Also sync User must change password at next logon" (Optional features)',
  ),
  journal: on('the run journal'),
  journalDir: on('the journal folder'),
  yes: on('the confirmation'),
  out: on('the plan file'),
  canary: testAccount('Test account (Canary reset on Verify)'),
  eventsSince: on('the window of "The Connect server\'s writeback events" (Verify)'),
  connectivity: on('the connectivity check on Verify'),
  canaryTimeout: on('Wait for every DC up to (Canary reset on Verify)'),
  // The value is <host>=<url>: the app names the DC whose address to give.
  dcUrl: (value) =>
    `${value === undefined ? 'the DC' : `"${value}"`} in Domain controller addresses (Canary reset on Verify)`,
};

/**
 * Verify has its own Connect server field: its text names that field, not the one on Optional
 * features.
 */
const onVerify: FieldWords = {
  ...appWords,
  adsync: on('Connect server (on this page)'),
  canary: testAccount('Test account on this page'),
};

/** The words for the page a channel answers: Verify's channels name its own fields. */
export function wordsFor(channel: string): FieldWords {
  return channel.startsWith('verify.') ? onVerify : appWords;
}

/** A result or an error's text with every field worded for the app. */
export function forApp<T>(value: T, words: FieldWords = appWords): T {
  return wordFieldsDeep(value, words);
}
