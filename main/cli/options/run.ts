/**
 * What plan, apply, rollback and finish reach from their flags: the directory (connected the
 * one way, ./connection.ts), the Connect server (--adsync), and the terminal they confirm on.
 * The password only ever comes from the environment variable named by --password-env or a
 * no-echo prompt on a terminal.
 */
import { connectDirectory as openDirectory, type Directory } from '../../directory/connect';
import { badInput, ExitCode, WizardError } from '../../../shared/errors';
import { nodeSpawner } from '../../adsync/local-powershell';
import { parseAdsyncOption, PowerShellRunner } from '../../adsync/powershell-runner';
import { oneConnectServer } from '../../operations/reach';
import { kindOf, targetAdapters, type TargetAdapters } from '../../operations/registry';
import type { OperationKind } from '../../../shared/plan';
import { connectionFromFlags, type ConnectionFlags } from './connection';

export interface RunOptions extends ConnectionFlags {
  readonly sysvol?: string;
  readonly adsync?: string;
}

/** The directory plan, apply, rollback and finish read and write through. */
export async function directoryFrom(options: RunOptions): Promise<Directory> {
  return openDirectory(await connectionFromFlags(options));
}

export function adsyncRunner(options: RunOptions): PowerShellRunner | undefined {
  const location = parseAdsyncOption(options.adsync ?? 'none');
  return location === 'none' ? undefined : new PowerShellRunner(nodeSpawner, location);
}

/** The adapters for the kinds a plan holds; the directory is connected only when needed. */
export async function adaptersFor(
  kinds: ReadonlySet<OperationKind>,
  options: RunOptions,
): Promise<{ adapters: TargetAdapters; close: () => Promise<void> }> {
  const reaches = new Set([...kinds].map((kind) => kindOf(kind).reaches));
  const directory = reaches.has('directory') ? await directoryFrom(options) : undefined;
  const runner = reaches.has('connect-server') ? adsyncRunner(options) : undefined;
  if (reaches.has('connect-server') && !runner) {
    await directory?.close().catch(() => undefined);
    throw new WizardError(
      'adsync-none',
      'The plan changes AD Connect settings, but --adsync is none.',
      'Run on the Connect server (--adsync local) or give --adsync remote:<server>.',
      ExitCode.usage,
    );
  }
  return {
    adapters: targetAdapters({
      ...(directory ? { directory } : {}),
      ...(runner ? { connectServer: oneConnectServer(runner) } : {}),
    }),
    close: async () => {
      await directory?.close().catch(() => undefined);
    },
  };
}

/** Asks on the terminal; refuses (exit 2) without one. */
export async function confirm(
  question: string,
  yes: boolean | undefined,
  noTerminalFix = 'Review the plan with writeback show, then run again with --yes.',
): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw badInput('confirm-no-terminal', 'There is no terminal to confirm on.', noTerminalFix);
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) {
    throw new WizardError(
      'cancelled',
      'Cancelled: nothing was written.',
      'Run again and answer y to go ahead.',
      ExitCode.failed,
    );
  }
}
