/**
 * The evidence pack of one run: a folder (and the same files in a zip) with the plan, the
 * journal, every target's before and after, the verify results and reports the admin adds,
 * the exact commands that roll each target back by hand, and a sha256 manifest of every file.
 * What a consultant hands over. Never overwritten: a pack is a record.
 */
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { badInput } from '../../shared/errors';
import { readRunStatus } from '../plan/recover';
import { manifestName, manifestText, sha256 } from './manifest';
import { readme, rollbackText } from './pack-texts';
import { refuseNonJournal } from './not-a-journal';
import { targetFiles } from './target-files';
import { zipFiles } from './zip';

export interface EvidenceOptions {
  readonly journalPath: string;
  /** The pack folder; default `evidence-<run id>` beside the journal. */
  readonly out?: string;
  /** Files to include under `verify/` (writeback verify --out) and `report/` (assess reports). */
  readonly verifyResults?: readonly string[];
  readonly reports?: readonly string[];
  /** The same, from memory (the app's last verify results and its report), by file name. */
  readonly verifyDocuments?: readonly EvidenceDocument[];
  readonly reportDocuments?: readonly EvidenceDocument[];
  readonly zip?: boolean;
  readonly now?: () => Date;
}

export interface EvidenceDocument {
  readonly name: string;
  readonly content: string;
}

export interface EvidencePack {
  readonly folder: string;
  readonly zip?: string;
  readonly files: number;
  /** sha256 of the manifest itself: one value that pins every file. */
  readonly manifestSha256: string;
}

export async function writeEvidencePack(options: EvidenceOptions): Promise<EvidencePack> {
  await refuseNonJournal(options.journalPath);
  const status = await readRunStatus(options.journalPath);
  const { header } = status.journal;
  const folder = options.out ?? join(dirname(options.journalPath), `evidence-${header.runId}`);
  const files = new Map<string, Buffer>();
  files.set('journal.jsonl', await readFile(options.journalPath));
  files.set('plan.json', Buffer.from(JSON.stringify(status.plan, null, 2) + '\n'));
  const beforeImages = new Map<number, unknown>();
  for (const record of status.journal.records) {
    // The first before-image of a target is what was there before the run touched it.
    if (record.type === 'before' && !beforeImages.has(record.index)) {
      beforeImages.set(record.index, record.image);
    }
  }
  const rollbackSections: string[] = [];
  status.plan.operations.forEach((operation, index) => {
    const target = targetFiles(operation, index, status.states[index]!, beforeImages.get(index));
    for (const [path, bytes] of target.files) files.set(path, bytes);
    rollbackSections.push(target.rollbackByHand);
  });
  files.set(
    'run-status.json',
    Buffer.from(
      JSON.stringify(
        {
          runId: header.runId,
          at: header.at,
          host: header.host,
          user: header.user,
          ended: status.ended,
          states: status.states,
          offers: status.offers,
        },
        null,
        2,
      ) + '\n',
    ),
  );
  files.set(
    'ROLLBACK-BY-HAND.md',
    Buffer.from(rollbackText(header.runId, options.journalPath, status.plan, rollbackSections)),
  );
  await addGiven(files, 'verify', options.verifyResults ?? []);
  await addGiven(files, 'report', options.reports ?? []);
  addDocuments(files, 'verify', options.verifyDocuments ?? []);
  addDocuments(files, 'report', options.reportDocuments ?? []);
  files.set(
    'README.txt',
    Buffer.from(readme(header.runId, (options.now ?? (() => new Date()))(), [...files.keys()])),
  );
  const manifest = Buffer.from(manifestText(files));
  files.set(manifestName, manifest);
  const zip = options.zip === false ? undefined : `${folder.replace(/[\\/]+$/, '')}.zip`;
  // Both places checked before anything is written: never a folder without its zip.
  for (const path of [folder, ...(zip === undefined ? [] : [zip])])
    if (await exists(path)) throw refused(path, Object.assign(new Error(), { code: 'EEXIST' }));
  await writeFolder(folder, files);
  if (zip !== undefined) {
    const entries = [...files].map(([name, bytes]) => ({
      name: `${basename(folder)}/${name}`,
      bytes,
    }));
    await writeFile(zip, zipFiles(entries), { mode: 0o600, flag: 'wx' }).catch((error: unknown) => {
      throw refused(zip, error);
    });
  }
  return {
    folder,
    ...(zip === undefined ? {} : { zip }),
    files: files.size,
    manifestSha256: sha256(manifest),
  };
}

async function addGiven(
  files: Map<string, Buffer>,
  under: string,
  paths: readonly string[],
): Promise<void> {
  for (const path of paths) {
    const name = `${under}/${basename(path)}`;
    if (files.has(name)) throw duplicate(basename(path), under);
    try {
      files.set(name, await readFile(path));
    } catch (error) {
      throw badInput(
        'evidence-unreadable',
        `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
        'Give a file that exists and that you may read.',
        error,
      );
    }
  }
}

function addDocuments(
  files: Map<string, Buffer>,
  under: string,
  documents: readonly EvidenceDocument[],
): void {
  for (const { name, content } of documents) {
    const path = `${under}/${basename(name)}`;
    if (files.has(path)) throw duplicate(basename(name), under);
    files.set(path, Buffer.from(content));
  }
}

const duplicate = (name: string, under: string) =>
  badInput(
    'evidence-duplicate-name',
    `Two files named ${name} were given for ${under}/.`,
    'Rename one of them.',
  );

/**
 * The pack written into a folder the admin picked, as `evidence-<run id>`, or
 * `evidence-<run id>-2` and so on when one is there already: an existing pack is never touched.
 */
export async function writeEvidencePackInto(
  parent: string,
  options: Omit<EvidenceOptions, 'out'>,
): Promise<EvidencePack> {
  const { runId } = (await readRunStatus(options.journalPath)).journal.header;
  for (let attempt = 1; attempt <= 100; attempt += 1) {
    const out = join(parent, attempt === 1 ? `evidence-${runId}` : `evidence-${runId}-${attempt}`);
    if (await exists(out)) continue;
    if (options.zip !== false && (await exists(`${out}.zip`))) continue;
    return writeEvidencePack({ ...options, out });
  }
  throw badInput(
    'evidence-too-many',
    `100 evidence packs of run ${runId} are already in ${parent}.`,
    'Choose another folder.',
  );
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw refused(path, error);
    },
  );

async function writeFolder(folder: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  try {
    await mkdir(dirname(folder), { recursive: true });
    await mkdir(folder, { mode: 0o700 });
  } catch (error) {
    throw refused(folder, error);
  }
  for (const [name, bytes] of files) {
    const path = join(folder, ...name.split('/'));
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, bytes, { mode: 0o600, flag: 'wx' });
  }
}

function refused(path: string, error: unknown) {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  if (code === 'EEXIST')
    return badInput(
      'evidence-exists',
      `${path} exists already, and an evidence pack is never overwritten (it is a record).`,
      `Give another folder with --out (its .zip must not exist either), or move ${path} away first.`,
      error,
    );
  return badInput(
    'evidence-unwritable',
    `Cannot write the evidence pack at ${path}: ${code}.`,
    'Give a writable place with --out.',
    error,
  );
}
