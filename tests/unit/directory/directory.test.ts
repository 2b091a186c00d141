import { describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import { LdapDirectory } from '../../../main/directory/directory';

function dropped(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

/** A client whose operations are scripted: each call takes the next outcome. */
function fakeClient(outcomes: Array<'drop' | 'ok'>, log: string[]): Client {
  const next = (op: string) => {
    log.push(op);
    const outcome = outcomes.shift();
    if (outcome === 'drop') return Promise.reject(dropped());
    return Promise.resolve({
      searchEntries: [{ dn: 'CN=x', description: 'v' }],
      searchReferences: [],
    });
  };
  return {
    search: () => next('search'),
    modify: () => next('modify'),
    unbind: () => Promise.resolve(),
  } as unknown as Client;
}

describe('LdapDirectory', () => {
  it('a read on a dropped connection reconnects once and succeeds', async () => {
    const log: string[] = [];
    let reopened = 0;
    const dir = new LdapDirectory(fakeClient(['drop'], log), () => {
      reopened += 1;
      return Promise.resolve(fakeClient(['ok'], log));
    });
    expect((await dir.read('CN=x', ['description']))?.values['description']).toEqual(['v']);
    expect(reopened).toBe(1);
  });

  it('a read dropped twice fails instead of retrying forever', async () => {
    const log: string[] = [];
    const dir = new LdapDirectory(fakeClient(['drop'], log), () =>
      Promise.resolve(fakeClient(['drop'], log)),
    );
    await expect(dir.read('CN=x', ['description'])).rejects.toThrow(/ECONNRESET/);
    expect(log).toEqual(['search', 'search']);
  });

  it('a write on a dropped connection is not retried (it may have landed)', async () => {
    const log: string[] = [];
    let reopened = 0;
    const dir = new LdapDirectory(fakeClient(['drop'], log), () => {
      reopened += 1;
      return Promise.resolve(fakeClient(['ok'], log));
    });
    await expect(dir.write('CN=x', [{ attribute: 'description', values: ['w'] }])).rejects.toThrow(
      /ECONNRESET/,
    );
    expect(log).toEqual(['modify']);
    expect(reopened).toBe(0);
  });
});
