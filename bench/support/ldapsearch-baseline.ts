/**
 * What the scale benchmarks measure against: OpenLDAP's `ldapsearch` fetching the same users
 * with the same attributes, page size and SD flags control (DACL only), in the same run, so the
 * ratio says what our code costs over the wire and the DC, not what the machine happens to do.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabInfo } from '../../tests/lab/lab-env';

export const MiB = 1024 * 1024;
export const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);

/** BER of SDFlagsRequestValue ::= SEQUENCE { INTEGER 4 } (DACL only), for ldapsearch -E. */
const SD_FLAGS_DACL = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x04]).toString('base64');

export interface UserQuery {
  readonly filter: string;
  readonly attributes: readonly string[];
  readonly pageSize: number;
}

/** Runs `ldapsearch` as the lab admin and counts the entries it streams (never kept). */
export async function ldapsearchUsers(
  lab: LabInfo,
  passwordFile: string,
  query: UserQuery,
): Promise<{ ms: number; entries: number }> {
  const started = performance.now();
  const child = spawn(
    'ldapsearch',
    [
      ...['-H', lab.url, '-x', '-D', lab.admin.dn, '-y', passwordFile, '-b', lab.baseDn, '-LLL'],
      ...['-E', `pr=${query.pageSize}/noprompt`],
      ...['-E', `1.2.840.113556.1.4.801=::${SD_FLAGS_DACL}`],
      query.filter,
      ...query.attributes,
    ],
    { env: { ...process.env, LDAPTLS_CACERT: lab.caFile }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let entries = 0;
  let tail = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const text = tail + chunk;
    entries += text.match(/^dn: /gm)?.length ?? 0;
    tail = text.slice(text.lastIndexOf('\n') + 1);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`ldapsearch exited ${code}`);
  return { ms: performance.now() - started, entries };
}

/**
 * Runs a benchmark with the lab (skipping with a message when it is down) and a 0600 file
 * holding the admin password for `ldapsearch -y` (never on its command line), removed after.
 */
export async function withLabPasswordFile(
  name: string,
  readLab: () => LabInfo,
  run: (lab: LabInfo, passwordFile: string) => Promise<void>,
): Promise<void> {
  let lab: LabInfo;
  try {
    lab = readLab();
  } catch (error) {
    console.error(`${name}: skipped, the lab is not available (${String(error)})`);
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const passwordFile = join(folder, 'pw');
  writeFileSync(passwordFile, lab.admin.password, { mode: 0o600 });
  try {
    await run(lab, passwordFile);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Samples RSS every 50 ms, so a scan that grows with the users shows as growth, not noise. */
export class RssSampler {
  peak = process.memoryUsage.rss();
  atQuarter = 0;
  private readonly timer = setInterval(() => this.sample(), 50);

  sample(): number {
    const rss = process.memoryUsage.rss();
    this.peak = Math.max(this.peak, rss);
    return rss;
  }

  /** Call when a quarter of the users have been read: growth is measured from there. */
  markQuarter(): void {
    if (this.atQuarter === 0) this.atQuarter = this.sample();
  }

  stop(): { peakRss: number; rssAtQuarter: number; rssAtEnd: number } {
    clearInterval(this.timer);
    const rssAtEnd = this.sample();
    return { peakRss: this.peak, rssAtQuarter: this.atQuarter, rssAtEnd };
  }
}

export const bestOf = (xs: readonly number[]): number => Math.min(...xs);
export const seconds = (ms: number): number => +(ms / 1000).toFixed(2);
