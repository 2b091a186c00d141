/**
 * Watches one user's password on every writable DC until each shows the new one: pwdLastSet
 * changed, and unicodePwd's replication metadata at a higher version. The first DC to show it
 * is where the write landed (its invocation id is the write's origin); every other DC's delay
 * after it is its convergence time, measured by reading that DC, never assumed.
 */
import type { Directory } from '../directory/connect';
import { bytes, guid, text } from '../directory/entry';
import { AttributeId, metadataOf, parseReplPropertyMetaData } from './repl-metadata';

/** What one DC holds for the user's password. */
export interface PasswordState {
  readonly pwdLastSet: string;
  readonly unicodePwdVersion: number;
  readonly originatingInvocationId?: string;
  readonly originatingChangeTime?: string;
  /** The object was not on this DC when read (not replicated there yet). */
  readonly notYetReplicated?: true;
}

export interface WatchedDc {
  /** dnsHostName, as discovery found it. */
  readonly name: string;
  readonly directory: Directory;
}

export interface DcConvergence {
  readonly dc: string;
  /** This DC's own invocationId (to name where the write originated). */
  readonly invocationId?: string;
  readonly before: PasswordState;
  readonly after?: PasswordState;
  /** ms from the reset request to the first read that showed the new password. */
  readonly seenAfterMs?: number;
  /** ms after the first DC showed it (0 for the first DC). */
  readonly convergedAfterMs?: number;
  /** The write originated on this DC (its invocationId is the metadata's origin). */
  readonly originating: boolean;
  readonly error?: string;
}

export async function readPasswordState(directory: Directory, dn: string): Promise<PasswordState> {
  const entry = await directory.read(dn, ['pwdLastSet', 'replPropertyMetaData']);
  // Not on this DC yet (created or moved moments ago, not replicated here): no password set
  // here yet, so the watch sees the reset when the object arrives with it.
  if (!entry) return { pwdLastSet: '0', unicodePwdVersion: 0, notYetReplicated: true };
  const blob = bytes(entry, 'replPropertyMetaData');
  const unicodePwd =
    blob === undefined
      ? undefined
      : metadataOf(parseReplPropertyMetaData(blob), AttributeId.unicodePwd);
  return {
    pwdLastSet: text(entry, 'pwdLastSet') ?? '0',
    unicodePwdVersion: unicodePwd?.version ?? 0,
    ...(unicodePwd === undefined
      ? {}
      : {
          originatingInvocationId: unicodePwd.originatingInvocationId,
          originatingChangeTime: unicodePwd.originatingChangeTime,
        }),
  };
}

/** The DC's invocationId, from its NTDS Settings object (rootDSE dsServiceName). */
export async function readInvocationId(directory: Directory): Promise<string | undefined> {
  const root = await directory.rootDse();
  const service = text(root, 'dsServiceName');
  if (service === undefined) return undefined;
  for await (const entry of directory.search(service, {
    scope: 'base',
    attributes: ['invocationId'],
    binaryAttributes: ['invocationId'],
  })) {
    return guid(entry, 'invocationId');
  }
  return undefined;
}

export interface WatchOptions {
  readonly dn: string;
  readonly before: ReadonlyMap<string, PasswordState>;
  /** When the reset was requested (ms, the clock's). */
  readonly startedAt: number;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
  readonly onSeen?: (dc: string, afterMs: number) => void;
}

const changed = (before: PasswordState, now: PasswordState) =>
  now.pwdLastSet !== before.pwdLastSet && now.unicodePwdVersion > before.unicodePwdVersion;

/** Polls every DC until each shows the new password or the time is up. */
export async function watchConvergence(
  dcs: readonly WatchedDc[],
  options: WatchOptions,
): Promise<DcConvergence[]> {
  const now = options.now ?? (() => Date.now());
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const seen = new Map<string, { state: PasswordState; at: number }>();
  const errors = new Map<string, string>();
  const invocationIds = new Map<string, string | undefined>();
  for (const dc of dcs)
    invocationIds.set(dc.name, await readInvocationId(dc.directory).catch(() => undefined));
  for (;;) {
    for (const dc of dcs) {
      if (seen.has(dc.name)) continue;
      try {
        const state = await readPasswordState(dc.directory, options.dn);
        errors.delete(dc.name);
        if (changed(options.before.get(dc.name)!, state)) {
          seen.set(dc.name, { state, at: now() });
          options.onSeen?.(dc.name, now() - options.startedAt);
        }
      } catch (error) {
        errors.set(dc.name, error instanceof Error ? error.message : String(error));
      }
    }
    if (
      seen.size === dcs.length ||
      now() - options.startedAt >= options.timeoutMs ||
      options.signal?.aborted
    )
      break;
    await sleep(options.intervalMs);
  }
  const first = Math.min(...[...seen.values()].map((s) => s.at));
  return dcs.map((dc) => {
    const hit = seen.get(dc.name);
    const invocationId = invocationIds.get(dc.name);
    const error = errors.get(dc.name);
    return {
      dc: dc.name,
      ...(invocationId === undefined ? {} : { invocationId }),
      before: options.before.get(dc.name)!,
      ...(hit === undefined
        ? {}
        : {
            after: hit.state,
            seenAfterMs: hit.at - options.startedAt,
            convergedAfterMs: hit.at - first,
          }),
      originating:
        hit !== undefined &&
        invocationId !== undefined &&
        hit.state.originatingInvocationId === invocationId,
      ...(error === undefined ? {} : { error }),
    };
  });
}
