/**
 * Windows programs by full path under %SystemRoot%\System32, never by bare name: a bare
 * `powershell.exe` or `rundll32` is looked up in the current folder and PATH first, where
 * anyone who can write a file could put their own.
 */
import { win32 } from 'node:path';

export function windowsSystemProgram(
  relative: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const root = env['SystemRoot'] ?? env['windir'];
  // Only an absolute drive path is believed; anything else falls back to the default.
  const systemRoot = root && /^[A-Za-z]:\\/.test(root) ? root : 'C:\\Windows';
  return win32.join(systemRoot, 'System32', relative);
}

/** Windows PowerShell 5.1, where the ADSync module lives. */
export const windowsPowerShell = (env: NodeJS.ProcessEnv = process.env): string =>
  windowsSystemProgram('WindowsPowerShell\\v1.0\\powershell.exe', env);
