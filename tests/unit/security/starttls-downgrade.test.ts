/**
 * Finding 4: StartTLS could silently downgrade. With ldap:// + StartTLS, after a dropped
 * connection ldapts reconnected in clear text, without StartTLS and without a bind, and the
 * engine took the answers. Against a fake DC that drops the connection mid-run and answers
 * anyone in clear (or unbound) with a forged entry: no operation ever leaves the client in
 * clear text or unbound, and the forged answer is never taken.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import { boundClientOpener, connectDirectory } from '../../../main/directory/connect';
import { startFakeDc, type FakeDc } from '../../support/fake-ldap-server';

let dc: FakeDc;
beforeEach(async () => {
  dc = await startFakeDc();
});
afterEach(async () => {
  await dc.close();
});

const options = (url: string) => ({
  url,
  bindUser: 'admin@contoso.test',
  password: 'Pa55w.rd',
  caPem: dc.caPem,
  // Short, so that on the old code the hung operation times out and the clear-text retry happens.
  operationTimeoutMs: 3_000,
});
const connect = (url: string) => connectDirectory(options(url));
/** A bound client as the Directory opens each of its connections. */
const openClient = (url: string) => boundClientOpener(options(url))();

async function description(client: Client): Promise<string> {
  const { searchEntries } = await client.search('DC=contoso,DC=test', {
    scope: 'base',
    attributes: ['description'],
  });
  return String(searchEntries[0]?.['description']);
}

/** Every operation but StartTLS itself went over TLS, and every one after the bind was bound. */
function expectNothingInClearOrUnbound(): void {
  const exposed = dc.arrivals.filter(
    (a) =>
      (!a.overTls && a.operation !== 'starttls') ||
      (a.overTls && !a.bound && a.operation !== 'bind'),
  );
  expect(exposed).toEqual([]);
}

describe('finding 4: an LDAP connection never carries an operation in clear text or unbound', () => {
  it('after the DC drops a StartTLS connection mid-run, the next operations reopen through StartTLS and bind', async () => {
    const client = await openClient(`ldap://127.0.0.1:${dc.port}`);
    try {
      expect(await description(client)).toBe('genuine');
      dc.dropNextSearch();
      await expect(description(client)).rejects.toThrow();
      const answers: string[] = [];
      for (let attempt = 0; attempt < 2; attempt++) {
        answers.push(await description(client).catch((error: Error) => `error: ${error.message}`));
      }
      expectNothingInClearOrUnbound();
      expect(answers).not.toContain('forged');
      expect(answers).toEqual(['genuine', 'genuine']);
      // The reconnection went through the checked path: StartTLS, then a bind, on a new socket.
      const last = Math.max(...dc.arrivals.map((a) => a.connection));
      expect(dc.arrivals.filter((a) => a.connection === last).map((a) => a.operation)).toEqual([
        'starttls',
        'bind',
        'search',
        'search',
      ]);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }, 60_000);

  it('over LDAPS too, a dropped connection is reopened with a bind before anything else', async () => {
    await dc.close();
    dc = await startFakeDc('ldaps');
    const client = await openClient(`ldaps://127.0.0.1:${dc.port}`);
    try {
      dc.dropNextSearch();
      await expect(description(client)).rejects.toThrow();
      expect(await description(client)).toBe('genuine');
      expectNothingInClearOrUnbound();
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }, 60_000);

  it('the Directory itself reads again only through the checked path after a drop', async () => {
    const directory = await connect(`ldap://127.0.0.1:${dc.port}`);
    try {
      dc.dropNextSearch();
      const entry = await directory.read('DC=contoso,DC=test', ['description']);
      expect(entry?.values['description']).toEqual(['genuine']);
      expectNothingInClearOrUnbound();
    } finally {
      await directory.close();
    }
  }, 60_000);
});
