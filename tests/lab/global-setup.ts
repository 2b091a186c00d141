/**
 * vitest globalSetup of the lab and e2e projects: reuses a healthy running lab, else brings it
 * up (provision, start, seed with the default bulk users) exactly as `npm run lab -- up` does,
 * and fails with its message when it cannot. The second forest (tests/lab/second-forest.ts)
 * comes up beside it, the same way, in a process of its own (its lab folder, address and realm
 * are chosen by environment).
 */
import { up } from '../../scripts/lab/lifecycle';
import { isHealthy } from '../../scripts/lab/daemon';
import { readLabState } from './lab-env';
import { secondForestVerb } from './second-forest';

const log = (line: string): void => {
  process.stderr.write(`[lab] ${line}\n`);
};

async function firstForest(): Promise<void> {
  const state = readLabState();
  const healthy = state?.scenarios && (await isHealthy(state.admin.dn, state.admin.password));
  // With WRITEBACK_LAB_DC2_ADDRESS, `up` also makes sure the second writable DC runs (it
  // reuses the healthy first DC), so per-DC convergence is measured on both.
  if (healthy && !process.env.WRITEBACK_LAB_DC2_ADDRESS) return;
  await up({}, log);
}

export default async function setup(): Promise<void> {
  const results = await Promise.allSettled([firstForest(), secondForestVerb('up', log)]);
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failed.length === 0) return;
  const message = failed.map((e) => (e instanceof Error ? e.message : String(e))).join('\n\n');
  throw new Error(`The Samba AD DC lab could not be brought up (npm run lab -- up):\n${message}`, {
    cause: failed[0],
  });
}
