/**
 * Benchmark: the whole Active Directory readiness assessment on the lab (20,000 bulk users
 * when seeded) against the floor: `ldapsearch` fetching the STORED attributes a verdict needs
 * (no constructed attribute: the DC computes those per user, which is exactly the cost the
 * assessment must not pay), with the same page size and SD flags control, side by side in one
 * run (target: ≤ 1.0 × ldapsearch), and the peak RSS sampled during the run (target: < 250 MiB,
 * not growing with users). It also prints what the assessment's own query costs in ldapsearch,
 * so the price of any constructed attribute it still asks for is visible.
 * Run: npx tsx bench/assess-scale.ts   (also run by `npm run bench`). Read-only.
 * Another lab: WRITEBACK_LAB_DIR=/path/to/lab npm run bench -- assess-scale
 */
import { runAssessment } from '../main/assess/assess-provider';
import { adAssessProvider } from '../main/readiness/ad-assess-provider';
import { DEFAULT_PAGE_SIZE, USER_ATTRIBUTES, USER_FILTER } from '../main/readiness/ldap-users';
import { readLab, type LabInfo } from '../tests/lab/lab-env';
import {
  bestOf,
  ldapsearchUsers,
  MiB,
  ROUNDS,
  RssSampler,
  seconds,
  withLabPasswordFile,
  type UserQuery,
} from './support/ldapsearch-baseline';

/** The floor: the stored attributes a verdict needs, nothing the DC has to compute. */
const floor: UserQuery = {
  filter: USER_FILTER,
  attributes: [
    'sAMAccountName',
    'userAccountControl',
    'adminCount',
    'pwdLastSet',
    'lockoutTime',
    'objectSid',
    'nTSecurityDescriptor',
  ],
  pageSize: DEFAULT_PAGE_SIZE,
};

/** The assessment's own user query, as it stands. */
const ownQuery: UserQuery = { ...floor, attributes: USER_ATTRIBUTES };

interface AssessRun {
  ms: number;
  users: number;
  blockers: number;
  peakRss: number;
  /** RSS when a quarter of the users were read, and at the end. */
  rssAtQuarter: number;
  rssAtEnd: number;
  /** Milliseconds per phase, in the order they ran (the user pass is 'users'). */
  phases: [string, number][];
}

async function timedReport<T>(phases: [string, number][], work: () => T): Promise<T> {
  const started = performance.now();
  const result = work();
  phases.push(['report (JSON)', performance.now() - started]);
  return result;
}

/** The phases of the best run, each with its share of the whole. */
function breakdown(run: AssessRun): Record<string, string> {
  return Object.fromEntries(
    run.phases.map(([name, ms]) => [
      name,
      `${seconds(ms)} s (${((100 * ms) / run.ms).toFixed(1)} %)`,
    ]),
  );
}

async function assess(lab: LabInfo, expected: number): Promise<AssessRun> {
  globalThis.gc?.();
  const rss = new RssSampler();
  const phases: [string, number][] = [];
  const started = performance.now();
  const assessed = await runAssessment([
    adAssessProvider({
      dc: lab.url,
      caPem: lab.caPem,
      bindUser: lab.admin.dn,
      password: lab.admin.password,
      account: lab.connector.sAMAccountName,
      // As an admin runs it: the deciding GPO read from SYSVOL is part of the assessment.
      sysvol: lab.sysvolPath,
      ...(process.env['BENCH_STREAMS'] ? { streams: Number(process.env['BENCH_STREAMS']) } : {}),
      onPhase: (name, ms) => phases.push([name, ms]),
      onProgress: (p) => {
        rss.sample();
        if (p.usersScanned >= expected / 4) rss.markQuarter();
      },
    }),
  ]);
  // The report as the CLI writes it (assess --json): serialising thousands of blockers costs.
  const report = await timedReport(phases, () => {
    JSON.stringify(assessed, null, 2);
    return assessed;
  });
  const ms = performance.now() - started;
  const memory = rss.stop();
  const summary = (report.facts['ad'] as { readiness: { usersScanned: number } } | undefined)
    ?.readiness;
  if (!summary) throw new Error(`The assessment failed: ${JSON.stringify(report.checks)}`);
  return {
    ms,
    users: summary.usersScanned,
    blockers: report.blockers.length,
    ...memory,
    phases,
  };
}

await withLabPasswordFile('assess-scale', readLab, async (lab, passwordFile) => {
  const searches: number[] = [];
  const ownSearches: number[] = [];
  const runs: AssessRun[] = [];
  let entries = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const s = await ldapsearchUsers(lab, passwordFile, floor);
    entries = s.entries;
    searches.push(s.ms);
    const own = await ldapsearchUsers(lab, passwordFile, ownQuery);
    ownSearches.push(own.ms);
    runs.push(await assess(lab, entries));
    const r = runs.at(-1)!;
    console.error(
      `round ${round + 1}: ldapsearch of the stored attributes ${seconds(s.ms)} s (${s.entries} users); of the assessment's own query ${seconds(own.ms)} s; assess ${seconds(r.ms)} s (${r.users} users, ${r.blockers} blocked), peak RSS ${(r.peakRss / MiB).toFixed(0)} MiB`,
    );
  }
  const ratio = bestOf(runs.map((r) => r.ms)) / bestOf(searches);
  const peak = Math.max(...runs.map((r) => r.peakRss));
  const last = runs.at(-1)!;
  const growth = (last.rssAtEnd - last.rssAtQuarter) / MiB;
  console.log(
    JSON.stringify(
      {
        users: entries,
        pageSize: floor.pageSize,
        ldapsearchStoredAttributesSeconds: searches.map(seconds),
        ldapsearchOwnQuerySeconds: ownSearches.map(seconds),
        ownQueryAttributes: ownQuery.attributes,
        assessSeconds: runs.map((r) => seconds(r.ms)),
        ratioBestOfEach: +ratio.toFixed(3),
        ratioTarget: 1.0,
        peakRssMiB: +(peak / MiB).toFixed(1),
        peakRssTargetMiB: 250,
        rssGrowthQuarterToEndMiB: +growth.toFixed(1),
        blockedUsersKept: last.blockers,
        assessPhasesOfBestRun: breakdown(runs.reduce((a, b) => (b.ms < a.ms ? b : a))),
      },
      null,
      2,
    ),
  );
  const ok = ratio <= 1.0 && peak < 250 * MiB;
  console.error(ok ? 'assess-scale: within targets' : 'assess-scale: OVER TARGET');
  process.exitCode = ok ? 0 : 1;
});
