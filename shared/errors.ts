/**
 * Errors are values an admin can act on: a stable code, a message that says what is wrong,
 * and the fix. The CLI maps them to the exit codes of docs/cli.md; the renderer
 * receives `{ ok: false, error: { code, message, fix } }`, never a stack.
 */

/** Exit codes of the `writeback` command line (docs/cli.md, "Exit codes"). */
export const ExitCode = {
  done: 0,
  failed: 1,
  usage: 2,
  connect: 3,
  drift: 4,
  partial: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What crosses a process boundary (IPC, JSON output): no stack, no cause. */
export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly fix: string;
}

export class WizardError extends Error implements ErrorInfo {
  override readonly name = 'WizardError';
  constructor(
    readonly code: string,
    message: string,
    readonly fix: string,
    readonly exitCode: ExitCode = ExitCode.failed,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, fix: this.fix };
  }
}

export function isWizardError(value: unknown): value is WizardError {
  return value instanceof WizardError;
}

/** Bad input from the admin or a file they gave us (exit 2). */
export function badInput(code: string, message: string, fix: string, cause?: unknown): WizardError {
  return new WizardError(code, message, fix, ExitCode.usage, { cause });
}

/**
 * Turns anything thrown into something safe to show: a WizardError keeps its words; anything
 * else becomes a generic failure whose message is the error's own message (never a stack).
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (isWizardError(error)) return error.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `Unexpected error: ${message}`,
    fix: 'This is a bug in Writeback Wizard. Nothing further was written; check the journal, and report the message above.',
  };
}
