/**
 * `plan`, `apply`, `rollback` and `finish` with `--directories <file>`: one run over the forests
 * the directories file lists. `plan` reads each forest through its own connection, as its own
 * bind account, for its own connector account and scopes; the others write each operation
 * through a connection to its own domain (the PDC emulator for policy), and refuse, before any
 * password is read or anything connects, a plan whose operations are in a forest the file does
 * not list. Passwords are read from the variables the file names, once, and stay in memory.
 */
import { badInput, ExitCode, WizardError } from '../../../shared/errors';
import type { DirectoryEntry } from '../../../shared/directories-file';
import type { Plan, PlanDirectory, PlanDirectoryTag } from '../../../shared/plan';
import { printable } from '../../../shared/text/printable';
import { connectDirectory, type Directory } from '../../directory/connect';
import { domainNamingContext } from '../../directory/discover';
import { openPdcEmulator } from '../../directory/pdc-emulator';
import { oneConnectServer } from '../../operations/reach';
import { targetAdapters, type TargetAdapters } from '../../operations/registry';
import {
  adaptersByDirectory,
  directoryKey,
  directoryLabel,
  isInDirectory,
} from '../../plan/plan-directories';
import type { DirectoryToPlan } from '../../steps/make-directories-plan';
import { entryConnections, readDirectoryEntries, type PerForestFlags } from './directories';
import { adaptersFor, adsyncRunner, type RunOptions } from './run';

/** What rollback and finish take besides the shared options. */
export type RunCommandOptions = RunOptions & {
  readonly directories?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
};

/** Connections a run opened, closed together at its end. */
export class OpenedDirectories {
  private readonly opened: Directory[] = [];

  track(directory: Directory): Directory {
    this.opened.push(directory);
    return directory;
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((d) => d.close().catch(() => undefined)));
  }
}

/** `plan --directories`: each forest of the file, opened on first need. */
export async function directoriesToPlan(
  path: string,
  flags: PerForestFlags,
  opened: OpenedDirectories,
): Promise<DirectoryToPlan[]> {
  const entries = await entryConnections(await readDirectoryEntries(path, flags));
  return entries.map(({ entry, connection }) => ({
    forest: entry.forest,
    dc: connection.url,
    directory: async () => opened.track(await connectDirectory(connection)),
    ...(entry.sysvol !== undefined ? { sysvol: entry.sysvol } : {}),
    permissions: {
      ...(entry.account !== undefined ? { account: entry.account } : {}),
      ...(entry.scope !== undefined ? { scopes: entry.scope } : {}),
      onProgress: (count: number) =>
        process.stderr.write(
          printable(`permissions (${entry.forest}): ${count} users scanned`) + '\n',
        ),
    },
  }));
}

/** The directories of these operations of the plan, each once, in the plan's order. */
function directoriesOf(plan: Plan, indexes: readonly number[]): PlanDirectory[] {
  const keys = new Set(
    indexes.flatMap((index) => {
      const operation = plan.operations[index]!;
      return isInDirectory(operation) && operation.directory
        ? [directoryKey(operation.directory)]
        : [];
    }),
  );
  return (plan.source.directories ?? []).filter((d) => keys.has(directoryKey(d)));
}

/** Every directory the operations are in has its forest in the file, or nothing goes ahead. */
function entriesFor(
  directories: readonly PlanDirectory[],
  entries: readonly DirectoryEntry[],
  path: string,
): DirectoryEntry[] {
  const byForest = new Map(entries.map((entry) => [entry.forest.toLowerCase(), entry]));
  const missing = directories.filter((d) => !byForest.has(d.forest));
  if (missing.length > 0) {
    throw new WizardError(
      'directory-not-given',
      printable(
        `The plan changes ${missing.map(directoryLabel).join(', ')}, but the directories file ${path} lists no forest ${[...new Set(missing.map((d) => d.forest))].join(', ')}. Nothing was written.`,
      ),
      `Add ${missing.length === 1 ? 'that forest' : 'those forests'} to the directories file (forest, dc, bindUser, passwordEnv), or give the directories file the plan was made with.`,
      ExitCode.usage,
    );
  }
  return [...new Set(directories.map((d) => byForest.get(d.forest)!))];
}

