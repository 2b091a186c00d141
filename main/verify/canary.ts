/**
 * The canary reset: the proof that a reset made in Entra ID lands in AD on every writable DC.
 * Shown first as a plan operation (pwdLastSet before → "changed by writeback", and that a
 * password cannot be rolled back), confirmed, journaled; then reset through Graph, the
 * operation followed to its end, every DC watched until it shows the new password, and the
 * Connect server's event for it found. A failure names its cause and the step that fixes it.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BlockerReason } from '../../shared/checks';
import { ExitCode, WizardError, badInput } from '../../shared/errors';
import type { ExplainedEvent } from '../adsync/event-log';
import type { Directory } from '../directory/connect';
import type { GraphReader } from '../entra/graph-reader';
import {
  findCloudUser,
  readResetOperation,
  signedInUserId,
  type PasswordResetter,
  type ResetOperation,
} from '../entra/password-reset';
import { checkCloudUser, readCanaryAccount, type CanaryAccount } from './canary-account';
import {
  readPasswordState,
  watchConvergence,
  type DcConvergence,
  type WatchedDc,
} from './dc-watch';
import { findCause, type CanaryCause } from './canary-cause';

/** The canary as a plan operation: what will change, and that it cannot be undone. */
export interface CanaryPlan {
  readonly kind: 'canary-reset';
  readonly target: string;
  readonly userPrincipalName: string;
  readonly attribute: 'pwdLastSet';
  readonly before: readonly {
    readonly dc: string;
    readonly pwdLastSet: string;
    readonly unicodePwdVersion: number;
  }[];
  readonly after: 'changed by writeback';
  readonly irreversible: string;
  readonly summary: string;
}

export interface CanaryOptions {
  readonly upn: string;
  readonly directory: Directory;
  readonly baseDn: string;
  readonly connectorDn?: string;
  /** Every writable DC of the domain, connected. */
  readonly dcs: readonly WatchedDc[];
  readonly graph: GraphReader;
  readonly resetter: PasswordResetter;
  /** The Connect server's events since a time (undefined when ADSync is not reached). */
  readonly events?: (since: string) => Promise<ExplainedEvent[]>;
  /** The user's readiness verdict (blockers), to join a permission or policy failure to. */
  readonly verdictFor?: (dn: string) => Promise<readonly BlockerReason[]>;
  readonly confirm: (plan: CanaryPlan) => Promise<boolean>;
  readonly journalPath: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onProgress?: (line: string) => void;
}

export interface CanaryResult {
  readonly ok: boolean;
  readonly plan: CanaryPlan;
  readonly requestedAt: string;
  readonly operation?: ResetOperation;
  readonly dcs: readonly DcConvergence[];
  /** The Connect server's events about this reset, explained. */
  readonly events: readonly ExplainedEvent[];
  readonly cause?: CanaryCause;
  readonly journal: string;
}

const irreversible =
  'A password cannot be rolled back: the canary account keeps a new random password nobody knows (never shown, logged or stored). Set its password yourself afterwards before anyone uses it.';

export function canaryPlan(
  account: CanaryAccount,
  before: ReadonlyMap<string, { pwdLastSet: string; unicodePwdVersion: number }>,
): CanaryPlan {
  return {
    kind: 'canary-reset',
    target: account.dn,
    userPrincipalName: account.userPrincipalName,
    attribute: 'pwdLastSet',
    before: [...before].map(([dc, state]) => ({
      dc,
      pwdLastSet: state.pwdLastSet,
      unicodePwdVersion: state.unicodePwdVersion,
    })),
    after: 'changed by writeback',
    irreversible,
    summary: `Reset the password of ${account.userPrincipalName} in Entra ID and watch it reach AD on ${before.size} writable DC(s)`,
  };
}

