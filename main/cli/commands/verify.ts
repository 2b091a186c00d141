/**
 * `writeback verify` (docs/cli.md): proves writeback works. --events reads the Connect server's
 * Application log, --connectivity tests the cloud's endpoints from the Connect server, and
 * --canary <upn> resets a named test account in Entra ID and watches every writable DC until
 * each shows the new password. With no check named, the first two run (never the canary: it
 * changes a password, so it runs only for an account the admin names).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Check } from '../../../shared/checks';
import { badInput } from '../../../shared/errors';
import { printable, printableCollapsed } from '../../../shared/text/printable';
import { connectDirectory, type Directory } from '../../directory/connect';
import { selectConnectorAccount } from '../../directory/discover';
import { text } from '../../directory/entry';
import { PasswordResetter } from '../../entra/password-reset';
import { defaultJournalFolder, newRunId } from '../../plan/journal';
import { verdictReader } from '../../verify/verdict';
import { reportVerify, verifyHeadline } from '../../report/report-verify';
import { verifyReportHtml } from '../../report/verify-report-html';
import type { CanaryPlan } from '../../verify/canary';
import {
  dcNameMatches,
  openWritableDcs,
  type DcAddress,
  type OpenedDcs,
} from '../../verify/writable-dcs';
import { runVerify, type VerifyRequest, type VerifyResult } from '../../verify/verify';
import { connectionFromFlags } from '../options/connection';
import { connectEntra } from '../options/entra';
import { forCli } from '../words';
import { adsyncRunner, confirm } from '../options/run';
import { canRunWindowsPowerShell } from '../../adsync/local-powershell';
import { parseAdsyncOption } from '../../adsync/powershell-runner';
import { addSharedOptions, noteUnusedOptions, type SharedOptionValues } from '../options/shared';

interface VerifyOptionValues extends SharedOptionValues {
  readonly events?: boolean;
  readonly since: string;
  readonly until?: string;
  readonly connectivity?: boolean;
  readonly canary?: string;
  readonly yes?: boolean;
  readonly journal?: string;
  readonly timeout: string;
  readonly interval: string;
  readonly dcUrl?: string[];
  readonly out?: string;
  readonly html?: string;
  readonly json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addVerifyCommand(program: Command): void {
  const command = verifyFlags(
    program
      .command('verify')
      .description(
        "Prove writeback works: the Connect server's events, its connectivity, and a canary reset watched on every writable DC.",
      ),
  );
  addSharedOptions(command).action(async (options: VerifyOptionValues) => {
    noteUnusedOptions(command, [
      {
        flags: ['scope', 'sysvol'],
        why: 'verify reads the Connect server, the tenant and the canary account, not the steps.',
      },
      ...(options.canary === undefined
        ? [
            {
              flags: ['dcUrl', 'yes', 'journal', 'timeout', 'interval'],
              why: 'they are for the canary reset, and no --canary <upn> was given.',
            },
          ]
        : []),
    ]);
    // Checked before anything connects: a bad value is said at once, never after the reset.
    if (options.canary !== undefined) {
      canaryTimings(options);
      (options.dcUrl ?? []).forEach(dcUrlPair);
    }
    await verifyCommand(options);
  });
}

function verifyFlags(command: Command): Command {
  return command
    .option('--events', "read the Connect server's password writeback events")
    .option(
      '--since <time>',
      'events from this time: ISO 8601, or a duration back from now (24h, 90m, 7d)',
      '24h',
    )
    .option('--until <time>', 'events until this time: ISO 8601, or a duration back from now')
    .option(
      '--connectivity',
      'test the password reset and Service Bus endpoints from the Connect server',
    )
    .option(
      '--canary <upn>',
      'reset this synced test account in Entra ID and watch it reach every writable DC',
    )
    .option('--yes', 'do not ask before the canary reset')
    .option('--journal <file>', "the canary's journal (default: the journals folder)")
    .option('--timeout <seconds>', 'how long to wait for the reset and for every DC', '900')
    .option('--interval <ms>', 'how often to read each DC while waiting', '1000')
    .option(
      '--dc-url <host=url>',
      'reach the writable DC <host> at <url> (default ldaps://<host>), pinned with #sha256=<fingerprint> after the URL; repeatable',
      collect,
    )
    .option(
      '--out <verify.json>',
      'also write the results to this file (for writeback evidence --verify)',
    )
    .option('--html <verify.html>', 'also write the checks as the self-contained HTML report')
    .option('--json', 'print one JSON document on stdout');
}

/** The checks the flags name; with none named, the events and connectivity (never the canary). */
function checksRequested(options: VerifyOptionValues): VerifyRequest {
  const all =
    options.events !== true && options.connectivity !== true && options.canary === undefined;
  // Checked whichever checks run: a time the admin typed wrong is never silently ignored.
  const window = eventWindow(options.since, options.until);
  const named = parseAdsyncOption(options.adsync ?? 'none');
  // Not "name it" where naming cannot help: without Windows PowerShell, nothing is reached.
  const powerShell = canRunWindowsPowerShell();
  const runner = powerShell ? adsyncRunner({ adsync: options.adsync ?? 'none' }) : undefined;
  return {
    ...(runner === undefined ? {} : { runner }),
    ...(powerShell
      ? {}
      : {
          noPowerShellHere:
            typeof named === 'object' && named.kind === 'remote' ? { server: named.host } : {},
        }),
    ...(options.events === true || all ? { events: window } : {}),
    ...(options.connectivity === true || all
      ? {
          connectivity:
            options.cloud === 'usgov-dod'
              ? 'usgov-dod'
              : (options.cloud as 'global' | 'usgov' | 'china'),
        }
      : {}),
  };
}

