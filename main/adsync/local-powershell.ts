/**
 * Windows PowerShell on this computer: where the ADSync module is installed (the Connect server
 * itself), and the spawner every runner uses (no shell, hidden window).
 */
import { childEnvironment } from '../platform/child-environment';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, win32 } from 'node:path';
import type { Spawner } from './powershell-runner';

/**
 * docs/cli.md: `--adsync` defaults to local on Windows where the ADSync module is installed (the
 * Connect server), else none, so a jump box is not sent looking for a module it lacks.
 */
export function defaultAdsync(
  platform: NodeJS.Platform = process.platform,
  programFiles: string | undefined = process.env['ProgramFiles'],
  exists: (path: string) => boolean = existsSync,
): 'local' | 'none' {
  if (platform !== 'win32' || !programFiles) return 'none';
  const module = win32.join(
    programFiles,
    'Microsoft Azure AD Sync',
    'Bin',
    'ADSync',
    'ADSync.psd1',
  );
  return exists(module) ? 'local' : 'none';
}

/** Spawns PowerShell without a shell. */
export const nodeSpawner: Spawner = (command, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      // No variable named like a password, secret or token reaches PowerShell.
      env: childEnvironment(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });

/**
 * Can this computer start Windows PowerShell, the only one with ADSync and remoting to a Connect
 * server? On Windows, yes; elsewhere only where powershell.exe is on the PATH (WSL's interop).
 */
export function canRunWindowsPowerShell(
  platform: NodeJS.Platform = process.platform,
  path: string | undefined = process.env['PATH'],
  exists: (path: string) => boolean = existsSync,
): boolean {
  if (platform === 'win32') return true;
  return (path ?? '')
    .split(delimiter)
    .some((folder) => folder !== '' && exists(join(folder, 'powershell.exe')));
}
