/**
 * The command line's words for the fields the engine names (shared/fields.ts): each is the flag
 * that sets it. Everything the CLI prints or writes (messages, reports, plan files) is worded
 * here, so the engine never spells a flag itself.
 */
import { wordFieldsDeep, type FieldWords } from '../../shared/fields';

/** A flag, with the value the engine gives (quoted by the engine where a shell would split it). */
const flag =
  (name: string) =>
  (value: string | undefined): string =>
    value === undefined ? name : `${name} ${value}`;

export const cliWords: FieldWords = {
  dc: flag('--dc'),
  directories: flag('--directories'),
  bindUser: flag('--bind-user'),
  password: flag('--password-env'),
  ca: flag('--ca'),
  tlsFingerprint: flag('--tls-fingerprint'),
  sysvol: flag('--sysvol'),
  account: flag('--account'),
  adsync: flag('--adsync'),
  tenant: flag('--tenant'),
  cloud: flag('--cloud'),
  clientId: flag('--client-id'),
  graphToken: flag('--graph-token-env'),
  graphEndpoint: flag('--graph-endpoint'),
  graph: flag('--no-graph'),
  scope: flag('--scope'),
  pageSize: flag('--page-size'),
  streams: flag('--streams'),
  steps: flag('--steps'),
  psos: flag('--psos'),
  includeAdminSdHolder: flag('--include-adminsdholder'),
  enableInheritance: flag('--enable-inheritance'),
  syncForcePasswordChange: flag('--sync-force-password-change'),
  journal: flag('--journal'),
  journalDir: flag('--journal-dir'),
  yes: flag('--yes'),
  out: flag('--out'),
  canary: flag('--canary'),
  eventsSince: flag('--since'),
  connectivity: flag('--connectivity'),
  canaryTimeout: flag('--timeout'),
  dcUrl: flag('--dc-url'),
};

/** A report, a plan, a run or a message with every field worded as its flag. */
export function forCli<T>(value: T): T {
  return wordFieldsDeep(value, cliWords);
}
