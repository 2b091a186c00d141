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
import { reportHtml } from '../../report/report-html';
import { reportModel } from '../../report/report-model';
import { reportVerify } from '../../report/report-verify';
import type { CanaryPlan } from '../../verify/canary';
import { openWritableDcs, type DcAddress, type OpenedDcs } from '../../verify/writable-dcs';
import { runVerify, type VerifyRequest, type VerifyResult } from '../../verify/verify';
import { connectionFromFlags } from '../options/connection';
import { connectEntra } from '../options/entra';
import { forCli } from '../words';
import { adsyncRunner, confirm } from '../options/run';
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
    ]);
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
  const runner = adsyncRunner({ adsync: options.adsync ?? 'none' });
  return {
    ...(runner === undefined ? {} : { runner }),
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
  if (options.html !== undefined) {
    // The checks once, in the report's Checks; the verify section adds the canary's DCs, the
    // events and what to run by hand on the Connect server.
    const model = reportModel(
      { generatedAt: result.generatedAt, checks: result.checks, blockers: [], facts: {} },
      undefined,
      { ...reportVerify([result])!, checks: [] },
    );
    await writeFile(options.html, reportHtml(model), { mode: 0o600 });
  }
  process.stdout.write(options.json === true ? document : humanResult(result));
}

/** `24h`, `90m`, `7d` back from now, or an ISO 8601 time as given. */
export function sinceTime(value: string, now = Date.now()): string {
  const match = /^(\d{1,5})([mhd])$/.exec(value);
  if (match === null) return value;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return new Date(now - Number(match[1]) * unit).toISOString();
}

/** --since and --until as absolute times (UTC), each an ISO 8601 time or a duration back from now. */
export function eventWindow(since: string, until: string | undefined, now = Date.now()) {
  const window = {
    since: absoluteTime(since, '--since', now),
    ...(until === undefined ? {} : { until: absoluteTime(until, '--until', now) }),
  };
  if (window.until !== undefined && window.until < window.since)
    throw badInput(
      'verify-bad-window',
      `--since (${window.since}) is after --until (${window.until}): the window holds no time.`,
      'Give --since before --until, for example --since 2026-11-27T08:00:00Z --until 2026-11-28T08:00:00Z.',
    );
  return window;
}

function absoluteTime(value: string, flag: string, now: number): string {
  const time = sinceTime(value, now);
  const date = new Date(time);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(time) || Number.isNaN(date.getTime()))
    throw badInput(
      'verify-bad-time',
      `${flag} "${printable(value.slice(0, 60))}" is neither an ISO 8601 time nor a duration back from now.`,
      `Give ${flag} as a time with its zone, for example ${flag} 2026-11-28T08:00:00Z, or as minutes, hours or days back from now: ${flag} 90m, 24h, 7d.`,
    );
  return date.toISOString();
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw badInput(
      'verify-bad-number',
      `${name} ${printableCollapsed(value, 20)} is not a whole number.`,
      `Give ${name} as a whole number.`,
    );
  return n;
}

/**
 * --dc-url <host>=<url>[#sha256=<fingerprint>] pairs: where to reach a writable DC other than
 * ldaps://<host>, and optionally the certificate to pin there (a --tls-fingerprint is one DC's).
 * The DC --dc names is reached where --dc says (its name may not resolve here: --dc may be an
 * address).
 */
function dcUrls(options: VerifyOptionValues, connected?: string): (host: string) => DcAddress {
  const overrides = new Map((options.dcUrl ?? []).map(dcUrlPair));
  return (host) =>
    overrides.get(host.toLowerCase()) ??
    (connected !== undefined && host.toLowerCase() === connected.toLowerCase()
      ? { url: options.dc! }
      : { url: `ldaps://${host}` });
}

function dcUrlPair(pair: string): readonly [string, DcAddress] {
  const at = pair.indexOf('=');
  const [url, pin] = pair.slice(at + 1).split('#sha256=') as [string, string | undefined];
  if (at <= 0 || url === '' || (pin !== undefined && !/^[0-9a-f:]{64,95}$/i.test(pin)))
    throw badInput(
      'verify-bad-dc-url',
      `--dc-url ${printableCollapsed(pair, 200)} is not <host>=<url>[#sha256=<fingerprint>].`,
      "Give --dc-url dc2.contoso.com=ldaps://10.0.0.12, and to pin that DC's certificate add its SHA-256: --dc-url dc2.contoso.com=ldaps://10.0.0.12#sha256=<64 hex digits>.",
    );
  return [
    pair.slice(0, at).toLowerCase(),
    { url, ...(pin === undefined ? {} : { tlsFingerprint: pin }) },
  ];
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
  const urlFor = dcUrls(options, text(root, 'dnsHostName'));
  return {
    upn: options.canary!,
    directory,
    baseDn,
    ...(connector === undefined ? {} : { connectorDn: connector.dn }),
    // Reached only once the account is accepted: a refused canary never waits on other DCs.
    dcs: () =>
      openWritableDcs(directory, urlFor).then((dcs) => {
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
      await confirm('Reset this password now?', options.yes);
      return true;
    },
    journalPath: options.journal ?? join(defaultJournalFolder(), `canary-${newRunId()}.jsonl`),
    timeoutMs: positive(options.timeout, '--timeout') * 1000,
    intervalMs: Math.max(100, positive(options.interval, '--interval')),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  };
}

function describePlan(plan: CanaryPlan): string {
  return [
    `Canary: ${plan.summary}`,
    `  ${plan.attribute} of ${plan.target}`,
    ...plan.before.map(
      (dc) =>
        `    ${dc.dc}: ${dc.pwdLastSet} → ${plan.after} (unicodePwd version ${dc.unicodePwdVersion})`,
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
  return lines.join('\n') + '\n';
}