/** The DC the file names serves the directory's domain, or its writes would land elsewhere. */
async function checkDomain(directory: Directory, planned: PlanDirectory, dc: string) {
  const served = await domainNamingContext(directory);
  if (served.toLowerCase() !== planned.baseDn.toLowerCase()) {
    throw new WizardError(
      'directory-domain-mismatch',
      printable(
        `The plan changes ${directoryLabel(planned)} (${planned.baseDn}), but ${dc}, the directories file's DC of the forest ${planned.forest}, serves ${served}. Nothing was written.`,
      ),
      `Give the forest's entry a dc of the domain ${planned.domain} (the plan read ${planned.dc}).`,
      ExitCode.usage,
    );
  }
}

/**
 * apply, rollback and finish with --directories: the adapters for these operations of the plan,
 * each directory reached through its own connection and PDC emulator.
 */
export async function directoryAdaptersFor(
  plan: Plan,
  indexes: readonly number[],
  path: string,
  options: RunOptions & PerForestFlags,
): Promise<{ adapters: TargetAdapters; close: () => Promise<void> }> {
  if (!plan.source.directories) {
    throw badInput(
      'directories-one-domain-plan',
      `This plan was made for one domain${plan.source.baseDn ? ` (${printable(plan.source.baseDn)})` : ''}, not over a directories file.`,
      'Drop --directories and give --dc, --bind-user and --password-env of that domain.',
    );
  }
  const directories = directoriesOf(plan, indexes);
  const needed = entriesFor(directories, await readDirectoryEntries(path, options), path);
  // Every password is read before anything connects.
  const connections = await entryConnections(needed);
  const opened = new OpenedDirectories();
  const reached = new Map<string, TargetAdapters>();
  try {
    for (const planned of directories) {
      const { connection } = connections.find(
        (c) => c.entry.forest.toLowerCase() === planned.forest,
      )!;
      const directory = opened.track(await connectDirectory(connection));
      await checkDomain(directory, planned, connection.url);
      const pdc = await openPdcEmulator(directory, planned.baseDn, connection.url);
      if (pdc.opened) opened.track(pdc.directory);
      reached.set(
        directoryKey(planned),
        targetAdapters({ directory, policyDirectory: pdc.directory }),
      );
    }
  } catch (error) {
    await opened.close();
    throw error;
  }
  const runner = indexes.some((i) => !isInDirectory(plan.operations[i]!))
    ? adsyncRunner(options)
    : undefined;
  return {
    adapters: adaptersByDirectory(
      (tag: PlanDirectoryTag) => reached.get(directoryKey(tag)),
      targetAdapters(runner ? { connectServer: oneConnectServer(runner) } : {}),
    ),
    close: () => opened.close(),
  };
}

/**
 * The adapters apply, rollback and finish write these operations of the plan through: over the
 * directories file when given, else through the one connection the flags name. A plan over
 * several directories is never written through one connection.
 */
export async function adaptersForRun(
  plan: Plan,
  indexes: readonly number[],
  options: RunOptions & PerForestFlags & { readonly directories?: string },
): Promise<{ adapters: TargetAdapters; close: () => Promise<void> }> {
  const directories = directoriesOf(plan, indexes);
  // Connect server settings alone need no directory, whatever the command line names.
  const onlyConnectServer = indexes.every((index) => !isInDirectory(plan.operations[index]!));
  if (options.directories !== undefined && !(onlyConnectServer && !plan.source.directories)) {
    return directoryAdaptersFor(plan, indexes, options.directories, options);
  }
  if (directories.length > 0) {
    throw badInput(
      'directories-missing',
      printable(
        `This plan changes several directories (${directories.map(directoryLabel).join(', ')}); one connection cannot write them.`,
      ),
      'Give --directories with the directories file the plan was made with (each forest its dc, bindUser and passwordEnv).',
    );
  }
  return adaptersFor(new Set(indexes.map((index) => plan.operations[index]!.kind)), options);
}
