/**
 * The pieces of a split scan that need no DC: the ranges as filters, binary filter values sent
 * as bytes, the merge closing what it opened, the order reports keep, and the stream count.
 * The lab test (tests/lab/scan-streams.test.ts) proves the split on a real DC.
 */
import { BerWriter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../main/directory/binary-filter';
import type { Directory, DirectoryEntry } from '../../../main/directory/directory';
import { guidRangeFilters, searchInStreams } from '../../../main/directory/split-search';
import { KeptInOrder } from '../../../main/readiness/report-order';
import {
  checkedStreams,
  dcSharesThisComputer,
  streamsFor,
} from '../../../main/readiness/scan-streams';

const written = (text: string): Buffer => {
  const writer = new BerWriter();
  parseFilter(text, ['objectGUID']).write(writer);
  return writer.buffer;
};

describe('binary filter values', () => {
  it('sends an objectGUID bound byte for byte (0x80 and up included)', () => {
    const ber = written(`(objectGUID>=\\80\\ab${'\\00'.repeat(14)})`);
    const value = Buffer.from([0x80, 0xab, ...new Array<number>(14).fill(0)]);
    expect(ber.includes(value)).toBe(true);
    expect(ber.includes(Buffer.from([0xc2, 0x80]))).toBe(false);
  });

  it('leaves text as UTF-8 (a typed non-ASCII name)', () => {
    expect(written('(&(objectGUID>=\\7f)(sAMAccountName=jürgen))').includes('jürgen')).toBe(true);
  });
});

describe('objectGUID ranges', () => {
  it('are no narrowing for one stream, a decision list for several', () => {
    expect(guidRangeFilters(1)).toEqual(['']);
    const [first, second, third] = guidRangeFilters(3);
    const bound = (byte: string) => `(objectGUID>=\\${byte}${'\\00'.repeat(15)})`;
    expect(first).toBe(`(&(!${bound('55')}))`);
    expect(second).toBe(`(&${bound('55')}(!${bound('ab')}))`);
    expect(third).toBe(`(&${bound('55')}${bound('ab')})`);
  });
});

/** A directory double: `n` entries per search, counting the connections opened and closed. */
function fakeDirectory(
  log: { opened: number; closed: number; filters: string[] },
  failingStream?: number,
): Directory {
  const entry = (dn: string): DirectoryEntry => ({ dn, values: {}, bytes: {} });
  const directory = {
    async *search(base: string, options: { scope?: string; filter?: string }) {
      if (options.scope === 'base') {
        yield entry(base); // the DC orders objectGUID
        return;
      }
      log.filters.push(options.filter ?? '');
      const stream = log.filters.length - 1;
      for (let i = 0; i < 100; i++) {
        if (stream === failingStream && i === 10) throw new Error('the DC dropped stream 2');
        yield entry(`CN=u${i},${base}`);
      }
    },
    openAnother: () => {
      log.opened++;
      return Promise.resolve(directory);
    },
    close: () => {
      log.closed++;
      return Promise.resolve();
    },
  };
  return directory as unknown as Directory;
}

describe('searchInStreams', () => {
  it('reads every stream, narrowed to its range, and closes the connections it opened', async () => {
    const log = { opened: 0, closed: 0, filters: [] as string[] };
    let count = 0;
    for await (const _ of searchInStreams(fakeDirectory(log), 'DC=x', { attributes: [] }, 3))
      count++;
    expect(count).toBe(300);
    expect(log).toMatchObject({ opened: 2, closed: 2 });
    expect(log.filters).toEqual(guidRangeFilters(3).map((r) => `(&(objectClass=*)${r})`));
  });

  it('closes them too when the reader stops early', async () => {
    const log = { opened: 0, closed: 0, filters: [] as string[] };
    for await (const _ of searchInStreams(fakeDirectory(log), 'DC=x', { attributes: [] }, 4)) break;
    expect(log).toMatchObject({ opened: 3, closed: 3 });
  });

  it('fails with a failing stream, and still closes every connection it opened', async () => {
    const log = { opened: 0, closed: 0, filters: [] as string[] };
    const read = async () => {
      for await (const _ of searchInStreams(fakeDirectory(log, 1), 'DC=x', { attributes: [] }, 3));
    };
    await expect(read()).rejects.toThrow('the DC dropped stream 2');
    expect(log).toMatchObject({ opened: 2, closed: 2 });
  });
});

describe('the order reports keep', () => {
  it('is objectGUID order whatever the order of arrival; the limit keeps the first ones', () => {
    const all = new KeptInOrder<string>();
    const first2 = new KeptInOrder<string>(2);
    for (const key of ['c0', 'a0', undefined, 'b0', 'ff']) {
      all.add(key, key ?? 'none');
      first2.add(key, key ?? 'none');
    }
    expect(all.list()).toEqual(['a0', 'b0', 'c0', 'ff', 'none']);
    expect(first2.list()).toEqual(['a0', 'b0']);
    expect(first2.added).toBe(5);
  });
});

describe('the number of streams', () => {
  it('is one for a small or unknown domain, one per 10,000 up to 3', () => {
    expect(streamsFor(undefined)).toBe(1);
    expect(streamsFor(1_500)).toBe(1);
    expect(streamsFor(12_000)).toBe(2);
    expect(streamsFor(21_600)).toBe(3);
    expect(streamsFor(1_000_000)).toBe(3);
  });

  it('is one, by default, for a DC on this computer (it shares the cores)', () => {
    for (const dc of ['ldaps://127.0.0.20:636', 'ldap://localhost', 'ldaps://[::1]'])
      expect(dcSharesThisComputer(dc)).toBe(true);
    for (const dc of ['ldaps://dc1.contoso.com', 'ldaps://10.0.0.4', undefined, 'not a url'])
      expect(dcSharesThisComputer(dc)).toBe(false);
  });

  it('from the admin is a whole number from 1 to 16, else a clear error', () => {
    expect(checkedStreams('3')).toBe(3);
    for (const bad of ['0', '17', 'abc', '2.5', ''])
      expect(() => checkedStreams(bad)).toThrow(/--streams|streams/);
  });
});