async function verifyCommand(options: VerifyOptionValues): Promise<void> {
  const request = checksRequested(options);
  const needsDirectory =
    options.canary !== undefined || (request.events !== undefined && options.dc !== undefined);
  const connection = needsDirectory ? await connectionFromFlags(options) : undefined;
  const directory = connection === undefined ? undefined : await connectDirectory(connection);
  const opened: OpenedDcs[] = [];
  try {
    const verdictFor =
      directory === undefined ? undefined : verdictReader(directory, options.account);
    const canary =
      options.canary === undefined ? undefined : await canaryRequest(options, directory!, opened);
    // Engine text names fields (shared/fields.ts): what verify prints says the flags.
    const result = forCli(
      await runVerify({
        ...request,
        ...(verdictFor === undefined ? {} : { verdictFor }),
        ...(canary === undefined ? {} : { canary }),
      }),
    );
    await writeResult(result, options);
    process.exitCode = result.exitCode;
  } finally {
    for (const dcs of opened) await dcs.close();
    await directory?.close().catch(() => undefined);
  }
}

/** The result on stdout (human or JSON), and in the files --out and --html name. */
async function writeResult(result: VerifyResult, options: VerifyOptionValues): Promise<void> {
  const document = JSON.stringify(result, null, 2) + '\n';
  if (options.out !== undefined) await writeFile(options.out, document, { mode: 0o600 });
  if (options.html !== undefined)
    await writeFile(options.html, verifyReportHtml(reportVerify([result])!), { mode: 0o600 });
  process.stdout.write(options.json === true ? document : humanResult(result));
  // Exit 0 is "nothing failed", not "proven": said where a script's log will show it.
  if (!result.checks.some((check) => check.status === 'pass' || check.status === 'warn'))
    process.stderr.write(
      `note: ${verifyHeadline(result.checks)} Exit 0 means only that nothing failed.\n`,
    );
}

/** `24h`, `90m`, `7d` back from now, or an ISO 8601 time as given. */
export function sinceTime(value: string, now = Date.now()): string {
  const match = /^(\d{1,5})([mhd])$/.exec(value);
  if (match === null) return value;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return new Date(now - Number(match[1]) * unit).toISOString();
}

/**
 * --since and --until as absolute times (UTC), each an ISO 8601 time or a duration back from now.
 * A time without a zone (or a date alone) is taken as UTC, as every time this tool prints is, and
 * `note` says the instant it became; a --since in the future is refused (no event is there yet).
 */
export function eventWindow(
  since: string,
  until: string | undefined,
  now = Date.now(),
  note: (line: string) => void = (line) => process.stderr.write(`note: ${line}\n`),
) {
  const window = {
    since: absoluteTime(since, '--since', now, note),
    ...(until === undefined ? {} : { until: absoluteTime(until, '--until', now, note) }),
  };
  // A minute of grace: this computer's clock and the Connect server's differ a little.
  if (Date.parse(window.since) > now + 60_000)
    throw badInput(
      'verify-since-future',
      `--since ${window.since} is in the future (it is ${new Date(now).toISOString()} now): the window holds no events yet.`,
      'Give --since a time in the past, or a duration back from now such as 24h.',
    );
  if (window.until !== undefined && window.until < window.since)
    throw badInput(
      'verify-bad-window',
      `--since (${window.since}) is after --until (${window.until}): the window holds no time.`,
      'Give --since before --until, for example --since 2026-11-27T08:00:00Z --until 2026-11-28T08:00:00Z.',
    );
  return window;
}

