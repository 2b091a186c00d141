import { describe, expect, it } from 'vitest';
import type { Directory } from '../../../main/directory/connect';
import type { DirectoryEntry } from '../../../main/directory/directory';
import {
  readPasswordState,
  watchConvergence,
  type PasswordState,
} from '../../../main/verify/dc-watch';
import { AttributeId, parseReplPropertyMetaData } from '../../../main/verify/repl-metadata';

const invocation = (n: number) => `0a0b0c0${n}-0d0e-4000-8000-00000000000${n}`;

/** A GUID's 16 bytes (MS-DTYP 2.3.4.2: the first three fields little-endian). */
function guidBytes(text: string): Buffer {
  const b = Buffer.from(text.replace(/-/g, ''), 'hex');
  return Buffer.from([b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.subarray(8)]);
}

/** A replPropertyMetaDataBlob v1 with unicodePwd and pwdLastSet at `version`, from DC `origin`. */
function blob(version: number, origin: number, seconds: bigint): Uint8Array {
  const bytes = Buffer.alloc(16 + 2 * 48);
  bytes.writeUInt32LE(1, 0);
  bytes.writeUInt32LE(2, 8);
  [AttributeId.unicodePwd, AttributeId.pwdLastSet].forEach((id, i) => {
    const at = 16 + i * 48;
    bytes.writeUInt32LE(id, at);
    bytes.writeUInt32LE(version, at + 4);
    bytes.writeBigUInt64LE(seconds, at + 8);
    guidBytes(invocation(origin)).copy(bytes, at + 16);
    bytes.writeBigUInt64LE(BigInt(1000 + version), at + 32);
    bytes.writeBigUInt64LE(BigInt(2000 + version), at + 40);
  });
  return bytes;
}

/** A DC that shows the new password from `changesAt` (the clock's ms) on. */
function fakeDc(own: number, changesAt: number | undefined, clock: { now: number }): Directory {
  const entry = (): DirectoryEntry => {
    const changed = changesAt !== undefined && clock.now >= changesAt;
    return {
      dn: 'CN=Canary,DC=contoso,DC=test',
      values: { pwdlastset: [changed ? '134403313898671930' : '0'] },
      bytes: { replpropertymetadata: [blob(changed ? 2 : 1, 1, 13_440_329_290n)] },
    };
  };
  return {
    rootDse: async () => ({
      dn: '',
      values: { dsservicename: [`CN=NTDS Settings,CN=DC${own}`] },
      bytes: {},
    }),
    read: async () => entry(),
    search: async function* (base: string) {
      if (base.startsWith('CN=NTDS Settings')) {
        yield {
          dn: base,
          values: {},
          bytes: {
            invocationid: [guidBytes(invocation(own))],
          },
        };
      } else yield entry();
    },
  } as unknown as Directory;
}

const before: PasswordState = { pwdLastSet: '0', unicodePwdVersion: 1 };

describe('replPropertyMetaData and the per-DC watch', () => {
  it('reads version, origin and time of unicodePwd from the blob (whole seconds since 1601)', () => {
    const [pwd] = parseReplPropertyMetaData(blob(7, 2, 13_440_329_290n));
    expect(pwd).toMatchObject({
      attributeId: 0x9005a,
      version: 7,
      originatingInvocationId: invocation(2),
      originatingChangeTime: '2026-11-28T08:48:10.000Z',
      localUsn: 2007n,
    });
    expect(() => parseReplPropertyMetaData(new Uint8Array(8))).toThrow(/version 1/);
  });

  it('reports when each DC showed the new password and how long after the first, and the origin', async () => {
    const clock = { now: 0 };
    const dcs = [
      { name: 'dc2.contoso.test', directory: fakeDc(2, 5000, clock) },
      { name: 'dc1.contoso.test', directory: fakeDc(1, 2000, clock) },
    ];
    const result = await watchConvergence(dcs, {
      dn: 'CN=Canary,DC=contoso,DC=test',
      before: new Map(dcs.map((dc) => [dc.name, before])),
      startedAt: 0,
      timeoutMs: 60_000,
      intervalMs: 1000,
      now: () => clock.now,
      sleep: async (ms) => void (clock.now += ms),
    });
    expect(
      result.map((dc) => [dc.dc, dc.seenAfterMs, dc.convergedAfterMs, dc.originating]),
    ).toEqual([
      ['dc2.contoso.test', 5000, 3000, false],
      ['dc1.contoso.test', 2000, 0, true],
    ]);
  });

  it('stops at the timeout and leaves a DC that never showed it without a time', async () => {
    const clock = { now: 0 };
    const dcs = [
      { name: 'dc1.contoso.test', directory: fakeDc(1, 1000, clock) },
      { name: 'dc2.contoso.test', directory: fakeDc(2, undefined, clock) },
    ];
    const result = await watchConvergence(dcs, {
      dn: 'CN=Canary,DC=contoso,DC=test',
      before: new Map(dcs.map((dc) => [dc.name, before])),
      startedAt: 0,
      timeoutMs: 10_000,
      intervalMs: 1000,
      now: () => clock.now,
      sleep: async (ms) => void (clock.now += ms),
    });
    expect(result[1]).toMatchObject({ dc: 'dc2.contoso.test', originating: false });
    expect(result[1]!.after).toBeUndefined();
    expect(clock.now).toBe(10_000);
  });
});

describe('a DC the canary account has not replicated to yet', () => {
  it('reads as no password there yet, not as an error', async () => {
    const dc = { read: async () => undefined } as unknown as Directory;
    await expect(readPasswordState(dc, 'CN=Canary,DC=contoso,DC=test')).resolves.toEqual({
      pwdLastSet: '0',
      unicodePwdVersion: 0,
      notYetReplicated: true,
    });
  });
});
