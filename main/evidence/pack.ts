/**
 * The evidence pack of one run: a folder (and the same files in a zip) with the plan, the
 * journal, every target's before and after, the verify results and reports the admin adds,
 * the exact commands that roll each target back by hand, and a sha256 manifest of every file.
 * What a consultant hands over. Never overwritten: a pack is a record.
 */
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { badInput } from '../../shared/errors';
import type { Plan } from '../../shared/plan';
import { printable } from '../../shared/text/printable';
import { readRunStatus } from '../plan/recover';
import { manifestName, manifestText, sha256 } from './manifest';
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
  /**
   * How to roll the run back with the tool, as the face spells it (the command line's command
   * with its connection, quoted for each shell); without it the pack says where the tool offers it.
   */
  readonly rollbackWithTool?: string;
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
    Buffer.from(
      rollbackText(header.runId, status.plan, options.rollbackWithTool, rollbackSections),
    ),
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

/**
 * How to undo the run: with the tool (the command the face spells, with its connection, for the
 * shells it knows; else where the tool offers it), else target by target from the before-images.
 */
function rollbackText(
  runId: string,
  plan: Plan,
  withTool: string | undefined,
  sections: readonly string[],
): string {
  return [
    `# Rolling back run ${runId} by hand`,
    '',
    withTool ??
      "The tool does this for you, refusing any target changed since: roll the run back from this tool's list of runs.",
    '',
    'Without the tool, restore each target below from the before-image the run journaled (in its folder under targets/).',
    `In the commands below, <dc> is ${dcHost(plan.source.dc)}, and <admin> an account allowed to write these objects; run them from this pack's folder. Set-ADObject writes on <dc> (-Server); Get-Acl and Set-Acl on the AD: drive use the DC the ActiveDirectory module connected it to, so run them on <dc> itself to read back what you wrote.`,
    'Restore in reverse order, and only targets nobody changed since the run.',
    '',
    ...[...sections].reverse(),
  ].join('\n');
}

/** The DC the plan was made on, as the host name its commands take. */
function dcHost(dc: string | undefined): string {
  if (dc === undefined) return 'the DC you applied the run on (the plan does not name it)';
  const host = /^ldaps?:\/\/([^/:]+)/i.exec(dc)?.[1];
  return host === undefined
    ? `the DC of ${printable(dc)}`
    : `${printable(host)} (the DC the plan was made on, ${printable(dc)})`;
}

/** What each entry of the pack is; the README lists only the entries this pack holds. */
const entries: readonly [name: string, prefix: string, what: string][] = [
  ['plan.json', 'plan.json', 'the plan the admin confirmed (no secrets)'],
  [
    'journal.jsonl',
    'journal.jsonl',
    'the run journal: each before-image, write, read-back and rollback',
  ],
  [
    'run-status.json',
    'run-status.json',
    'per target: not-started, written, verified, failed or restored',
  ],
  [
    'targets/NN-kind/',
    'targets/',
    'each target: its before and after, the before-image journaled, rollback files',
  ],
  [
    'ROLLBACK-BY-HAND.md',
    'ROLLBACK-BY-HAND.md',
    'the exact commands that restore each target without the tool',
  ],
  ['verify/', 'verify/', 'the verify results added to the pack'],
  ['report/', 'report/', 'the assessment reports added to the pack'],
];

function readme(runId: string, now: Date, names: readonly string[]): string {
  const held = entries.filter(([, prefix]) => names.some((name) => name.startsWith(prefix)));
  return [
    `Evidence pack of Writeback Wizard run ${runId}, written ${now.toISOString()}.`,
    '',
    ...held.map(([name, , what]) => `${name.padEnd(21)}${what}`),
    `${manifestName.padEnd(21)}sha256 of every file: sha256sum -c ${manifestName} (or writeback evidence --check <folder>)`,
    '',
  ].join('\n');
}