function absoluteTime(
  value: string,
  flag: string,
  now: number,
  note: (line: string) => void,
): string {
  const time = sinceTime(value, now);
  // ISO 8601 without a zone: a date alone, or a date and time; read as UTC, never local.
  const zoneless = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/.test(time);
  const date = new Date(zoneless ? `${time.length === 10 ? `${time}T00:00:00` : time}Z` : time);
  if (
    !/^\d{4}-\d{2}-\d{2}/.test(time) ||
    (!zoneless && !/T\d{2}:\d{2}/.test(time)) ||
    Number.isNaN(date.getTime())
  )
    throw badInput(
      'verify-bad-time',
      `${flag} "${printable(value.slice(0, 60))}" is neither an ISO 8601 time nor a duration back from now.`,
      `Give ${flag} as a time, for example ${flag} 2026-11-28T08:00:00Z (UTC) or 2026-11-28T09:00:00+01:00, a date (2026-11-28, from midnight UTC), or minutes, hours or days back from now: ${flag} 90m, 24h, 7d.`,
    );
  if (zoneless)
    note(
      `${flag} ${printable(value)} has no zone: taken as UTC, ${date.toISOString()}. Add Z or an offset such as +01:00 to say which.`,
    );
  return date.toISOString();
}

/** A whole number in a sensible range: a watch of 0 s, or 200 reads a second per DC, is refused. */
function bounded(value: string, name: string, min: number, max: number, unit: string): number {
  const n = /^\d{1,9}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw badInput(
      'verify-bad-number',
      `${name} ${printableCollapsed(value, 20)} is not a whole number of ${unit} from ${min} to ${max}.`,
      `Give ${name} between ${min} and ${max} ${unit}${name === '--timeout' ? ' (writeback usually lands within a minute; the default is 900)' : ' (the default, 1000, reads each DC once a second)'}.`,
    );
  return n;
}

/**
 * --dc-url <host>=<url>[#sha256=<fingerprint>] pairs: where to reach a writable DC other than
 * ldaps://<host>, and optionally the certificate to pin there (a --tls-fingerprint is one DC's).
 * The DC --dc names is reached where --dc says (its name may not resolve here: --dc may be an
 * address).
 */
function dcUrls(
  options: VerifyOptionValues,
  connected?: string,
): { readonly urlFor: (host: string) => DcAddress; readonly named: readonly string[] } {
  const overrides = new Map((options.dcUrl ?? []).map(dcUrlPair));
  const given = (host: string) => [...overrides].find(([name]) => dcNameMatches(name, host))?.[1];
  return {
    urlFor: (host) =>
      given(host) ??
      (connected !== undefined && host.toLowerCase() === connected.toLowerCase()
        ? { url: options.dc! }
        : { url: `ldaps://${host}` }),
    named: [...overrides.keys()],
  };
}

function dcUrlPair(pair: string): readonly [string, DcAddress] {
  const at = pair.indexOf('=');
  const [url, pin] = pair.slice(at + 1).split('#sha256=') as [string, string | undefined];
  if (
    at <= 0 ||
    !/^ldaps?:\/\/[^/\s:]+(:\d{1,5})?\/?$/i.test(url) ||
    (pin !== undefined && !/^[0-9a-f:]{64,95}$/i.test(pin))
  )
    throw badInput(
      'verify-bad-dc-url',
      `--dc-url ${printableCollapsed(pair, 200)} is not <host>=<url>[#sha256=<fingerprint>], with the URL ldaps://<address>[:port] or ldap://<address>[:port] (StartTLS is then used).`,
      "Give --dc-url dc2.contoso.com=ldaps://10.0.0.12, and to pin that DC's certificate add its SHA-256: --dc-url dc2.contoso.com=ldaps://10.0.0.12#sha256=<64 hex digits>.",
    );
  return [
    pair.slice(0, at).toLowerCase(),
    { url, ...(pin === undefined ? {} : { tlsFingerprint: pin }) },
  ];
}

/** --timeout and --interval, checked before anything connects. */
function canaryTimings(options: VerifyOptionValues) {
  return {
    timeoutMs: bounded(options.timeout, '--timeout', 10, 86_400, 'seconds') * 1000,
    intervalMs: bounded(options.interval, '--interval', 200, 60_000, 'ms'),
  };
}

