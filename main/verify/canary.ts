/**
 * The canary reset: the proof that a reset made in Entra ID lands in AD on every writable DC.
 * Shown first as a plan operation (pwdLastSet before → "changed by writeback", and that a
 * password cannot be rolled back), confirmed, journaled; then reset through Graph, the
 * operation followed to its end, every DC watched until it shows the new password, and the
 * Connect server's event for it found. A failure names its cause and the step that fixes it.
 */
import type { CanaryPlanView } from '../../shared/ipc/contract';
import { field } from '../../shared/fields';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
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
  type PasswordState,
  type WatchedDc,
} from './dc-watch';
import { findCause, type CanaryCause } from './canary-cause';

/**
 * The canary as a plan operation: what will change, and that it cannot be undone (the app's view
 * of it, shared/ipc, is this with the id of the plan shown).
 */
export interface CanaryPlan extends Omit<CanaryPlanView, 'planId' | 'after'> {
  readonly kind: 'canary-reset';
  readonly after: 'changed by writeback';
}

export interface CanaryOptions {
  readonly upn: string;
  readonly directory: Directory;
  readonly baseDn: string;
  readonly connectorDn?: string;
  /**
   * Every writable DC of the domain, connected; or how to connect them, which runs only once the
   * account is accepted (a refused canary never waits on, or fails on, reaching other DCs).
   */
  readonly dcs: readonly WatchedDc[] | (() => Promise<readonly WatchedDc[]>);
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
  /** Cancel: before the reset nothing happens; after it, following and watching stop. */
  readonly signal?: AbortSignal;
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
  /** The admin cancelled after the reset was requested. */
  readonly cancelled?: boolean;
  readonly journal: string;
}

const irreversible =
  'A password cannot be rolled back: the canary account keeps a new random password nobody knows (never shown, logged or stored). Set its password yourself afterwards before anyone uses it.';

