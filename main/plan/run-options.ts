/**
 * The connection options plan, apply and rollback share (docs/cli.md, "Options shared by the
 * commands"), turned into the target adapters a run needs. The password only ever comes from
 * the environment variable named by --password-env or a no-echo prompt on a terminal.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { win32 } from 'node:path';
import { Option, type Command } from 'commander';
import type { Client } from 'ldapts';
import { badInput, ExitCode, WizardError } from '../../shared/errors';
import { adsyncSettingAdapter } from '../adsync/adsync-adapter';
import { parseAdsyncOption, PowerShellRunner, type Spawner } from '../adsync/powershell-runner';
import { attributeAdapter } from './adapters/attribute-adapter';
import { fileAdapter } from './adapters/file-adapter';
import { securityDescriptorAdapter } from './adapters/security-descriptor-adapter';
import { connectionFromFlags } from '../cli/connection-options';
import { connectLdap } from './ldap-connection';
import type { TargetAdapters } from './target-adapter';

export interface RunOptions {
  readonly dc?: string;
  readonly bindUser?: string;
  readonly passwordEnv?: string;
  readonly ca?: string;
  readonly tlsFingerprint?: string;
  readonly sysvol?: string;
  readonly adsync?: string;
}

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

/** `--adsync`, as every command that may reach the Connect server takes it. */
export function addAdsyncOption(command: Command): Command {
  return command.addOption(
    new Option('--adsync <where>', 'local | none | remote:<host>').default(
      defaultAdsync(),
      'local on the Connect server, else none',
    ),
  );
}

export function addRunOptions(command: Command): Command {
  command
    .option('--dc <url>', 'ldaps://host[:port], or ldap://host[:port] with mandatory StartTLS')
    .option('--bind-user <upn|dn>', 'the account that reads and changes AD')
    .option(
      '--password-env <VAR>',
      'the environment variable holding its password (else a no-echo prompt)',
    )
    .option('--ca <file.pem>', 'trust this CA in addition to the system store')
    .option('--tls-fingerprint <sha256>', "pin the DC's certificate instead")
    .option('--sysvol <path>', 'the domain SYSVOL folder that holds Policies');
  return addAdsyncOption(command);
}

/** The bound connection for the adapters: the flags read the one way (connection-options). */
export async function connectDirectory(options: RunOptions): Promise<Client> {
  return connectLdap(await connectionFromFlags(options));
}

/** Spawns PowerShell without a shell. */
export const nodeSpawner: Spawner = (command, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });

export function adsyncRunner(options: RunOptions): PowerShellRunner | undefined {
  const location = parseAdsyncOption(options.adsync ?? 'none');
  return location === 'none' ? undefined : new PowerShellRunner(nodeSpawner, location);
}

/** The adapters for the kinds a plan holds; the directory is connected only when needed. */
export async function adaptersFor(
  kinds: ReadonlySet<string>,
  options: RunOptions,
): Promise<{ adapters: TargetAdapters; close: () => Promise<void> }> {
  let client: Client | undefined;
  if (kinds.has('attribute') || kinds.has('security-descriptor'))
    client = await connectDirectory(options);
  const runner = kinds.has('adsync-setting') ? adsyncRunner(options) : undefined;
  if (kinds.has('adsync-setting') && !runner) {
    throw new WizardError(
      'adsync-none',
      'The plan changes AD Connect settings, but --adsync is none.',
      'Run on the Connect server (--adsync local) or give --adsync remote:<server>.',
      ExitCode.usage,
    );
  }
  return {
    adapters: {
      file: fileAdapter(),
      ...(client
        ? {
            attribute: attributeAdapter(client),
            'security-descriptor': securityDescriptorAdapter(client),
          }
        : {}),
      ...(runner ? { 'adsync-setting': adsyncSettingAdapter(runner) } : {}),
    },
    close: async () => {
      await client?.unbind().catch(() => undefined);
    },
  };
}

/** Asks on the terminal; refuses (exit 2) without one. */
export async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw badInput(
      'confirm-no-terminal',
      'There is no terminal to confirm on.',
      'Review the plan with writeback show, then run again with --yes.',
    );
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
