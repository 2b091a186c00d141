/**
 * Never a half-written file: write a temporary file in the same folder (same volume, so the
 * rename is atomic), flush it to disk, then rename it over the target. The temporary file
 * starts with the target's metadata: on a Samba DC's local SYSVOL the NT ACL lives in an
 * extended attribute (security.NTACL), which a plain new file would lose; over SMB the new
 * file inherits the GPO folder's ACL, as a GPMC save does.
 */
import { execFile } from 'node:child_process';
import { childEnvironment } from '../platform/child-environment';
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const existing = await stat(path).catch(() => undefined);
  let handle;
  if (existing && process.platform === 'linux' && (await copyAttributes(path, temporary))) {
    handle = await open(temporary, 'r+');
  } else {
    handle = await open(temporary, 'wx', existing ? existing.mode & 0o7777 : 0o644);
  }
  try {
    await handle.truncate(0);
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  // Flush the folder entry too, so the rename survives a power cut (POSIX only).
  if (process.platform !== 'win32') {
    const folder = await open(dirname(path), 'r').catch(() => undefined);
    await folder?.sync().catch(() => undefined);
    await folder?.close();
  }
}

/** An empty file with the target's mode, owner, ACLs and extended attributes (GNU cp). */
async function copyAttributes(from: string, to: string): Promise<boolean> {
  try {
    await promisify(execFile)(
      'cp',
      ['--attributes-only', '--preserve=all', '--no-dereference', from, to],
      { env: childEnvironment() },
    );
    return true;
  } catch {
    await rm(to, { force: true });
    return false;
  }
}
