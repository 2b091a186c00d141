/**
 * Starts and stops the lab DC: `samba -s smb.conf -i` (foreground) detached from this script,
 * output in .lab/samba.log, pid in .lab/samba.pid; stopped by that pid only.
 */
import { spawn, execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { isPidAlive, runningPid } from '../../tests/lab/lab-env';
import { boundClient } from './ldap';
import { labPaths } from './paths';

const startTimeoutMs = 120_000;
const stopTimeoutMs = 20_000;

export { runningPid };

const rebuildHint =
  'If the lab folder is damaged, rebuild it: npm run lab -- down && rm -rf .lab && npm run lab -- up';

/** The last lines of samba.log, for error messages. */
export function logTail(lines = 30): string {
  if (!existsSync(labPaths.log)) return '(no samba.log)';
  return readFileSync(labPaths.log, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * `samba -i` terminates on EOF on stdin (source4/samba/server.c). Its stdin is a FIFO opened
 * read-write by samba itself, so it never sees EOF and never spins.
 */
function stdinThatStaysOpen(): number {
  if (!existsSync(labPaths.stdinFifo)) execFileSync('mkfifo', ['-m', '600', labPaths.stdinFifo]);
  return openSync(labPaths.stdinFifo, 'r+');
}

/** Starts samba detached; returns its pid. */
export function startSamba(): number {
  mkdirSync(labPaths.run, { recursive: true, mode: 0o755 });
  mkdirSync(labPaths.logs, { recursive: true, mode: 0o755 });
  const out = openSync(labPaths.log, 'a');
  const stdin = stdinThatStaysOpen();
  const child = spawn('samba', ['-s', labPaths.smbConf, '-i'], {
    detached: true,
    stdio: [stdin, out, out],
  });
  closeSync(out);
  closeSync(stdin);
  if (child.pid === undefined) throw new Error('Could not start samba (is it installed?).');
  child.unref();
  writeFileSync(labPaths.pid, String(child.pid));
  return child.pid;
}

/** Waits until an LDAPS simple bind with CA and hostname verification works. */
export async function waitUntilHealthy(
  pid: number,
  adminDn: string,
  password: string,
  timeoutMs = startTimeoutMs,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (!isPidAlive(pid)) {
      throw new Error(
        `samba (pid ${pid}) exited during start-up. Last lines of ${labPaths.log}:\n${logTail()}\n${rebuildHint}`,
      );
    }
    try {
      const client = await boundClient(adminDn, password);
      await client.unbind();
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `The lab DC did not accept an LDAPS bind within ${timeoutMs / 1000} s (last error: ${lastError}). ` +
      `Last lines of ${labPaths.log}:\n${logTail()}\n${rebuildHint}`,
  );
}

/** Does the running DC answer an LDAPS bind within `timeoutMs` (a loaded machine is slow)? */
export async function isHealthy(
  adminDn: string,
  password: string,
  timeoutMs = 10_000,
): Promise<boolean> {
  const pid = runningPid();
  if (pid === undefined) return false;
  try {
    await waitUntilHealthy(pid, adminDn, password, timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** Stops samba by its recorded pid: TERM to its process group, then KILL after a bound. */
export async function stopSamba(): Promise<boolean> {
  const pid = runningPid();
  if (pid === undefined) {
    if (existsSync(labPaths.pid)) unlinkSync(labPaths.pid);
    return false;
  }
  // samba -i forks its service processes into its own process group (it was started detached).
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + stopTimeoutMs;
  while (isPidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isPidAlive(pid)) signal('SIGKILL');
  // Children of the group may linger a moment after the parent: wait for the group to empty.
  const groupDeadline = Date.now() + 5_000;
  while (groupAlive(pid) && Date.now() < groupDeadline)
    await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  unlinkSync(labPaths.pid);
  return true;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