export function canaryPlan(
  account: CanaryAccount,
  before: ReadonlyMap<string, PasswordState>,
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
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'EEXIST') throw journalExists(path, error);
    throw badInput(
      'verify-journal-unwritable',
      `Cannot create the canary journal ${path}: ${code}.`,
      `Give a new, writable file as ${field('journal')}.`,
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

const journalExists = (path: string, error?: unknown) =>
  badInput(
    'verify-journal-exists',
    `The canary journal ${path} exists already, and a journal is never overwritten: nothing was reset.`,
    `Give a new file as ${field('journal')}, or leave it out: each run gets its own journal.`,
    error,
  );

/** What is known before anything changes: the account, its cloud twin, each DC's state. */
export interface CanaryPreparation {
  readonly account: CanaryAccount;
  readonly cloudUserId: string;
  readonly before: ReadonlyMap<string, PasswordState>;
  readonly plan: CanaryPlan;
  /** The writable DCs watched. */
  readonly dcs: readonly WatchedDc[];
}

/** Reads everything the plan shows (refusing an account that must not be the canary). */
export async function prepareCanary(
  options: Pick<CanaryOptions, 'upn' | 'directory' | 'baseDn' | 'connectorDn' | 'dcs' | 'graph'>,
): Promise<CanaryPreparation> {
  const account = await readCanaryAccount(
    options.directory,
    options.baseDn,
    options.upn,
    options.connectorDn,
  );
  const user = await findCloudUser(options.graph, options.upn);
  checkCloudUser(account, user, await signedInUserId(options.graph).catch(() => undefined));
  // Only now, the account accepted: reach every other writable DC.
  const dcs = typeof options.dcs === 'function' ? await options.dcs() : options.dcs;
  const before = new Map<string, PasswordState>();
  for (const dc of dcs) before.set(dc.name, await readPasswordState(dc.directory, account.dn));
  // A DC the account has not replicated to yet will receive it with today's password: its
  // baseline is what a DC holding the account reads, so only the reset counts as a change there.
  const held = [...before.values()].find((state) => !state.notYetReplicated);
  if (held)
    for (const [dc, state] of before)
      if (state.notYetReplicated) before.set(dc, { ...held, notYetReplicated: true });
  return { account, cloudUserId: user.id, before, plan: canaryPlan(account, before), dcs };
}

export async function runCanary(options: CanaryOptions): Promise<CanaryResult> {
  // Said before anything is read or asked: a journal there already is never overwritten.
  if (existsSync(options.journalPath)) throw journalExists(options.journalPath);
  const prepared = await prepareCanary(options);
  if (!(await options.confirm(prepared.plan))) {
    throw new WizardError(
      'verify-canary-not-confirmed',
      'The canary reset was not confirmed: nothing was reset.',
      `Run again and confirm, or give ${field('yes')}.`,
      ExitCode.usage,
    );
  }
  if (options.signal?.aborted) throw cancelledBeforeReset();
  const journal = openJournal(options.journalPath);
  try {
    journal.append({ type: 'canary-plan', plan: prepared.plan });
    journal.append({ type: 'confirmed' });
    return await resetAndWatch(options, prepared, journal.append);
  } finally {
    journal.close();
  }
}

const cancelledBeforeReset = () =>
  new WizardError(
    'verify-canary-cancelled',
    'You cancelled the canary before the reset was requested: nothing was reset.',
    'Run the canary again when you are ready.',
    ExitCode.usage,
  );

/** The reset, the operation followed, every DC watched, the Connect events: all journaled. */
async function resetAndWatch(
  options: CanaryOptions,
  prepared: CanaryPreparation,
  append: (record: Record<string, unknown>) => void,
): Promise<CanaryResult> {
  const clock = clockOf(options);
  const { account, before, plan } = prepared;
  const progress = options.onProgress ?? (() => undefined);
  const startedAt = clock.now();
  const operationPath = await options.resetter.reset(prepared.cloudUserId);
  append({ type: 'reset-requested', operation: operationPath });
  progress('Reset requested in Entra ID; following the operation…');
  const operation = await followOperation(options, operationPath, startedAt, clock);
  append({
    type: 'operation-ended',
    status: operation.status,
    ...(operation.statusDetail === undefined ? {} : { statusDetail: operation.statusDetail }),
  });
  progress(`Graph operation ${operation.status}; watching ${prepared.dcs.length} DC(s)…`);
  const dcs = await watchConvergence(prepared.dcs, {
    dn: account.dn,
    before,
    startedAt,
    // A failed reset never reaches AD: one look at each DC is enough to show that.
    timeoutMs: operation.status === 'succeeded' ? (options.timeoutMs ?? 900_000) : 0,
    intervalMs: options.intervalMs ?? 1000,
    ...clock,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onSeen: (dc, ms) => progress(`${dc} shows the new password after ${(ms / 1000).toFixed(1)} s`),
  });
  for (const dc of dcs) append({ type: 'dc', ...dc });
  const cancelled = options.signal?.aborted === true;
  const events = cancelled ? [] : await connectEvents(options, account, startedAt, clock.sleep);
  const ok = !cancelled && operation.status === 'succeeded' && dcs.every((dc) => dc.after);
  const cause = ok
    ? undefined
    : cancelled
      ? cancelledCause(dcs)
      : await findCause({
          account,
          operation,
          dcs,
          events,
          ...(options.verdictFor === undefined ? {} : { verdictFor: options.verdictFor }),
        });
  append({
    type: 'canary-end',
    outcome: ok ? 'done' : cancelled ? 'cancelled' : 'failed',
    ...(cause === undefined ? {} : { cause: cause.code }),
  });
  return {
    ok,
    plan,
    requestedAt: new Date(startedAt).toISOString(),
    operation,
    dcs,
    events,
    ...(cause === undefined ? {} : { cause }),
    ...(cancelled ? { cancelled } : {}),
    journal: options.journalPath,
  };
}

function clockOf(options: CanaryOptions) {
  return {
    now: options.now ?? (() => Date.now()),
    sleep:
      options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
}

/** Cancelled after the reset was requested: the password changed anyway, and is not undone. */
function cancelledCause(dcs: readonly DcConvergence[]): CanaryCause {
  const seen = dcs.filter((dc) => dc.after !== undefined).map((dc) => dc.dc);
  return {
    code: 'canary-cancelled',
    message: `You cancelled the watch after the reset was requested: the password was reset in Entra ID all the same, and that cannot be undone. ${seen.length === 0 ? 'No DC had shown the new password yet.' : `${seen.join(', ')} had shown the new password.`}`,
    fix: 'Run the canary again to watch a new reset to its end.',
    step: 'none: run the canary again',
  };
}

async function followOperation(
  options: CanaryOptions,
  path: string,
  startedAt: number,
  { now, sleep }: ReturnType<typeof clockOf>,
): Promise<ResetOperation> {
  const timeoutMs = options.timeoutMs ?? 900_000;
  for (;;) {
    const operation = await readResetOperation(options.graph, path);
    if (operation.status === 'succeeded' || operation.status === 'failed') return operation;
    // Cancelled: the operation is left as last read; the DCs are looked at once.
    if (options.signal?.aborted) return operation;
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
