/** Runs a lab tool (samba-tool, openssl, python3) and fails with its output when it fails. */
import { execFile } from 'node:child_process';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command args` without a shell. `secrets` are replaced by `***` in any error text, so a
 * password passed on a command line never reaches a log or an error.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { input?: string; secrets?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  const hide = (text: string): string =>
    (options.secrets ?? []).reduce((t, s) => (s ? t.split(s).join('***') : t), text);
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { maxBuffer: 64 * 1024 * 1024, env: options.env ?? process.env },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              hide(
                `${command} ${args.join(' ')} failed (${error.code ?? error.signal ?? 'error'}):\n${stderr || stdout}`,
              ).trim(),
            ),
          );
        } else resolve({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