/** The canary's own journal: JSON Lines, each record on disk (fsync) before the next step. */
function openJournal(path: string): {
  append: (record: Record<string, unknown>) => void;
  close: () => void;
} {
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    throw badInput(
      'verify-journal-unwritable',
      `Cannot create the canary journal ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      'Give a new, writable file with --journal.',
      error,
    );
  }
  return {
    append(record) {
      writeSync(fd, JSON.stringify({ at: new Date().toISOString(), ...record }) + '\n');
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}

export async function runCanary(options: CanaryOptions): Promise<CanaryResult> {
  const now = options.now ?? (() => Date.now());
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const progress = options.onProgress ?? (() => undefined);
  const account = await readCanaryAccount(
    options.directory,
    options.baseDn,
    options.upn,
    options.connectorDn,
  );
  const user = await findCloudUser(options.graph, options.upn);
  checkCloudUser(account, user, await signedInUserId(options.graph).catch(() => undefined));
  const before = new Map<string, Awaited<ReturnType<typeof readPasswordState>>>();
  for (const dc of options.dcs)
    before.set(dc.name, await readPasswordState(dc.directory, account.dn));
  const plan = canaryPlan(account, before);
  if (!(await options.confirm(plan))) {
    throw new WizardError(
      'verify-canary-not-confirmed',
      'The canary reset was not confirmed: nothing was reset.',
      'Run again and confirm, or add --yes.',
      ExitCode.usage,
    );
  }
  const journal = openJournal(options.journalPath);
  try {
    journal.append({ type: 'canary-plan', plan });
    journal.append({ type: 'confirmed' });
    const startedAt = now();
    const requestedAt = new Date(startedAt).toISOString();
    const operationPath = await options.resetter.reset(user.id);
    journal.append({ type: 'reset-requested', operation: operationPath });
    progress(`Reset requested in Entra ID; following the operation…`);
    const operation = await followOperation(options, operationPath, startedAt, now, sleep);
    journal.append({
      type: 'operation-ended',
      status: operation.status,
      ...(operation.statusDetail === undefined ? {} : { statusDetail: operation.statusDetail }),
    });
    progress(`Graph operation ${operation.status}; watching ${options.dcs.length} DC(s)…`);
    const dcs = await watchConvergence(options.dcs, {
      dn: account.dn,
      before,
      startedAt,
      // A failed reset never reaches AD: one look at each DC is enough to show that.
      timeoutMs: operation.status === 'succeeded' ? (options.timeoutMs ?? 900_000) : 0,
      intervalMs: options.intervalMs ?? 1000,
      now,
      sleep,
      onSeen: (dc, ms) =>
        progress(`${dc} shows the new password after ${(ms / 1000).toFixed(1)} s`),
    });
    for (const dc of dcs) journal.append({ type: 'dc', ...dc });
    const events = await connectEvents(options, account, startedAt, sleep);
    const converged = dcs.every((dc) => dc.after !== undefined);
    const ok = operation.status === 'succeeded' && converged;
    const cause = ok
      ? undefined
      : await findCause({
          account,
          operation,
          dcs,
          events,
          ...(options.verdictFor === undefined ? {} : { verdictFor: options.verdictFor }),
        });
    journal.append({
      type: 'canary-end',
      outcome: ok ? 'done' : 'failed',
      ...(cause === undefined ? {} : { cause: cause.code }),
    });
    return {
      ok,
      plan,
      requestedAt,
      operation,
      dcs,
      events,
      ...(cause === undefined ? {} : { cause }),
      journal: options.journalPath,
    };
  } finally {
    journal.close();
  }
}

async function followOperation(
  options: CanaryOptions,
  path: string,
  startedAt: number,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): Promise<ResetOperation> {
  const timeoutMs = options.timeoutMs ?? 900_000;
  for (;;) {
    const operation = await readResetOperation(options.graph, path);
    if (operation.status === 'succeeded' || operation.status === 'failed') return operation;
    if (now() - startedAt >= timeoutMs) {
      return {
        ...operation,
        status: 'failed',
        statusDetail: `still ${operation.status} after ${Math.round(timeoutMs / 1000)} s`,
      };
    }
    await sleep(options.intervalMs ?? 1000);
  }
}

/**
 * The Connect server's events about this reset: those naming the user, from a minute before the
 * request (clocks differ). The service writes them as it works: a few reads, a little apart.
 */
async function connectEvents(
  options: CanaryOptions,
  account: CanaryAccount,
  startedAt: number,
  sleep: (ms: number) => Promise<void>,
): Promise<ExplainedEvent[]> {
  if (options.events === undefined) return [];
  const since = new Date(startedAt - 60_000).toISOString();
  const about = (event: ExplainedEvent) =>
    event.user?.upn?.toLowerCase() === account.userPrincipalName.toLowerCase() ||
    event.user?.dn?.toLowerCase() === account.dn.toLowerCase();
  let found: ExplainedEvent[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    found = (await options.events(since)).filter(about);
    if (found.some((event) => event.outcome === 'success' || event.outcome === 'failure')) break;
    await sleep(options.intervalMs ?? 1000);
  }
  return found;
}
