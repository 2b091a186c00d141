import { CommanderError } from 'commander';
import { ExitCode, isWizardError, toErrorInfo } from '../../shared/errors';
import { buildProgram } from './program';
import { cliWords } from './words';
import { refuseDisabledTlsVerification } from '../platform/tls-verification';
import { printable } from '../../shared/text/printable';

/**
 * Runs the command line and returns the exit code (docs/cli.md, "Exit codes"). Errors are printed
 * as "what is wrong" + "what to do" on stderr; with --json, stdout stays a single document.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    refuseDisabledTlsVerification();
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.done;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; bad options with commander's message already printed.
      return error.exitCode === 0 ? ExitCode.done : ExitCode.usage;
    }
    const info = toErrorInfo(error, cliWords);
    // Messages quote plan fields, journal fields and directory strings: never print their controls.
    process.stderr.write(`error: ${printable(info.message)}\n  fix: ${printable(info.fix)}\n`);
    return isWizardError(error) ? error.exitCode : ExitCode.failed;
  }
}
