/**
 * Every flag of the `writeback` command line, declared once (docs/cli.md): its name, its value
 * and its help. A command adds the flags it takes by name, so one flag reads the same in every
 * command's --help, and the options every connecting command shares (shared.ts) are one list.
 */
import { Option, type Command } from 'commander';
import { defaultAdsync } from '../../adsync/local-powershell';
import { nationalClouds } from '../../entra/national-clouds';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const declarations = {
  // AD connection
  dc: () =>
    new Option('--dc <url>', 'ldaps://host[:port], or ldap://host[:port] with mandatory StartTLS'),
  bindUser: () => new Option('--bind-user <upn|dn>', 'the account that reads and changes AD'),
  passwordEnv: () =>
    new Option(
      '--password-env <VAR>',
      'the environment variable holding its password (else a no-echo prompt on a terminal)',
    ),
  ca: () => new Option('--ca <file.pem>', 'trust this CA in addition to the system store'),
  tlsFingerprint: () =>
    new Option('--tls-fingerprint <sha256>', "pin the DC's certificate instead"),
  sysvol: () =>
    new Option(
      '--sysvol <path>',
      'the domain SYSVOL folder that holds Policies (the GPO deciding the minimum password age)',
    ),
  account: () =>
    new Option(
      '--account <sAMAccountName|upn|dn>',
      'the AD DS connector account (default: the only enabled MSOL_ account)',
    ),
  scope: () =>
    new Option(
      '--scope <dn>',
      'an OU writeback covers (repeatable): assess reads only its users, plan grants on it instead of the domain root',
    ).argParser(collect),
  // Azure AD Connect server
  adsync: () =>
    new Option('--adsync <where>', 'local | none | remote:<host>').default(
      defaultAdsync(),
      'local on the Connect server, else none',
    ),
  // Entra ID
  tenant: () =>
    new Option('--tenant <id|domain>', 'Entra tenant to sign in to (id or verified domain)'),
  cloud: () =>
    new Option('--cloud <name>', 'Microsoft cloud')
      .choices(Object.keys(nationalClouds))
      .default('global'),
  clientId: () =>
    new Option(
      '--client-id <id>',
      "your organization's public-client app registration (default: Microsoft Graph Command Line Tools)",
    ),
  graphTokenEnv: () =>
    new Option(
      '--graph-token-env <VAR>',
      'use the Graph access token in this environment variable instead of signing in',
    ),
  graphEndpoint: () =>
    new Option(
      '--graph-endpoint <https-url>',
      "another Graph base URL, e.g. a proxy (default: the cloud's Graph v1.0)",
    ),
  deviceCode: () =>
    new Option('--device-code', 'sign in with a device code instead of opening a browser'),
  noGraph: () => new Option('--no-graph', 'skip every Entra ID check'),
  // assess, plan, apply, rollback, finish
  directories: () =>
    new Option(
      '--directories <file.json>',
      'work on every forest this directories file lists, in one run (instead of --dc)',
    ),
  // assess
  pageSize: () => new Option('--page-size <n>', 'LDAP page size for the user scan').default('1000'),
  streams: () =>
    new Option(
      '--streams <n>',
      "connections the user scan is split across, 1 to 16 (default: chosen by the domain's size)",
    ),
  csv: () => new Option('--csv <blockers.csv>', 'write the blockers, one row per reason'),
  html: () => new Option('--html <report.html>', 'write the self-contained HTML report'),
  verifyResult: () =>
    new Option(
      '--verify <verify.json>',
      'add a verify result (writeback verify --out) to the report: its checks, per-DC times, events',
    ),
  // plan
  steps: () => new Option('--steps <list>', 'comma-separated steps to plan'),
  psos: () =>
    new Option(
      '--psos <name|all>',
      'also set these PSOs (comma-separated names, or all) to a minimum age of 0',
    ),
  includeAdminsdholder: () =>
    new Option(
      '--include-adminsdholder',
      'permissions, opt-in: also grant on AdminSDHolder (Microsoft: not recommended)',
    ),
  enableInheritance: () =>
    new Option(
      '--enable-inheritance <dn|all>',
      'permissions, opt-in: enable inheritance on this user, or all users with it disabled (repeatable)',
    ).argParser(collect),
  syncForcePasswordChange: () =>
    new Option(
      '--sync-force-password-change',
      'opt in: sync "User must change password at next logon" (ForcePasswordChangeOnLogOn); where the Connect build signs an admin in for it (2.6.84.0+), the plan shows the command to run there',
    ),
  // output, confirmation, journals
  out: () =>
    new Option(
      '--out <file>',
      'write the result to this file (plan: the plan; assess: the JSON report)',
    ),
  json: () => new Option('--json', 'print one JSON document on stdout'),
  yes: () => new Option('--yes', 'do not ask for confirmation'),
  journal: () =>
    new Option(
      '--journal <file>',
      'the journal file to create (default: a new file in the app data folder)',
    ),
  journalDir: () =>
    new Option(
      '--journal-dir <folder>',
      'the folder holding the journals and confirmations (default: the app data folder)',
    ),
  all: () => new Option('--all', 'also list runs that completed or were rolled back'),
  confirm: () => new Option('--confirm', 'record that you saved these settings in the portal'),
  domainSid: () =>
    new Option(
      '--domain-sid <sid>',
      'the domain SID that DA, DU, EA, … stand for (to name Domain Admins, Domain Users, …)',
    ),
  style: () =>
    new Option(
      '--style <style>',
      'windows (default): as Get-Acl, dsacls and ADSI Edit show it; samba: as samba-tool shows it',
    ).default('windows'),
} as const;

export type FlagName = keyof typeof declarations;

/** A fresh commander Option for a flag (commander keeps state on each). */
export function flag(name: FlagName): Option {
  return declarations[name]();
}

/** Adds these flags to a command, in this order. */
export function addFlags(command: Command, names: readonly FlagName[]): Command {
  for (const name of names) command.addOption(flag(name));
  return command;
}
