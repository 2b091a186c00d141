/**
 * Benchmark: streaming every user of the lab (20,000 bulk users when seeded) through
 * Directory.search with their DACL, adminCount, userAccountControl, sAMAccountName and
 * pwdLastSet, page size 1000, against `ldapsearch` for the same attributes, page size and SD
 * flags control, side by side in one run. Targets: ≤ 1.2 × ldapsearch, flat peak RSS.
 * Run: npx tsx bench/directory-scan.ts   (also run by `npm run bench`). Read-only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDirectory } from '../main/directory/connect';
import { SdFlags } from '../main/directory/sd-flags-control';
import { readLab, type LabInfo } from '../tests/lab/lab-env';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const PAGE_SIZE = 1000;
const FILTER = '(&(objectCategory=person)(objectClass=user))';
const ATTRIBUTES = [
  'nTSecurityDescriptor',
  'adminCount',
  'userAccountControl',
  'sAMAccountName',
  'pwdLastSet',
];
const MiB = 1024 * 1024;

async function ldapsearch(
  lab: LabInfo,
  passwordFile: string,
): Promise<{ ms: number; entries: number }> {
  const started = performance.now();
  const child = spawn(
    'ldapsearch',
    [
      '-H',
      lab.url,
      '-x',
      '-D',
      lab.admin.dn,
      '-y',
      passwordFile,
      '-b',
      lab.baseDn,
      '-LLL',
      '-E',
      `pr=${PAGE_SIZE}/noprompt`,
      '-E',
      '1.2.840.113556.1.4.801=::MAMCAQQ=',
      FILTER,
      ...ATTRIBUTES,
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

async function scan(lab: LabInfo): Promise<{
  ms: number;
  entries: number;
  peakRss: number;
  rssAtQuarter: number;
  rssAtEnd: number;
}> {
  const dir = await connectDirectory({
    url: lab.url,
    bindUser: lab.admin.dn,
    password: lab.admin.password,
    caPem: lab.caPem,
  });
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  let rssAtQuarter = 0;
  const started = performance.now();
  let entries = 0;
  let daclBytes = 0;
  try {
    for await (const entry of dir.search(lab.baseDn, {
      filter: FILTER,
      attributes: ATTRIBUTES,
      pageSize: PAGE_SIZE,
      sdFlags: SdFlags.DACL,
    })) {
      entries += 1;
      daclBytes += entry.bytes['ntsecuritydescriptor']?.[0]?.length ?? 0;
      if (entries === 5000) rssAtQuarter = process.memoryUsage.rss();
    }
  } finally {
    clearInterval(timer);
    await dir.close();
  }
  if (daclBytes === 0) throw new Error('no DACL bytes came back');
  return {
    ms: performance.now() - started,
    entries,
    peakRss,
    rssAtQuarter,
    rssAtEnd: process.memoryUsage.rss(),
  };
}

async function main(): Promise<void> {
  let lab: LabInfo;
  try {
    lab = readLab();
  } catch (error) {
    console.error(`directory-scan: skipped, the lab is not available (${String(error)})`);
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const passwordFile = join(tmp, 'pw');
  writeFileSync(passwordFile, lab.admin.password, { mode: 0o600 });
  try {
    const searches: number[] = [];
    const scans: Awaited<ReturnType<typeof scan>>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const s = await ldapsearch(lab, passwordFile);
      searches.push(s.ms);
      const r = await scan(lab);
      scans.push(r);
      console.error(
        `round ${round + 1}: ldapsearch ${(s.ms / 1000).toFixed(2)} s (${s.entries}); Directory.search ${(r.ms / 1000).toFixed(2)} s (${r.entries}), peak RSS ${(r.peakRss / MiB).toFixed(0)} MiB`,
      );
      if (s.entries !== r.entries)
        throw new Error(`entry counts differ: ldapsearch ${s.entries}, scan ${r.entries}`);
    }
    const best = (xs: number[]) => Math.min(...xs);
    const ratio = best(scans.map((r) => r.ms)) / best(searches);
    const last = scans.at(-1)!;
    console.log(
      JSON.stringify(
        {
          users: last.entries,
          pageSize: PAGE_SIZE,
          ldapsearchSeconds: searches.map((ms) => +(ms / 1000).toFixed(2)),
          scanSeconds: scans.map((r) => +(r.ms / 1000).toFixed(2)),
          ratioBestOfEach: +ratio.toFixed(3),
          ratioTarget: 1.2,
          peakRssMiB: +(Math.max(...scans.map((r) => r.peakRss)) / MiB).toFixed(1),
          rssGrowthQuarterToEndMiB: +((last.rssAtEnd - last.rssAtQuarter) / MiB).toFixed(1),
        },
        null,
        2,
      ),
    );
    const ok = ratio <= 1.2;
    console.error(ok ? 'directory-scan: within target' : 'directory-scan: OVER TARGET');
    process.exitCode = ok ? 0 : 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
