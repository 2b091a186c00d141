/**
 * One lab operation at a time across processes (vitest workers, several `npm run lab`):
 * an exclusive-create lock file holding the owner's pid; a lock whose owner died is taken over.
 */
import { mkdirSync, openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { isPidAlive } from '../../tests/lab/lab-env';
import { labPaths } from './paths';

function tryLock(): boolean {
  try {
    const fd = openSync(labPaths.lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let owner: number;
    try {
      owner = Number(readFileSync(labPaths.lock, 'utf8'));
    } catch {
      return false; // released meanwhile: try again
    }
    if (Number.isInteger(owner) && owner > 0 && isPidAlive(owner)) return false;
    try {
      unlinkSync(labPaths.lock); // its owner is gone
    } catch {
      // someone else took it over first
    }
    return false;
  }
}

/** Runs `work` holding the lab lock; waits up to `timeoutMs` for another holder. */
export async function withLabLock<T>(
  work: () => Promise<T>,
  log: (line: string) => void,
  timeoutMs = 30 * 60_000,
): Promise<T> {
  mkdirSync(labPaths.root, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let told = false;
  while (!tryLock()) {
    if (Date.now() > deadline) {
      throw new Error(
        `Another lab operation has held ${labPaths.lock} for over ${timeoutMs / 60_000} minutes. ` +
          'Wait for it, or remove the file if its process is gone.',
      );
    }
    if (!told) log('waiting for another lab operation to finish…');
    told = true;
    await new Promise((r) => setTimeout(r, 250));
  }
  try {
    return await work();
  } finally {
    try {
      unlinkSync(labPaths.lock);
    } catch {
      // already gone
    }
  }
}
