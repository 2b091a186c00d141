/**
 * The AD connection every command that talks to a DC opens from its flags (--dc, --bind-user,
 * --password-env, --ca, --tls-fingerprint; declared in flags.ts). The password comes from the
 * environment variable named by --password-env, or a no-echo prompt on a terminal; never from
 * an argument (it would land in shell history and the process list), never logged.
 */
import { badInput } from '../../../shared/errors';
import type { DirectoryOptions } from '../../directory/connect';

export interface ConnectionFlags {
  readonly dc?: string;
  readonly bindUser?: string;
  readonly passwordEnv?: string;
  readonly ca?: string;
  readonly tlsFingerprint?: string;
  readonly account?: string;
}

export interface PasswordSource {
  readonly env: NodeJS.ProcessEnv;
  readonly isTty: boolean;
  /** Reads a line without echo (only called when isTty). */
  readonly prompt: (question: string) => Promise<string>;
}

/** The password: from --password-env, else a no-echo prompt on a TTY, else exit 2. */
export async function readPassword(
  flags: ConnectionFlags,
  source: PasswordSource,
): Promise<string> {
  if (flags.passwordEnv) {
    const value = source.env[flags.passwordEnv];
    // Read once, then gone: no child process, crash dump or later code can find it there.
    delete source.env[flags.passwordEnv];
    if (!value) {
      throw badInput(
        'password-env-empty',
        `The environment variable ${flags.passwordEnv} is not set, or is empty (--password-env names it).`,
        `Set ${flags.passwordEnv} to the password of --bind-user before running the command.`,
      );
    }
    return value;
  }
  if (!source.isTty) {
    throw badInput(
      'password-missing',
      'No password for --bind-user: --password-env is not given and there is no terminal to ask on.',
      'Put the password in an environment variable and name it with --password-env <VAR> (a password is never taken as an argument).',
    );
  }
  const value = await source.prompt(`Password for ${flags.bindUser ?? 'the bind user'}: `);
  if (!value)
    throw badInput(
      'password-missing',
      'No password was typed.',
      'Run the command again and type the password.',
    );
  return value;
}

/** A no-echo prompt on the process's terminal. */
export function terminalPrompt(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(
            badInput(
              'password-cancelled',
              'The password prompt was cancelled.',
              'Run the command again.',
            ),
          );
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

/** DirectoryOptions from the flags; --dc and --bind-user are required. */
export async function connectionFromFlags(
  flags: ConnectionFlags,
  source: PasswordSource = {
    env: process.env,
    isTty: Boolean(process.stdin.isTTY),
    prompt: terminalPrompt,
  },
): Promise<DirectoryOptions> {
  if (!flags.dc || !flags.bindUser) {
    throw badInput(
      'connection-options-missing',
      `${!flags.dc ? '--dc' : '--bind-user'} is required to reach Active Directory.`,
      'Give --dc ldaps://<dc> --bind-user <upn|dn> --password-env <VAR>.',
    );
  }
  if (flags.ca && flags.tlsFingerprint) {
    throw badInput(
      'tls-options-conflict',
      '--ca and --tls-fingerprint were both given.',
      'Use --ca to trust the issuing CA, or --tls-fingerprint to pin the certificate, not both.',
    );
  }
  return {
    url: flags.dc,
    bindUser: flags.bindUser,
    password: await readPassword(flags, source),
    ...(flags.ca ? { caFile: flags.ca } : {}),
    ...(flags.tlsFingerprint ? { tlsFingerprint: flags.tlsFingerprint } : {}),
  };
}
