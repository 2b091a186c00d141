/**
 * The connection options plan, apply and rollback share (cli.md, "Options shared by the
 * commands"), turned into the target adapters a run needs. The password only ever comes from
 * the environment variable named by --password-env or a no-echo prompt on a terminal.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Client } from 'ldapts';
import { badInput, ExitCode, WizardError } from '../../shared/errors';
import { adsyncSettingAdapter } from '../adsync/adsync-adapter';
import { parseAdsyncOption, PowerShellRunner, type Spawner } from '../adsync/powershell-runner';
import { attributeAdapter } from './adapters/attribute-adapter';
import { fileAdapter } from './adapters/file-adapter';
import { securityDescriptorAdapter } from './adapters/security-descriptor-adapter';
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

export function addRunOptions(command: Command): Command {
  return command
    .option('--dc <url>', 'ldaps://host[:port], or ldap://host[:port] with mandatory StartTLS')
    .option('--bind-user <upn|dn>', 'the account that reads and changes AD')
    .option(
      '--password-env <VAR>',
      'the environment variable holding its password (else a no-echo prompt)',
    )
    .option('--ca <file.pem>', 'trust this CA in addition to the system store')
    .option('--tls-fingerprint <sha256>', "pin the DC's certificate instead")
    .option('--sysvol <path>', 'the domain SYSVOL folder that holds Policies')
    .option(
      '--adsync <where>',
      'local | none | remote:<host>',
      process.platform === 'win32' ? 'local' : 'none',
    );
}

export async function connectDirectory(options: RunOptions): Promise<Client> {
  if (!options.dc || !options.bindUser) {
    throw badInput(
      'dc-missing',
      'This needs the directory, but --dc or --bind-user is missing.',
      'Give --dc ldaps://<dc> --bind-user <upn> --password-env <VAR>.',
    );
  }
  let caPem: string | undefined;
  if (options.ca) {
    caPem = await readFile(options.ca, 'utf8').catch((error: unknown) => {
      throw badInput(
        'ca-unreadable',
        `Cannot read --ca ${options.ca}: ${(error as NodeJS.ErrnoException).code}.`,
        'Give the PEM file of the CA that issued the DC certificate.',
      );
    });
  }
  return connectLdap({
    url: options.dc,
    bindUser: options.bindUser,
    password: await readPassword(options.passwordEnv),
    ...(caPem ? { caPem } : {}),
    ...(options.tlsFingerprint ? { tlsFingerprint: options.tlsFingerprint } : {}),
  });
}

async function readPassword(variable: string | undefined): Promise<string> {
  if (variable) {
    const value = process.env[variable];
    if (!value)
      throw badInput(
        'password-env-empty',
        `The environment variable ${variable} (--password-env) is not set or empty.`,
        `Set ${variable} to the bind account's password.`,
      );
    return value;
  }
  if (!process.stdin.isTTY) {
    throw badInput(
      'password-missing',
      'No password: --password-env is not given and there is no terminal to ask on.',
      'Give --password-env <VAR> with the password in that variable.',
    );
  }
  return promptHidden('Password: ');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          done();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          done();
          reject(
            badInput(
              'password-cancelled',
              'Cancelled at the password prompt.',
              'Run the command again.',
            ),
          );
          return;
        }
        value = char === '\u007f' ? value.slice(0, -1) : value + char;
      }
    };
    const done = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    input.on('data', onData);
  });
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
