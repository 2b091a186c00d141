/**
 * `writeback plan --steps permissions` as the CLI runs it (makePlan over one connection), timed
 * in a process of its own so its peak RSS is its own. Prints one JSON line on stdout:
 * { ms, peakRss, operations, usersScanned }. Run by bench/assess-scale.ts; read-only (the plan
 * is computed, never written or applied).
 * Env: WRITEBACK_LAB_DIR (the lab), BENCH_STREAMS (streams; default automatic).
 */
import { connectDirectory, type Directory } from '../../main/directory/connect';
import { makePlan } from '../../main/steps/make-plan';
import { readLab } from '../../tests/lab/lab-env';
import { RssSampler } from './ldapsearch-baseline';

const lab = readLab();
const streams = process.env['BENCH_STREAMS'];
let usersScanned = 0;
let directory: Directory | undefined;
const rss = new RssSampler();
const started = performance.now();
try {
  const plan = await makePlan({
    steps: ['permissions'],
    dc: lab.url,
    directory: async () =>
      (directory = await connectDirectory({
        url: lab.url,
        bindUser: lab.admin.dn,
        password: lab.admin.password,
        caPem: lab.caPem,
      })),
    permissions: {
      account: lab.connector.sAMAccountName,
      dc: lab.url,
      ...(streams ? { streams: Number(streams) } : {}),
      onProgress: (count) => {
        usersScanned = count;
        rss.sample();
      },
    },
  });
  const ms = performance.now() - started;
  const { peakRss } = rss.stop();
  process.stdout.write(
    JSON.stringify({ ms, peakRss, operations: plan.operations.length, usersScanned }) + '\n',
  );
} finally {
  rss.stop();
  await directory?.close();
}
