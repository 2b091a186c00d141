import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { connectionFromFlags } from '../../../main/cli/options/connection';
import { addSharedOptions } from '../../../main/cli/options/shared';

const noTty = { env: {}, isTty: false, prompt: () => Promise.reject(new Error('no prompt')) };

describe('connection options', () => {
  it('parses the flags and takes the password from the named variable', async () => {
    const program = addSharedOptions(new Command()).exitOverride();
    program.parse(
      ['--dc', 'ldaps://dc1', '--bind-user', 'a@b', '--password-env', 'PW', '--ca', 'ca.pem'],
      { from: 'user' },
    );
    const options = await connectionFromFlags(program.opts(), { ...noTty, env: { PW: 's3cret' } });
    expect(options).toEqual({
      url: 'ldaps://dc1',
      bindUser: 'a@b',
      password: 's3cret',
      caFile: 'ca.pem',
    });
  });
  it('without --password-env and no terminal: exit 2 saying what to do', async () => {
    const error = await connectionFromFlags({ dc: 'ldaps://dc1', bindUser: 'a@b' }, noTty).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'password-missing', exitCode: 2 });
  });
  it('prompts on a terminal', async () => {
    const options = await connectionFromFlags(
      { dc: 'ldaps://dc1', bindUser: 'a@b' },
      { env: {}, isTty: true, prompt: () => Promise.resolve('typed') },
    );
    expect(options.password).toBe('typed');
  });
  it('an empty variable, a missing --dc and --ca with --tls-fingerprint are exit 2', async () => {
    await expect(
      connectionFromFlags({ dc: 'ldaps://dc1', bindUser: 'a@b', passwordEnv: 'PW' }, noTty),
    ).rejects.toMatchObject({ code: 'password-env-empty', exitCode: 2 });
    await expect(connectionFromFlags({ bindUser: 'a@b' }, noTty)).rejects.toMatchObject({
      exitCode: 2,
    });
    await expect(
      connectionFromFlags(
        { dc: 'x', bindUser: 'a', ca: 'c', tlsFingerprint: 'f', passwordEnv: 'P' },
        { ...noTty, env: { P: 'p' } },
      ),
    ).rejects.toMatchObject({ code: 'tls-options-conflict' });
  });
  it('there is no option that takes a password', () => {
    const program = addSharedOptions(new Command());
    expect(program.options.map((o) => o.long)).not.toContain('--password');
  });
});
