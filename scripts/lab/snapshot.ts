/**
 * The reset point: a copy of the DC folder (database, SYSVOL with its NT ACL xattrs, TLS
 * settings) and lab.json, taken with samba stopped so the copy is exact (no half-written
 * database pages). `cp -a` keeps modes, owners and xattrs: samba refuses a msg.sock folder
 * that is not 0700, and SYSVOL's ACLs live in security.NTACL xattrs.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { labPaths } from './paths';
import { run } from './run';

export function hasSnapshot(): boolean {
  return existsSync(labPaths.snapshotJson);
}

/** Call with samba stopped. */
export async function takeSnapshot(): Promise<void> {
  rmSync(labPaths.snapshot, { recursive: true, force: true });
  mkdirSync(labPaths.snapshot, { recursive: true });
  await run('cp', ['-a', labPaths.dc, join(labPaths.snapshot, 'dc')]);
  copyFileSync(labPaths.json, labPaths.snapshotJson);
}

/** Call with samba stopped. */
export async function restoreSnapshot(): Promise<void> {
  if (!hasSnapshot()) {
    throw new Error(
      'The lab has no snapshot to reset to. Run: npm run lab -- up (it seeds and snapshots).',
    );
  }
  rmSync(labPaths.dc, { recursive: true, force: true });
  await run('cp', ['-a', join(labPaths.snapshot, 'dc'), labPaths.dc]);
  copyFileSync(labPaths.snapshotJson, labPaths.json);
}
