/**
 * The user scan split across streams (main/directory/split-search.ts) reads every user of the
 * lab exactly once, whatever the number of streams, and the assessment it feeds (verdicts,
 * counts, the order of the lists, the CLI's JSON report) is the same as with one stream. The
 * test adds users whose objectGUID sits exactly on each bound of the ranges for 2, 3 and 4
 * streams and just below it, and the lowest and highest GUIDs there can be (a DC never lets LDAP
 * choose a GUID; the lab's own database does, add-user-with-guid.py), and removes them after.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Directory } from '../../main/directory/connect';
import { guidRangeFilters } from '../../main/directory/split-search';
import { USER_FILTER } from '../../main/directory/dacl-streams';
import { assessDirectoryReadiness } from '../../main/readiness/ad-assess-provider';
import { readUsers } from '../../main/readiness/ldap-users';
import { processTestTimeoutMs } from '../support/writeback-cli';
import { readLab } from './lab-env';
import { adminDirectory, testObjectsInOu, type TestObjects } from './oracle/test-objects';
import { bindLab } from './oracle/sd-ldap';

vi.setConfig({ testTimeout: processTestTimeoutMs });

const lab = readLab();
const tag = randomBytes(3).toString('hex');
const ou = `OU=Streams-${tag},${lab.baseDn}`;
const folder = mkdtempSync(join(tmpdir(), 'wb-streams-'));

/** The first byte of each bound for 2, 3 and 4 streams (256 / n apart, rounded). */
const boundBytes = (streams: number): number[] =>
  Array.from({ length: streams - 1 }, (_, k) => Math.round(((k + 1) * 256) / streams));
const hex = (byte: number): string => byte.toString(16).padStart(2, '0');
const edges: string[] = [
  '00'.repeat(15) + '01', // the lowest GUID there can be (all zeros means none)
  'ff'.repeat(16),
  ...[...new Set([2, 3, 4].flatMap(boundBytes))].flatMap((first) => [
    hex(first) + '00'.repeat(15), // on the bound: belongs to the range above
    hex(first - 1) + 'ff'.repeat(15), // the highest GUID below it
  ]),
];

/** The stream a GUID belongs to, from the bounds alone: how many bounds it is at or above. */
const expectedStream = (guid: string, streams: number): number =>
  boundBytes(streams).filter((first) => guid >= hex(first) + '00'.repeat(15)).length;

let admin: Client;
let directory: Directory;
let objects: TestObjects;
const edgeUsers: string[] = [];

/** Runs add-user-with-guid.py on the lab's database (Debian's python3 has Samba's bindings). */
function onSamLdb(verb: 'add' | 'remove', lines: readonly string[]): void {
  const script = new URL('./oracle/add-user-with-guid.py', import.meta.url).pathname;
  const run = spawnSync('/usr/bin/python3', [script, lab.smbConf, lab.samLdb, verb], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`add-user-with-guid.py ${verb}: ${run.stderr}`);
}

beforeAll(async () => {
  admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
  directory = await adminDirectory(lab);
  onSamLdb('remove', edges); // a crashed earlier run's, tombstones included
  objects = await testObjectsInOu(admin, lab.baseDn, ou);
  onSamLdb(
    'add',
    edges.map((guid, i) => {
      const dn = `CN=edge-${i}-${tag},${ou}`;
      edgeUsers.push(dn);
      return `${dn}\tedge${i}-${tag}\t${guid}`;
    }),
  );
});

afterAll(async () => {
  onSamLdb('remove', edges);
  await objects?.removeAll();
  await directory?.close();
  await admin?.unbind();
  rmSync(folder, { recursive: true, force: true });
});

/** objectGUID (hex) of every user a search returns, in the order it returns them. */
async function guidsOf(filter: string): Promise<string[]> {
  const guids: string[] = [];
  for await (const entry of directory.search(lab.baseDn, {
    filter,
    attributes: ['objectGUID'],
  })) {
    guids.push(Buffer.from(entry.bytes['objectguid']![0]!).toString('hex'));
  }
  return guids;
}

