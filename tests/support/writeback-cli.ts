/** Runs `writeback` as an admin would: the package's bin on the project's Node, from the repo. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

export const repo = new URL('../../', import.meta.url).pathname;

export function writeback(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(repo, 'bin/writeback.mjs'), ...args], {
    cwd: repo,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
