/**
 * Where the dev bridge saves reports (it has no save dialog): a private folder made for this
 * run (mkdtemp, 0700), never a fixed name in the shared temp folder that another local user
 * could create first or fill with symlinks; files are created new (O_EXCL) without following
 * a symlink, 0600, and their names cannot leave the folder.
 */
import { constants, mkdtempSync, chmodSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export function privateReportFolder(parent: string = tmpdir()): string {
  const folder = mkdtempSync(join(parent, 'writeback-reports-'));
  chmodSync(folder, 0o700);
  return folder;
}

export async function writeReportFile(
  folder: string,
  name: string,
  content: string | Uint8Array,
): Promise<string> {
  if (basename(name) !== name || name === '.' || name === '..' || name === '') {
    throw new Error(`report name ${JSON.stringify(name)} is not a plain file name`);
  }
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  // A report saved again gets a new name (report-2.html): nothing existing is ever opened.
  for (let attempt = 1; attempt <= 100; attempt++) {
    const path = join(folder, attempt === 1 ? name : `${stem}-${attempt}${extension}`);
    let file;
    try {
      file = await open(path, flags, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await file.writeFile(content);
    } finally {
      await file.close();
    }
    return path;
  }
  throw new Error(`100 reports named ${name} already exist in ${folder}`);
}
