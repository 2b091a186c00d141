/**
 * Cancel during the canary: before the reset nothing is reset and nothing is journaled; after
 * the reset was requested, following and watching stop, the result says the password was reset
 * all the same (it cannot be undone), and the journal ends "cancelled".
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Directory } from '../../../main/directory/connect';
import type { GraphReader } from '../../../main/entra/graph-reader';
import type { PasswordResetter } from '../../../main/entra/password-reset';
import { runCanary, type CanaryOptions } from '../../../main/verify/canary';

const dn = 'CN=Canary,OU=Test,DC=contoso,DC=test';
const sid = 'S-1-5-21-1-2-3-1105';

/** S-1-5-21-1-2-3-1105 as AD stores it. */
function sidBytes(): Buffer {
  const subs = [21, 1, 2, 3, 1105];
  const bytes = Buffer.alloc(8 + 4 * subs.length);
  bytes[0] = 1;
  bytes[1] = subs.length;
  bytes[7] = 5;
  subs.forEach((sub, i) => bytes.writeUInt32LE(sub, 8 + 4 * i));
  return bytes;
}

/** The canary account, ordinary and enabled; its password never changes here. */
const directory = {
  rootDse: async () => ({ dn: '', values: {}, bytes: {} }),
  read: async () => ({ dn, values: { pwdlastset: ['0'] }, bytes: {} }),
  search: async function* (base: string, options: { scope?: string; attributes?: string[] }) {
    if (options.attributes?.includes('tokenGroups')) {
      yield { dn: base, values: {}, bytes: { tokengroups: [] } };
    } else if (options.scope === 'base') {
      yield { dn, values: { pwdlastset: ['0'] }, bytes: {} };
    } else {
      yield {
        dn,
        values: {
          samaccountname: ['canary'],
          userprincipalname: ['canary@contoso.test'],
          useraccountcontrol: ['512'],
          pwdlastset: ['0'],
        },
        bytes: { objectsid: [sidBytes()] },
      };
    }
  },
} as unknown as Directory;

const graph = {
  getJson: async (_read: string, path: string) =>
    path.startsWith('/users/canary')
      ? {
          id: 'cloud-1',
          userPrincipalName: 'canary@contoso.test',
          onPremisesSyncEnabled: true,
          onPremisesSecurityIdentifier: sid,
        }
      : path === '/me'
        ? { id: 'admin-1' }
        : { status: 'succeeded' },
} as unknown as GraphReader;

function options(controller: AbortController, resets: string[]): CanaryOptions {
  return {
    upn: 'canary@contoso.test',
    directory,
    baseDn: 'DC=contoso,DC=test',
    dcs: [{ name: 'dc1.contoso.test', directory }],
    graph,
    resetter: {
      reset: async (id: string) => {
        resets.push(id);
        return '/users/cloud-1/authentication/operations/op-1';
      },
    } as unknown as PasswordResetter,
    confirm: async () => true,
    journalPath: join(mkdtempSync(join(tmpdir(), 'wb-canary-cancel-')), 'canary.jsonl'),
    timeoutMs: 600_000,
    intervalMs: 1,
    signal: controller.signal,
  };
}

describe('Cancel during the canary', () => {
  it('before the reset: nothing is reset, nothing journaled, and it says so', async () => {
    const controller = new AbortController();
    const resets: string[] = [];
    const given = options(controller, resets);
    const run = runCanary({
      ...given,
      confirm: async () => {
        controller.abort();
        return true;
      },
    });
    await expect(run).rejects.toMatchObject({
      code: 'verify-canary-cancelled',
      message: expect.stringMatching(/nothing was reset/),
    });
    expect(resets).toEqual([]);
    expect(existsSync(given.journalPath)).toBe(false);
  });

  it('while watching: stops, says the password was reset all the same, and journals the cancel', async () => {
    const controller = new AbortController();
    const resets: string[] = [];
    const given = options(controller, resets);
    const result = await runCanary({
      ...given,
      // The DC never shows the new password: only the cancel ends the watch.
      onProgress: (line) => {
        if (line.startsWith('Graph operation')) controller.abort();
      },
    });
    expect(resets).toEqual(['cloud-1']);
    expect(result.ok).toBe(false);
    expect(result.cancelled).toBe(true);
    expect(result.cause?.code).toBe('canary-cancelled');
    expect(result.cause?.message).toMatch(/reset in Entra ID all the same.*cannot be undone/);
    expect(result.dcs[0]?.after).toBeUndefined();
    const records = readFileSync(given.journalPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; outcome?: string });
    expect(records.map((r) => r.type)).toEqual([
      'canary-plan',
      'confirmed',
      'reset-requested',
      'operation-ended',
      'dc',
      'canary-end',
    ]);
    expect(records.at(-1)?.outcome).toBe('cancelled');
  });
});
