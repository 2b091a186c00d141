/**
 * What a run reaches, and so which kinds of target it can read and write: SYSVOL files always
 * (the local file system or a share), the directory when it is connected, the Connect server's
 * ADSync when the face says where.
 */
import { ExitCode, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';
import { describeLocation, type PowerShellRunner } from '../adsync/powershell-runner';
import type { Directory } from '../directory/directory';

export type ReachName = 'directory' | 'sysvol' | 'connect-server';

export interface Reach {
  readonly directory?: Directory;
  /**
   * The domain's PDC emulator, where its password policy and GPOs' directory half are written
   * (the attribute kind's targets); `directory` when not given.
   */
  readonly policyDirectory?: Directory;
  /** ADSync's PowerShell at a plan's location (`local` or `remote:<host>`). */
  readonly connectServer?: (location: string) => PowerShellRunner;
}

/** What to give to reach each system. */
export const howToReach: Record<ReachName, string> = {
  directory: `Give ${field('dc')}, ${field('bindUser')} and ${field('password')} so the directory can be reached.`,
  sysvol: `Give ${field('sysvol')} with the domain SYSVOL folder.`,
  'connect-server': `Run on the AD Connect server (${field('adsync', 'local')}) or give ${field('adsync', 'remote:<host>')}.`,
};

/**
 * The command line's: one runner, where its flag says; an operation planned on another Connect
 * server is refused. (The app reaches each operation where its plan was made.)
 */
export function oneConnectServer(runner: PowerShellRunner): (location: string) => PowerShellRunner {
  return (location) => {
    const here = describeLocation(runner.location);
    if (location !== here) {
      throw new WizardError(
        'adsync-location-mismatch',
        `The plan changes ADSync on ${location}, but this run reaches ${here}.`,
        `Apply with ${field('adsync', location)}.`,
        ExitCode.usage,
      );
    }
    return runner;
  };
}