/** The directory, counting the extra connections a split scan opens. */
function counted(): { directory: Directory; opened: () => number } {
  let opened = 0;
  const wrapper: Directory = Object.create(directory) as Directory;
  wrapper.openAnother = () => {
    opened++;
    return directory.openAnother();
  };
  wrapper.search = (base, options) => directory.search(base, options);
  return { directory: wrapper, opened: () => opened };
}

describe('a user scan split across streams', () => {
  it('puts every user in exactly one range, each edge user in the range its GUID says', async () => {
    const all = await guidsOf(USER_FILTER);
    expect(new Set(all).size).toBe(all.length);
    for (const guid of edges) expect(all).toContain(guid);
    for (const streams of [2, 3, 4]) {
      const ranges = guidRangeFilters(streams);
      expect(ranges).toHaveLength(streams);
      const seen: string[] = [];
      for (const [index, range] of ranges.entries()) {
        const inRange = await guidsOf(`(&${USER_FILTER}${range})`);
        for (const guid of inRange)
          expect({ guid, stream: expectedStream(guid, streams) }).toEqual({ guid, stream: index });
        seen.push(...inRange);
      }
      expect(seen.sort()).toEqual([...all].sort());
    }
  });

  it('reads every user once with 1, 2, 3, 4 and 16 streams, over that many connections', async () => {
    const dnsWith = async (streams: number) => {
      const door = counted();
      const dns: string[] = [];
      for await (const user of readUsers(door.directory, lab.baseDn, { streams })) {
        dns.push(user.dn);
      }
      expect(door.opened()).toBe(streams - 1);
      return dns;
    };
    const one = await dnsWith(1);
    expect(new Set(one).size).toBe(one.length);
    for (const dn of edgeUsers) expect(one).toContain(dn);
    for (const streams of [2, 3, 4, 16]) {
      const split = await dnsWith(streams);
      expect(split.length).toBe(one.length);
      expect([...split].sort()).toEqual([...one].sort());
    }
  });

  it('gives the same verdicts, counts and lists with one stream and with several', async () => {
    const findingsWith = async (streams: number) => {
      const findings = await assessDirectoryReadiness(directory, {
        baseDn: lab.baseDn,
        account: lab.connector.sAMAccountName,
        streams,
      });
      return JSON.parse(
        JSON.stringify(findings, (key, value: unknown) => (key === 'durationMs' ? 0 : value)),
      ) as { blockers: { dn: string }[] };
    };
    const one = await findingsWith(1);
    // The edge users (disabled, no password) are blocked, so the list's order is tested too.
    for (const dn of edgeUsers) expect(one.blockers.map((b) => b.dn)).toContain(dn);
    for (const streams of [2, 3, 4]) expect(await findingsWith(streams)).toEqual(one);
  });

  it('writes the same assess --json report with --streams 1 and --streams 3', () => {
    const report = (streams: string) => {
      const out = join(folder, `streams-${streams}.json`);
      const run = spawnSync(
        process.execPath,
        [
          'bin/writeback.mjs',
          'assess',
          ...['--no-graph', '--adsync', 'none', '--dc', lab.url, '--ca', lab.caFile],
          ...['--bind-user', lab.admin.dn, '--password-env', 'WB_LAB_PASSWORD'],
          ...['--account', lab.connector.sAMAccountName, '--sysvol', lab.sysvolPath],
          ...['--streams', streams, '--json', '--out', out],
        ],
        {
          env: { ...process.env, WB_LAB_PASSWORD: lab.admin.password },
          encoding: 'utf8',
          timeout: processTestTimeoutMs,
        },
      );
      expect(run.stderr).toMatch(/users assessed: \d+/);
      return readFileSync(out, 'utf8')
        .replace(/"generatedAt": "[^"]*"/g, '"generatedAt": ""')
        .replace(/"durationMs": [\d.e+-]+/g, '"durationMs": 0');
    };
    const one = report('1');
    expect(one).toContain(edgeUsers[0]);
    expect(report('3')).toBe(one);
  });
});
