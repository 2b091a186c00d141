/**
 * One subtree search split across several connections to the same DC, so a DC with spare cores
 * answers several parts at once: each stream is the same paged search narrowed to a range of
 * objectGUID (random, so the ranges split any domain evenly without sampling it first), and the
 * entries of every stream are yielded as they come, one at a time (each stream holds at most
 * two pages of a page size shared out between the streams, so memory does not grow with the
 * users nor with the streams). Order across streams is not kept: a
 * caller that reports in order sorts what it keeps (by objectGUID, the order one stream gives on
 * Samba).
 *
 * The ranges are written as a decision list: stream i takes the entries for which the first
 * i - 1 bounds hold and the i-th does not, the last those for which every bound holds. Whatever
 * the DC's ordering, an entry whose bounds it evaluates to true or false lands in exactly one
 * stream. Before splitting, one base search proves the DC evaluates the bound at all (TRUE, not
 * undefined); a DC that does not gets one stream.
 */
import type { Directory, DirectoryEntry, SearchOptions } from './directory';

/** The most streams a scan is split into: more connections than cores only queue at the DC. */
export const MAX_STREAMS = 16;

/** `\xx` escapes of a 16-byte value whose first byte is `first` (the rest zero). */
function bound(first: number): string {
  return [first, ...new Array<number>(15).fill(0)]
    .map((byte) => `\\${byte.toString(16).padStart(2, '0')}`)
    .join('');
}

/** The first byte of each bound: 256 / streams apart. */
function boundBytes(streams: number): number[] {
  return Array.from({ length: streams - 1 }, (_, i) => Math.round(((i + 1) * 256) / streams));
}

/** The filter narrowing each of `streams` streams (one stream: no narrowing, ''). */
export function guidRangeFilters(streams: number): string[] {
  if (streams <= 1) return [''];
  const holds = boundBytes(streams).map((first) => `(objectGUID>=${bound(first)})`);
  return Array.from({ length: streams }, (_, i) => {
    const above = holds.slice(0, i);
    const below = i < holds.length ? [`(!${holds[i]})`] : [];
    return `(&${[...above, ...below].join('')})`;
  });
}

/** Whether the DC evaluates an objectGUID bound: the base object's GUID is at least zero. */
async function ordersGuids(directory: Directory, base: string): Promise<boolean> {
  try {
    for await (const entry of directory.search(base, {
      scope: 'base',
      filter: `(objectGUID>=${bound(0)})`,
      attributes: ['1.1'],
    })) {
      return entry !== undefined;
    }
  } catch (error) {
    // inappropriateMatching (18), unwillingToPerform (53), protocolError (2): no ordering rule.
    if ([2, 18, 53].includes(Number((error as { code?: unknown }).code))) return false;
    throw error;
  }
  return false;
}

/** Entries per page below which a stream's round trips cost more than its memory saves. */
const MIN_STREAM_PAGE = 100;

function narrowed(options: SearchOptions, range: string, streams: number): SearchOptions {
  const filter = options.filter ?? '(objectClass=*)';
  // Progress is per stream; the caller counts what it is given.
  const { onProgress: _ignored, estimatedTotal: _unused, ...rest } = options;
  // The page shared out: as many entries in flight with N streams as with one.
  const pageSize = Math.max(MIN_STREAM_PAGE, Math.ceil((options.pageSize ?? 1000) / streams));
  return { ...rest, pageSize, filter: range === '' ? filter : `(&${filter}${range})` };
}

/**
 * Every entry of `directory.search(base, options)`, read over `streams` connections (this one
 * and streams - 1 more to the same DC, closed at the end). One stream, or a DC that cannot
 * order objectGUID: the plain search.
 */
export async function* searchInStreams(
  directory: Directory,
  base: string,
  options: SearchOptions,
  streams: number,
): AsyncGenerator<DirectoryEntry> {
  const count = Math.max(1, Math.min(MAX_STREAMS, Math.floor(streams)));
  if (count === 1 || !(await ordersGuids(directory, base))) {
    yield* directory.search(base, options);
    return;
  }
  const others: Directory[] = [];
  try {
    for (let i = 1; i < count; i++) others.push(await directory.openAnother());
    const connections = [directory, ...others];
    const ranges = guidRangeFilters(count);
    yield* merge(
      ranges.map((range, i) => connections[i]!.search(base, narrowed(options, range, count))),
    );
  } finally {
    await Promise.all(others.map((other) => other.close()));
  }
}

/**
 * The entries of every source, as each arrives: one pending read per source, so no source runs
 * more than one entry (and its Directory's page) ahead of the reader. Arrivals queue up for the
 * one reader (a race over the pending reads would hang a handler on a slow source's read for
 * every entry the others deliver). A failing source stops them all.
 */
async function* merge<T>(sources: readonly AsyncIterable<T>[]): AsyncGenerator<T> {
  type Arrival = { index: number; result?: IteratorResult<T>; error?: unknown };
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const arrived: Arrival[] = [];
  const finished = new Set<number>();
  let wake: (() => void) | undefined;
  const land = (arrival: Arrival): void => {
    arrived.push(arrival);
    wake?.();
  };
  const pull = (index: number): void => {
    iterators[index]!.next().then(
      (result) => land({ index, result }),
      (error: unknown) => land({ index, error }),
    );
  };
  iterators.forEach((_, index) => pull(index));
  let open = iterators.length;
  try {
    while (open > 0) {
      if (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const arrival = arrived.shift()!;
      const { index, result } = arrival;
      if ('error' in arrival) {
        finished.add(index);
        throw arrival.error;
      }
      if (result!.done) {
        finished.add(index);
        open--;
        continue;
      }
      pull(index);
      yield result!.value;
    }
  } finally {
    // Stopped early or failed: end every source not done (a read in flight lands unheard).
    iterators.forEach((iterator, index) => {
      if (!finished.has(index)) void iterator.return?.(undefined)?.catch(() => undefined);
    });
  }
}
