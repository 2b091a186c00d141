/**
 * The lab keeps to its own room: its smb.conf names nothing off this machine, every file its
 * samba writes at run time lives under the lab's folder, and a second lab (another folder,
 * another loopback address) runs beside it. Before, both used /run/samba/samba.pid and the
 * second failed with "samba is already running".
 */
import { withoutSecondDc } from './dc2-env';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { afterAll, describe, expect, it } from 'vitest';
import { addressesOutsideLoopback } from '../../scripts/lab/smb-conf';
import { labDir, readLab, type LabState } from './lab-env';
import { processTestTimeoutMs, repo } from '../support/writeback-cli';

const lab = readLab();
const conf = readFileSync(lab.smbConf, 'utf8');

/** A [global] parameter's value as smb.conf spells it. */
function parameter(name: string): string | undefined {
  return new RegExp(`^[ \\t]*${name}[ \\t]*=[ \\t]*(.*)$`, 'mi').exec(conf)?.[1]?.trim();
}

/** Runs `npm run lab -- <verb>` for the lab in `dir` on `address`. */
function labVerb(verb: string, dir: string, address: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(repo, 'node_modules/.bin/tsx'), ['scripts/lab/cli.ts', verb], {
      cwd: repo,
      env: {
        ...withoutSecondDc(process.env),
        WRITEBACK_LAB_DIR: dir,
        WRITEBACK_LAB_ADDRESS: address,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`lab ${verb} exited ${code}:\n${output}`)),
    );
  });
}

async function bindsAsAdmin(state: Pick<LabState, 'url' | 'caPem' | 'admin'>): Promise<boolean> {
  const client = new Client({ url: state.url, tlsOptions: { ca: [state.caPem] } });
  try {
    await client.bind(state.admin.dn, state.admin.password);
    return true;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

describe('the lab keeps to its own room', () => {
  it('names no address outside loopback in smb.conf', () => {
    expect(addressesOutsideLoopback(conf)).toEqual([]);
    expect(parameter('dns forwarder')).toBe('');
    expect(parameter('interfaces')).toMatch(/^127\./);
    expect(parameter('bind interfaces only')?.toLowerCase()).toMatch(/^(yes|true)$/);
  });

  it('keeps its pid files, sockets, state and logs under its own folder', () => {
    for (const name of [
      'pid directory',
      'ncalrpc dir',
      'winbindd socket directory',
      'ntp signd socket directory',
      'lock directory',
      'state directory',
      'cache directory',
      'private dir',
      'binddns dir',
      'log file',
    ]) {
      expect(parameter(name), name).toMatch(new RegExp(`^${labDir}/`));
    }
    expect(existsSync(join(parameter('pid directory')!, 'samba.pid'))).toBe(true);
  });

  describe('beside a second lab', () => {
    const second = mkdtempSync(join(tmpdir(), 'writeback-lab-'));
    // A loopback address no other lab of this machine's sessions uses.
    const address = `127.0.1.${2 + Math.floor(Math.random() * 250)}`;

    afterAll(async () => {
      await labVerb('down', second, address).catch(() => undefined);
      rmSync(second, { recursive: true, force: true });
    }, processTestTimeoutMs);

    it(
      'both answer as themselves',
      async () => {
        await labVerb('up', second, address);
        const other = JSON.parse(readFileSync(join(second, 'lab.json'), 'utf8')) as LabState;
        expect(other.url).toBe(`ldaps://${address}:636`);
        expect(other.domainSid).not.toBe(lab.domainSid);
        expect(await bindsAsAdmin(other)).toBe(true);
        expect(await bindsAsAdmin(lab)).toBe(true);
        const pids = [lab.sambaDir, join(second, 'dc')].map((dc) =>
          readFileSync(join(dc, 'run', 'samba.pid'), 'utf8').trim(),
        );
        expect(pids[0]).not.toBe(pids[1]);
      },
      processTestTimeoutMs * 2,
    );
  });
});
