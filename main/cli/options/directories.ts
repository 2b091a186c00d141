/**
 * `--directories <file>` (docs/cli.md "Directories file (format)"): the forests of one run, read
 * from the directories file, each with its own DC, bind account and password, for `assess` here
 * and for `plan`, `apply`, `rollback` and `finish` through ./directories-run.ts. Each password is
 * read from the environment variable the file names, once (a variable two forests share is read
 * once), and removed from the environment as every password is (./connection.ts). All are read
 * before anything connects, so a missing one is exit 2, not a failed check.
 */
import { fileProblem } from '../../platform/file-problem';
import { readFile } from 'node:fs/promises';
import { badInput, isWizardError } from '../../../shared/errors';
import { parseDirectoriesFile, type DirectoryEntry } from '../../../shared/directories-file';
import type { DirectoryToAssess } from '../../assess/directories-assess-provider';
import type { AdAssessOptions, AdConnectionOptions } from '../../readiness/ad-assess-provider';
import type { DirectoryOptions } from '../../directory/connect';
import { connectionFromFlags, terminalPrompt, type PasswordSource } from './connection';

/** What the directories file replaces: given with it, which forest would they apply to? */
const perForestFlags = [
  ['dc', '--dc'],
  ['bindUser', '--bind-user'],
  ['passwordEnv', '--password-env'],
  ['ca', '--ca'],
  ['tlsFingerprint', '--tls-fingerprint'],
  ['account', '--account'],
  ['scope', '--scope'],
  ['sysvol', '--sysvol'],
] as const;

export type PerForestFlags = Partial<Record<(typeof perForestFlags)[number][0], unknown>>;

async function readTheFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw badInput(
      'directories-file-unreadable',
      `The directories file ${JSON.stringify(path)} cannot be read: ${fileProblem(error)}.`,
      'Give --directories the path of the directories file (docs/cli.md "Directories file (format)").',
      error,
    );
  }
}

const terminalSource = (): PasswordSource => ({
  env: process.env,
  isTty: Boolean(process.stdin.isTTY),
  prompt: terminalPrompt,
});

/**
 * The directories file's entries, refusing the per-forest flags beside it (which forest would
 * they apply to?).
 */
export async function readDirectoryEntries(
  path: string,
  flags: PerForestFlags,
): Promise<DirectoryEntry[]> {
  const given = perForestFlags.filter(([name]) => flags[name] !== undefined);
  if (given.length > 0) {
    throw badInput(
      'directories-and-dc',
      `--directories was given with ${given.map(([, flag]) => flag).join(', ')}, which the directories file gives per forest.`,
      'Put them in the directories file (dc, bindUser, passwordEnv, ca, tlsFingerprint, account, scope, sysvol), or drop --directories to work on one domain.',
    );
  }
  return parseDirectoriesFile(await readTheFile(path)).directories;
}

/** One forest of the file with its connection, the password read (in memory only). */
export interface ConnectedEntry {
  readonly entry: DirectoryEntry;
  readonly connection: DirectoryOptions;
}

/**
 * Each entry's connection, every password read before anything connects (a variable two forests
 * share is read once, then removed from the environment).
 */
export async function entryConnections(
  entries: readonly DirectoryEntry[],
  source: PasswordSource = terminalSource(),
): Promise<ConnectedEntry[]> {
  const passwords = new Map<string, string>();
  const connected: ConnectedEntry[] = [];
  for (const entry of entries) {
    connected.push({ entry, connection: await connectionOf(entry, passwords, source) });
  }
  return connected;
}

/** The forests of the file, each with its connection and password, ready to assess. */
export async function directoriesFromFile(
  path: string,
  flags: PerForestFlags & Omit<AdAssessOptions, keyof AdConnectionOptions>,
  source: PasswordSource = terminalSource(),
): Promise<DirectoryToAssess[]> {
  const { pageSize, streams, signal, onProgress } = flags;
  const entries = await entryConnections(await readDirectoryEntries(path, flags), source);
  return entries.map(({ entry, connection }) => ({
    forest: entry.forest,
    options: {
      ...adTarget(connection, entry.account, entry.scope),
      ...(entry.sysvol !== undefined ? { sysvol: entry.sysvol } : {}),
      ...(pageSize !== undefined ? { pageSize } : {}),
      ...(streams !== undefined ? { streams } : {}),
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    },
  }));
}

async function connectionOf(
  entry: DirectoryEntry,
  passwords: Map<string, string>,
  source: PasswordSource,
): Promise<DirectoryOptions> {
  const known = passwords.get(entry.passwordEnv);
  const connection = await connectionFromFlags(
    entry,
    known === undefined ? source : { ...source, env: { [entry.passwordEnv]: known } },
  ).catch((error: unknown) => {
    throw isWizardError(error) && error.code === 'password-env-empty'
      ? badInput(
          error.code,
          `The environment variable ${entry.passwordEnv} is not set, or is empty (the directories file names it for ${entry.forest}).`,
          `Set ${entry.passwordEnv} to the password of that forest's bindUser before running the command.`,
        )
      : error;
  });
  passwords.set(entry.passwordEnv, connection.password);
  return connection;
}

/** One forest's AD side of an assessment: where it connects, as whom, for which connector. */
export function adTarget(
  connection: DirectoryOptions,
  account: string | undefined,
  scopes: readonly string[] | undefined,
): AdConnectionOptions & Pick<AdAssessOptions, 'account' | 'scopes'> {
  return {
    dc: connection.url,
    bindUser: connection.bindUser,
    password: connection.password,
    ...(connection.caFile !== undefined ? { caFile: connection.caFile } : {}),
    ...(connection.tlsFingerprint !== undefined
      ? { tlsFingerprint: connection.tlsFingerprint }
      : {}),
    ...(account !== undefined ? { account } : {}),
    ...(scopes !== undefined ? { scopes } : {}),
  };
}