async function canaryRequest(
  options: VerifyOptionValues,
  directory: Directory,
  opened: OpenedDcs[],
): Promise<VerifyRequest['canary']> {
  const entra = connectEntra(options);
  if (entra === undefined)
    throw badInput(
      'verify-canary-needs-graph',
      'The canary resets a password through Microsoft Graph, but --no-graph was given.',
      'Drop --no-graph and sign in (or give --graph-token-env).',
    );
  const root = await directory.rootDse();
  const baseDn = text(root, 'defaultNamingContext') ?? '';
  const connector = await selectConnectorAccount(directory, options.account).catch(() => undefined);
  const { urlFor, named } = dcUrls(options, text(root, 'dnsHostName'));
  return {
    upn: options.canary!,
    directory,
    baseDn,
    ...(connector === undefined ? {} : { connectorDn: connector.dn }),
    // Reached only once the account is accepted: a refused canary never waits on other DCs.
    dcs: () =>
      openWritableDcs(directory, urlFor, named).then((dcs) => {
        opened.push(dcs);
        return dcs.dcs;
      }),
    graph: entra.graph,
    resetter: new PasswordResetter({
      baseUrl: entra.baseUrl,
      tokenSource: entra.tokenSource,
      ...(entra.cloud.name === 'global' ? {} : { scopeResource: entra.cloud.graphHost }),
    }),
    confirm: async (plan) => {
      process.stderr.write(describePlan(plan));
      await confirm(
        'Reset this password now?',
        options.yes,
        'Review the canary plan above, then run the same command again with --yes (a canary has no plan file).',
      );
      return true;
    },
    journalPath: options.journal ?? join(defaultJournalFolder(), `canary-${newRunId()}.jsonl`),
    timeoutMs: canaryTimings(options).timeoutMs,
    intervalMs: canaryTimings(options).intervalMs,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  };
}

/**
 * pwdLastSet as an admin reads it: the UTC time it stands for, the raw FILETIME beside it (what
 * ADUC's Attribute Editor and ldapsearch show); 0 is "must change at next logon".
 */
export function pwdLastSetWords(raw: string): string {
  if (!/^\d{1,20}$/.test(raw)) return printableCollapsed(raw, 40);
  if (raw === '0') return 'must change at next logon (0)';
  const ms = Number(BigInt(raw) / 10_000n) - 11_644_473_600_000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime())
    ? raw
    : `${date.toISOString().replace(/\.\d{3}Z$/, 'Z')} (${raw})`;
}

function describePlan(plan: CanaryPlan): string {
  return [
    `Canary: ${plan.summary}`,
    `  ${plan.attribute} of ${plan.target}`,
    ...plan.before.map(
      (dc) =>
        `    ${dc.dc}: ${pwdLastSetWords(dc.pwdLastSet)} → ${plan.after} (unicodePwd version ${dc.unicodePwdVersion})`,
    ),
    `  ${plan.irreversible}`,
    '',
  ].join('\n');
}

/** Under a check the Connect server could not run: the PowerShell to run there by hand. */
function byHandLines(result: VerifyResult, checkId: string): string {
  const script =
    checkId === 'verify.events'
      ? result.byHand?.events
      : checkId === 'verify.connectivity'
        ? result.byHand?.connectivity
        : checkId === 'verify.canary'
          ? result.byHand?.canary
          : undefined;
  if (script === undefined) return '';
  const indented = script.split('\n').map((line) => `         ${line}`);
  return `\n       By hand, in PowerShell on the Connect server:\n${indented.join('\n')}`;
}

const marks = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: '  ? ' } as const;

function humanResult(result: VerifyResult): string {
  const lines = result.checks.map(
    (check: Check) =>
      `[${marks[check.status]}] ${check.title}\n       ${check.message}${check.fix === '' ? '' : `\n       fix: ${check.fix}`}${byHandLines(result, check.id)}`,
  );
  for (const event of result.events ?? []) {
    lines.push(
      `  ${event.at} ${event.source} ${event.id} ${event.name}: ${event.meaning}${event.outcome === 'failure' ? ` → ${event.step}` : ''}`,
    );
  }
  for (const dc of result.canary?.dcs ?? []) {
    lines.push(
      `  ${dc.dc}: ${dc.after === undefined ? `not converged${dc.error === undefined ? '' : ` (${dc.error})`}` : `new password seen ${((dc.seenAfterMs ?? 0) / 1000).toFixed(1)} s after the request, ${((dc.convergedAfterMs ?? 0) / 1000).toFixed(1)} s after the first DC${dc.originating ? ' (the write landed here)' : ''}`}`,
    );
  }
  if (result.canary !== undefined) lines.push(`  Canary journal: ${result.canary.journal}`);
  lines.push(verifyHeadline(result.checks));
  return lines.join('\n') + '\n';
}
