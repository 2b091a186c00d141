import { CommanderError } from 'commander';
import { ExitCode, isWizardError, toErrorInfo } from '../../shared/errors';
import { buildProgram } from './program';

/**
 * Runs the command line and returns the exit code (docs/cli.md, "Exit codes"). Errors are printed
 * as "what is wrong" + "what to do" on stderr; with --json, stdout stays a single document.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.done;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; bad options with commander's message already printed.
      return error.exitCode === 0 ? ExitCode.done : ExitCode.usage;
    }
    const info = toErrorInfo(error);
    process.stderr.write(`error: ${info.message}\n  fix: ${info.fix}\n`);
    return isWizardError(error) ? error.exitCode : ExitCode.failed;
  }
}
