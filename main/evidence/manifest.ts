/**
 * The evidence pack's manifest: the sha256 of every file, in the format `sha256sum -c` and
 * PowerShell's Get-FileHash can check by hand (`<hex>  <path>`, one line per file), so a
 * customer can verify the pack without this tool.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { badInput } from '../../shared/errors';
import { printableCollapsed } from '../../shared/text/printable';

export const manifestName = 'SHA256SUMS';

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function manifestText(files: ReadonlyMap<string, Buffer>): string {
  return (
    [...files.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, bytes]) => `${sha256(bytes)}  ${path}`)
      .join('\n') + '\n'
  );
}

export interface ManifestCheck {
  readonly ok: boolean;
  readonly checked: number;
  /** Files whose hash differs, files listed but missing, files present but not listed. */
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly unlisted: readonly string[];
}

/** Checks every file of a pack folder against its manifest. */
export async function checkManifest(folder: string): Promise<ManifestCheck> {
  const isFile = await stat(folder).then(
    (found) => found.isFile(),
    () => false,
  );
  if (isFile)
    throw badInput(
      'evidence-check-not-folder',
      `${printableCollapsed(folder, 300)} is a file${/\.zip$/i.test(folder) ? ' (a zip)' : ''}, not a pack folder: only the folder can be checked, file by file.`,
      /\.zip$/i.test(folder)
        ? 'Unzip it first (it holds one folder), then check that folder.'
        : 'Give the folder writeback evidence wrote.',
    );
  let text: string;
  try {
    text = await readFile(join(folder, manifestName), 'utf8');
  } catch (error) {
    throw badInput(
      'evidence-no-manifest',
      `${printableCollapsed(folder, 300)} has no ${manifestName}: it is not an evidence pack folder.`,
      'Give the folder writeback evidence wrote (unzip a pack first, then give its folder).',
      error,
    );
  }
  const listed = new Map<string, string>();
  for (const [number, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) {2}([^\r\n]+)$/.exec(line);
    if (!match || match[2]!.split('/').includes('..') || match[2]!.startsWith('/')) {
      throw badInput(
        'evidence-bad-manifest',
        `Line ${number + 1} of ${manifestName} is not "<sha256>  <path>": "${printableCollapsed(line, 80)}".`,
        'The manifest was edited or damaged: the pack cannot be trusted.',
      );
    }
    listed.set(match[2]!, match[1]!);
  }
  const present = await filesUnder(folder);
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, hash] of listed) {
    if (!present.has(path)) missing.push(path);
    else if (sha256(await readFile(join(folder, ...path.split('/')))) !== hash) changed.push(path);
  }
  const unlisted = [...present].filter((path) => path !== manifestName && !listed.has(path));
  return {
    ok: changed.length + missing.length + unlisted.length === 0,
    checked: listed.size,
    changed,
    missing,
    unlisted,
  };
}

async function filesUnder(folder: string): Promise<Set<string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return new Set(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/')),
  );
}
