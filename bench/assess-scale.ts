/**
 * Benchmark: the whole Active Directory readiness assessment on the lab (20,000 bulk users
 * when seeded) against `ldapsearch` fetching the same attributes of the same users with the
 * same page size and SD flags control, side by side in one run (target: ≤ 1.2 × ldapsearch),
 * and the peak RSS sampled during the run (target: < 250 MiB, not growing with users).
 * Run: npx tsx bench/assess-scale.ts   (also run by `npm run bench`). Read-only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssessment } from '../main/assess/assess-provider';
import { adAssessProvider } from '../main/readiness/ad-assess-provider';
import { DEFAULT_PAGE_SIZE, USER_ATTRIBUTES, USER_FILTER } from '../main/readiness/ldap-users';
import { readLab, type LabInfo } from '../tests/lab/lab-env';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const MiB = 1024 * 1024;

/** BER of SDFlagsRequestValue ::= SEQUENCE { INTEGER 4 } (DACL only), for ldapsearch -E. */
const SD_FLAGS_DACL = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x04]).toString('base64');

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
      `pr=${DEFAULT_PAGE_SIZE}/noprompt`,
      '-E',
      `1.2.840.113556.1.4.801=::${SD_FLAGS_DACL}`,
      USER_FILTER,
      ...USER_ATTRIBUTES,
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

interface AssessRun {
  ms: number;
  users: number;
  blockers: number;
  peakRss: number;
  /** RSS when a quarter of the users were read, and at the end. */
  rssAtQuarter: number;
  rssAtEnd: number;
}

async function assess(lab: LabInfo, expected: number): Promise<AssessRun> {
  globalThis.gc?.();
  let peakRss = process.memoryUsage.rss();
  let rssAtQuarter = 0;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  const started = performance.now();
  try {
    const report = await runAssessment([
      adAssessProvider({
        dc: lab.url,
        caPem: lab.caPem,
        bindUser: lab.admin.dn,
        password: lab.admin.password,
        account: lab.connector.sAMAccountName,
        onProgress: (p) => {
          const rss = process.memoryUsage.rss();
          peakRss = Math.max(peakRss, rss);
          if (rssAtQuarter === 0 && p.usersScanned >= expected / 4) rssAtQuarter = rss;
        },
      }),
    ]);
    const ms = performance.now() - started;
    const summary = (report.facts['ad'] as { readiness: { usersScanned: number } } | undefined)
      ?.readiness;
    if (!summary) throw new Error(`The assessment failed: ${JSON.stringify(report.checks)}`);
    return {
      ms,
      users: summary.usersScanned,
      blockers: report.blockers.length,
      peakRss,
      rssAtQuarter,
      rssAtEnd: process.memoryUsage.rss(),
    };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  let lab: LabInfo;
  try {
    lab = readLab();
  } catch (error) {
    console.error(`assess-scale: skipped, the lab is not available (${String(error)})`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const passwordFile = join(dir, 'pw');
  writeFileSync(passwordFile, lab.admin.password, { mode: 0o600 });
  try {
    const searches: number[] = [];
    const runs: AssessRun[] = [];
    let entries = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const s = await ldapsearch(lab, passwordFile);
      entries = s.entries;
      searches.push(s.ms);
      runs.push(await assess(lab, entries));
      const r = runs.at(-1)!;
      console.error(
        `round ${round + 1}: ldapsearch ${(s.ms / 1000).toFixed(2)} s (${s.entries} users); assess ${(r.ms / 1000).toFixed(2)} s (${r.users} users, ${r.blockers} blocked), peak RSS ${(r.peakRss / MiB).toFixed(0)} MiB`,
      );
    }
    const best = (xs: number[]): number => Math.min(...xs);
    const ratio = best(runs.map((r) => r.ms)) / best(searches);
    const peak = Math.max(...runs.map((r) => r.peakRss));
    const last = runs.at(-1)!;
    const growth = (last.rssAtEnd - last.rssAtQuarter) / MiB;
    console.log(
      JSON.stringify(
        {
          users: entries,
          pageSize: DEFAULT_PAGE_SIZE,
          ldapsearchSeconds: searches.map((ms) => +(ms / 1000).toFixed(2)),
          assessSeconds: runs.map((r) => +(r.ms / 1000).toFixed(2)),
          ratioBestOfEach: +ratio.toFixed(3),
          ratioTarget: 1.2,
          peakRssMiB: +(peak / MiB).toFixed(1),
          peakRssTargetMiB: 250,
          rssGrowthQuarterToEndMiB: +growth.toFixed(1),
          blockedUsersKept: last.blockers,
        },
        null,
        2,
      ),
    );
    const ok = ratio <= 1.2 && peak < 250 * MiB;
    console.error(ok ? 'assess-scale: within targets' : 'assess-scale: OVER TARGET');
    process.exitCode = ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
