/**
 * The AD connection options of docs/cli.md for `assess`, and the provider they build. Without
 * --dc the AD side reports "not assessed" (adNotRequested). The connection flags and the
 * password are read the one way every command reads them (./connection.ts:
 * --password-env, else a no-echo prompt on a terminal; never an argument, never logged).
 */
import { badInput } from '../../../shared/errors';
import { connectionFromFlags, type ConnectionFlags } from './connection';
import type { AssessProvider } from '../../assess/assess-provider';
import { adNotRequested } from '../../assess/ad-not-requested';
import { directoriesAssessProvider } from '../../assess/directories-assess-provider';
import { adTarget, directoriesFromFile } from './directories';
import { adAssessProvider } from '../../readiness/ad-assess-provider';
import type { ReadinessProgress } from '../../readiness/assess-users';
import { checkedStreams } from '../../readiness/scan-streams';

export interface AdOptionValues extends ConnectionFlags {
  readonly directories?: string;
  readonly scope?: readonly string[];
  readonly sysvol?: string;
  readonly pageSize?: string;
  readonly streams?: string;
}

function progressLine(p: ReadinessProgress): void {
  const left =
    p.remainingMs !== undefined ? `, about ${Math.ceil(p.remainingMs / 1000)} s left` : '';
  process.stderr.write(`users assessed: ${p.usersScanned} (${Math.round(p.rate)}/s${left})\n`);
}

function pageSizeOf(value: string | undefined): number {
  const pageSize = Number(value ?? '1000');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100_000) {
    throw badInput(
      'page-size',
      `--page-size "${value}" is not a whole number from 1 to 100000.`,
      "Use --page-size 1000 (AD's MaxPageSize).",
    );
  }
  return pageSize;
}

export async function adProviderFromOptions(
  options: AdOptionValues,
  signal?: AbortSignal,
): Promise<AssessProvider> {
  if (options.directories !== undefined) {
    const { directories, pageSize, streams, ...perForest } = options;
    return directoriesAssessProvider(
      await directoriesFromFile(directories, {
        ...perForest,
        pageSize: pageSizeOf(pageSize),
        ...(streams !== undefined ? { streams: checkedStreams(streams) } : {}),
        ...(signal ? { signal } : {}),
        onProgress: progressLine,
      }),
    );
  }
  if (options.dc === undefined) return adNotRequested;
  // Asked before anything connects, so a missing password is exit 2, not a failed check.
  const connection = await connectionFromFlags(options);
  const pageSize = pageSizeOf(options.pageSize);
  const streams = options.streams === undefined ? undefined : checkedStreams(options.streams);
  return adAssessProvider({
    ...(streams !== undefined ? { streams } : {}),
    ...adTarget(connection, options.account, options.scope),
    ...(options.sysvol !== undefined ? { sysvol: options.sysvol } : {}),
    pageSize,
    ...(signal ? { signal } : {}),
    onProgress: progressLine,
  });
}
