/** Runs `writeback` as an admin would: the package's bin on the project's Node, from the repo. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

export const repo = new URL('../../', import.meta.url).pathname;

/**
 * How long a test that starts a process may take. Starting Node and loading the CLI takes a
 * second on an idle machine and many on a loaded 2-core one: a test must never fail because the
 * machine is busy, so every file that starts a process sets this as its timeout
 * (`vi.setConfig({ testTimeout: processTestTimeoutMs })`). Timing targets live in `npm run bench`.
 */
export const processTestTimeoutMs = 180_000;

export function writeback(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(repo, 'bin/writeback.mjs'), ...args], {
    cwd: repo,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    // A hung CLI is killed (and the test fails on its exit status) rather than hanging the run.
    timeout: processTestTimeoutMs,
  });
}

/**
 * The connection options a lab test gives a command, as an admin would: the lab DC, its CA, the
 * admin's UPN, and the name of the environment variable that holds the password (never the
 * password itself).
 */
export function labConnection(
  lab: {
    readonly url: string;
    readonly caFile: string;
    readonly admin: { readonly userPrincipalName: string };
  },
  passwordEnv: string,
): string[] {
  return [
    '--dc',
    lab.url,
    '--ca',
    lab.caFile,
    '--bind-user',
    lab.admin.userPrincipalName,
    '--password-env',
    passwordEnv,
  ];
}
