/**
 * The lab's verbs (up, down, reset, seed), each under the lab lock so several processes can
 * call them at once. `up` is idempotent: it reuses a healthy DC, starts a stopped one,
 * provisions and seeds a missing one.
 */
import { ensurePackages } from './packages';
import { dc2AddressFromEnv, dc2Packages, downSecondDc, upSecondDc } from './dc2';
import { isHealthy, runningPid, startSamba, stopSamba, waitUntilHealthy } from './daemon';
import { withLabLock } from './lock';
import { provision } from './provision';
import { assertRealmUnchanged } from './realm';
import { seedLab, seedBulkUsers } from './seed';
import { hasSnapshot, restoreSnapshot, takeSnapshot } from './snapshot';
import { readState, updateState, writeState } from './state';
import type { LabScriptState } from './state';

export type Log = (line: string) => void;

function seconds(since: number): number {
  return Math.round((performance.now() - since) / 100) / 10;
}

function recordTiming(name: string, value: number): void {
  updateState((s) => ({ ...s, timings: { ...s.timings, [name]: value } }));
}

/** Starts samba (if not running) and waits for a verified LDAPS bind. */
async function start(state: LabScriptState, log: Log): Promise<void> {
  const running = runningPid();
  if (running !== undefined && (await isHealthy(state.admin.dn, state.admin.password))) {
    log(`DC already running (pid ${running}) and answering LDAPS on ${state.url}`);
    return;
  }
  // Everybody shares this DC: restart it only when it stays silent for a long while
  // (a loaded 2-core machine can take seconds to answer), never on one slow bind.
  if (
    runningPid() !== undefined &&
    (await isHealthy(state.admin.dn, state.admin.password, 60_000))
  ) {
    log(`DC already running (pid ${running}); it answered LDAPS slowly`);
    return;
  }
  if (runningPid() !== undefined) {
    log('the running DC has not answered LDAPS for over a minute: restarting it');
    await stopSamba();
  }
  const t = performance.now();
  const pid = startSamba();
  log(`samba started (pid ${pid}); waiting for LDAPS…`);
  await waitUntilHealthy(pid, state.admin.dn, state.admin.password);
  const took = seconds(t);
  recordTiming('start', took);
  log(`DC up in ${took} s`);
}

/** Stop, snapshot, start: the reset point after a seed. */
async function snapshot(state: LabScriptState, log: Log): Promise<void> {
  await stopSamba();
  await takeSnapshot();
  log('snapshot taken');
  await start(state, log);
}

async function seedUnlocked(bulkUsers: number | undefined, log: Log): Promise<void> {
  const state = readState();
  if (!state) throw new Error('The lab is not provisioned. Run: npm run lab -- up');
  await start(state, log);
  let t = performance.now();
  await seedLab(log);
  recordTiming('seed', seconds(t));
  log(`seeded in ${seconds(t)} s`);
  if (bulkUsers !== undefined) {
    t = performance.now();
    const added = await seedBulkUsers(bulkUsers, log);
    if (added > 0) recordTiming(`bulk${bulkUsers}`, seconds(t));
    log(`bulk users: ${bulkUsers} present (${added} added) in ${seconds(t)} s`);
  }
  await snapshot(readState()!, log);
}

export async function up(options: { users?: number }, log: Log): Promise<void> {
  await withLabLock(async () => {
    await ensurePackages(log);
    let state = readState();
    if (state) assertRealmUnchanged(state.realm ?? state.dnsDomain.toUpperCase());
    if (!state) {
      const t = performance.now();
      state = await provision(log);
      writeState(state);
      recordTiming('provision', seconds(t));
      log(`provisioned in ${seconds(t)} s`);
    }
    await start(state, log);
    const current = readState()!;
    const needsBulk =
      options.users !== undefined && (current.scenarios?.bulkCount ?? 0) < options.users;
    if (!current.scenarios || !hasSnapshot() || needsBulk) {
      await seedUnlocked(options.users ?? (current.scenarios ? undefined : defaultBulkUsers), log);
    }
    // The second writable DC, when WRITEBACK_LAB_DC2_ADDRESS names its address.
    const dc2 = dc2AddressFromEnv(current.host);
    if (dc2 !== undefined) {
      await ensurePackages(log, dc2Packages);
      await upSecondDc(readState()!, dc2, log);
    }
  }, log);
}

/** The bulk users the default lab has (enough for paging tests, quick to build). */
export const defaultBulkUsers = 200;

export async function down(log: Log): Promise<void> {
  await withLabLock(async () => {
    if (await downSecondDc()) log('dc2 and its replicator stopped');
    log((await stopSamba()) ? 'DC stopped' : 'DC was not running');
  }, log);
}

export async function reset(log: Log): Promise<void> {
  await withLabLock(async () => {
    // The snapshot predates dc2's join: dc2 is stopped, and the next up joins it again.
    await downSecondDc();
    await stopSamba();
    await restoreSnapshot();
    await start(readState()!, log);
    log('DC reset to the snapshot of the last seed');
  }, log);
}

export async function seed(options: { users?: number }, log: Log): Promise<void> {
  await withLabLock(() => seedUnlocked(options.users, log), log);
}
