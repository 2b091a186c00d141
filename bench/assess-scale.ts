/**
 * Benchmark: the whole Active Directory readiness assessment, and `plan --steps permissions`,
 * on the lab (20,000 bulk users when seeded) against the floor: one `ldapsearch` fetching the
 * STORED attributes a verdict needs (no constructed attribute: the DC computes those per user),
 * with the same page size and SD flags control, side by side in one run. Targets: assess ≤ 1.0 ×
 * ldapsearch, plan ≤ 1.1 ×, peak RSS < 250 MiB (not growing with users).
 *
 * Each round: ldapsearch; ldapsearch of the assessment's own query; assess with the automatic
 * number of streams (one for a DC on this computer, as the lab's is); assess split across
 * BENCH_SPLIT_STREAMS streams (default 3); plan --steps permissions (in a process of its own,
 * bench/support/plan-permissions.ts, so its RSS is its own). For each, the DC's CPU seconds
 * (all of samba's processes, from /proc) are printed beside the wall time: on a machine whose
 * cores the DC, this tool and others share, they say what the wall time cannot. The best run's
 * time is broken down by phase (connect, read model and its parts, rights, deciding GPO, users,
 * report).
 * Run: npx tsx bench/assess-scale.ts   (also run by `npm run bench`). Read-only.
 * Another lab: WRITEBACK_LAB_DIR=/path/to/lab npm run bench -- assess-scale
 * BENCH_STREAMS=n sets the streams of the 'automatic' runs (and of plan); BENCH_ROUNDS the
 * rounds (default 2).
 */
import { spawnSync } from 'node:child_process';
import { runAssessment } from '../main/assess/assess-provider';
import { adAssessProvider } from '../main/readiness/ad-assess-provider';
import { DEFAULT_PAGE_SIZE, USER_ATTRIBUTES, USER_FILTER } from '../main/readiness/ldap-users';
import { readLab, type LabInfo } from '../tests/lab/lab-env';
import { withDcCpu } from './support/dc-cpu';
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

/** The assessment's own user query, as it stands (objectGUID orders the report). */
const ownQuery: UserQuery = { ...floor, attributes: USER_ATTRIBUTES };

const benchStreams = process.env['BENCH_STREAMS']
  ? Number(process.env['BENCH_STREAMS'])
  : undefined;
const splitStreams = Number(process.env['BENCH_SPLIT_STREAMS'] ?? 3);

interface Timed {
  ms: number;
  dcCpu?: number;
}

interface AssessRun extends Timed {
  users: number;
  blockers: number;
  peakRss: number;
  /** RSS when a quarter of the users were read, and at the end. */
  rssAtQuarter: number;
  rssAtEnd: number;
  /** This process's CPU seconds (user + system) during the run. */
  toolCpu: number;
  /** Milliseconds per phase, in the order they ran (the user pass is 'users'). */
  phases: [string, number][];
}

interface PlanRun extends Timed {
  peakRss: number;
  operations: number;
  usersScanned: number;
}

/** The phases of a run, each with its share of the whole. */
function breakdown(run: AssessRun): Record<string, string> {
  return Object.fromEntries(
    run.phases.map(([name, ms]) => [
      name,
      `${seconds(ms)} s (${((100 * ms) / run.ms).toFixed(1)} %)`,
    ]),
  );
}

async function assess(
  lab: LabInfo,
  expected: number,
  streams: number | undefined,
): Promise<AssessRun> {
  globalThis.gc?.();
  const rss = new RssSampler();
  const phases: [string, number][] = [];
  const cpu = process.cpuUsage();
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
      ...(streams !== undefined ? { streams } : {}),
      onPhase: (name, ms) => phases.push([name, ms]),
      onProgress: (p) => {
        rss.sample();
        if (p.usersScanned >= expected / 4) rss.markQuarter();
      },
    }),
  ]);
  // The report as the CLI writes it (assess --json): serialising thousands of blockers costs.
  const reportStarted = performance.now();
  JSON.stringify(assessed, null, 2);
  phases.push(['report (JSON)', performance.now() - reportStarted]);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const memory = rss.stop();
  const summary = (assessed.facts['ad'] as { readiness: { usersScanned: number } } | undefined)
    ?.readiness;
  if (!summary) throw new Error(`The assessment failed: ${JSON.stringify(assessed.checks)}`);
  return {
    ms,
    users: summary.usersScanned,
    blockers: assessed.blockers.length,
    ...memory,
    toolCpu: (used.user + used.system) / 1e6,
    phases,
  };
}

