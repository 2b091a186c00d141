/**
 * The reset point: a copy of the DC folder (database, SYSVOL, TLS settings) and lab.json taken
 * with samba stopped, so the copy is exact (no half-written database pages).
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { labPaths } from './paths';

export function hasSnapshot(): boolean {
  return existsSync(labPaths.snapshotJson);
}

/** Call with samba stopped. */
export function takeSnapshot(): void {
  rmSync(labPaths.snapshot, { recursive: true, force: true });
  cpSync(labPaths.dc, `${labPaths.snapshot}/dc`, { recursive: true, preserveTimestamps: true });
  cpSync(labPaths.json, labPaths.snapshotJson);
}

/** Call with samba stopped. */
export function restoreSnapshot(): void {
  if (!hasSnapshot()) {
    throw new Error(
      'The lab has no snapshot to reset to. Run: npm run lab -- up (it seeds and snapshots).',
    );
  }
  rmSync(labPaths.dc, { recursive: true, force: true });
  cpSync(`${labPaths.snapshot}/dc`, labPaths.dc, { recursive: true, preserveTimestamps: true });
  cpSync(labPaths.snapshotJson, labPaths.json);
}