/** plan --steps permissions in a Node process of its own. */
async function planPermissions(): Promise<PlanRun> {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', new URL('./support/plan-permissions.ts', import.meta.url).pathname],
    { encoding: 'utf8', env: process.env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`plan --steps permissions failed (exit ${run.status})`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as PlanRun;
}

const cpuText = (t: Timed): string => (t.dcCpu === undefined ? '' : `, DC CPU ${t.dcCpu} s`);

interface Round {
  search: Timed & { entries: number };
  own: Timed;
  auto: AssessRun;
  split: AssessRun;
  plan: PlanRun;
}

async function round(lab: LabInfo, passwordFile: string, n: number): Promise<Round> {
  const search = await withDcCpu(() => ldapsearchUsers(lab, passwordFile, floor));
  const own = await withDcCpu(() => ldapsearchUsers(lab, passwordFile, ownQuery));
  const auto = await withDcCpu(() => assess(lab, search.entries, benchStreams));
  const split = await withDcCpu(() => assess(lab, search.entries, splitStreams));
  const plan = await withDcCpu(planPermissions);
  const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
  console.error(
    [
      `round ${n}: ldapsearch of the stored attributes ${seconds(search.ms)} s (${search.entries} users${cpuText(search)})`,
      `  ldapsearch of the assessment's own query ${seconds(own.ms)} s${cpuText(own)}`,
      `  assess, ${benchStreams ?? 'automatic'} streams: ${seconds(auto.ms)} s (${auto.users} users, ${auto.blockers} blocked${cpuText(auto)}, tool CPU ${auto.toolCpu.toFixed(2)} s), peak RSS ${mib(auto.peakRss)}`,
      `  assess, ${splitStreams} streams: ${seconds(split.ms)} s${cpuText(split)}, tool CPU ${split.toolCpu.toFixed(2)} s, peak RSS ${mib(split.peakRss)}`,
      `  plan --steps permissions: ${seconds(plan.ms)} s (${plan.usersScanned} users, ${plan.operations} operations${cpuText(plan)}), peak RSS ${mib(plan.peakRss)}`,
    ].join('\n'),
  );
  return { search, own, auto, split, plan };
}

await withLabPasswordFile('assess-scale', readLab, async (lab, passwordFile) => {
  const rounds: Round[] = [];
  for (let n = 1; n <= ROUNDS; n++) rounds.push(await round(lab, passwordFile, n));
  const floorMs = bestOf(rounds.map((r) => r.search.ms));
  const best = <T extends Timed>(pick: (r: Round) => T): T =>
    rounds.map(pick).reduce((a, b) => (b.ms < a.ms ? b : a));
  const ratio = best((r) => r.auto).ms / floorMs;
  const planRatio = best((r) => r.plan).ms / floorMs;
  const peak = Math.max(...rounds.map((r) => Math.max(r.auto.peakRss, r.split.peakRss)));
  const planPeak = Math.max(...rounds.map((r) => r.plan.peakRss));
  const last = rounds.at(-1)!.auto;
  const list = (pick: (r: Round) => Timed) => rounds.map((r) => seconds(pick(r).ms));
  console.log(
    JSON.stringify(
      {
        users: rounds[0]!.search.entries,
        pageSize: floor.pageSize,
        streams: benchStreams ?? 'automatic',
        ldapsearchStoredAttributesSeconds: list((r) => r.search),
        ldapsearchOwnQuerySeconds: list((r) => r.own),
        assessSeconds: list((r) => r.auto),
        assessSplitStreams: splitStreams,
        assessSplitSeconds: list((r) => r.split),
        planPermissionsSeconds: list((r) => r.plan),
        dcCpuSeconds: rounds.map((r) => ({
          ldapsearch: r.search.dcCpu,
          assess: r.auto.dcCpu,
          assessSplit: r.split.dcCpu,
          plan: r.plan.dcCpu,
        })),
        ratioBestOfEach: +ratio.toFixed(3),
        ratioTarget: 1.0,
        ratioSplit: +(best((r) => r.split).ms / floorMs).toFixed(3),
        planRatioBestOfEach: +planRatio.toFixed(3),
        planRatioTarget: 1.1,
        peakRssMiB: +(peak / MiB).toFixed(1),
        planPeakRssMiB: +(planPeak / MiB).toFixed(1),
        peakRssTargetMiB: 250,
        rssGrowthQuarterToEndMiB: +((last.rssAtEnd - last.rssAtQuarter) / MiB).toFixed(1),
        blockedUsersKept: last.blockers,
        assessPhasesOfBestRun: breakdown(best((r) => r.auto)),
        assessSplitPhasesOfBestRun: breakdown(best((r) => r.split)),
      },
      null,
      2,
    ),
  );
  const ok = ratio <= 1.0 && planRatio <= 1.1 && peak < 250 * MiB && planPeak < 250 * MiB;
  console.error(ok ? 'assess-scale: within targets' : 'assess-scale: OVER TARGET');
  process.exitCode = ok ? 0 : 1;
});
