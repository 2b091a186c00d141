import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directoriesFromFile } from '../../../main/cli/options/directories';

const dir = mkdtempSync(join(tmpdir(), 'wb-dirs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(directories: object[]): string {
  const path = join(dir, `d${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ formatVersion: 1, directories }));
  return path;
}
const forest = (name: string, passwordEnv: string) => ({
  forest: name,
  dc: `ldaps://dc1.${name}`,
  bindUser: `admin@${name}`,
  passwordEnv,
});
const noTerminal = (env: NodeJS.ProcessEnv) => ({
  env,
  isTty: false,
  prompt: () => Promise.reject(new Error('no prompt')),
});

describe('assess --directories options', () => {
  it('reads each forest with its own password, once per variable, and removes it from the environment', async () => {
    const env: NodeJS.ProcessEnv = { A_PW: 'alpha', B_PW: 'bravo', OTHER: 'kept' };
    const path = file([
      {
        ...forest('contoso.test', 'A_PW'),
        account: 'MSOL_1',
        scope: ['OU=Staff,DC=contoso,DC=test'],
        sysvol: '/mnt/sysvol/contoso.test',
      },
      forest('fabrikam.test', 'B_PW'),
      forest('tailspin.test', 'A_PW'),
    ]);
    const directories = await directoriesFromFile(path, { pageSize: 50 }, noTerminal(env));
    expect(directories.map((d) => [d.forest, d.options.dc, d.options.password])).toEqual([
      ['contoso.test', 'ldaps://dc1.contoso.test', 'alpha'],
      ['fabrikam.test', 'ldaps://dc1.fabrikam.test', 'bravo'],
      ['tailspin.test', 'ldaps://dc1.tailspin.test', 'alpha'],
    ]);
    expect(directories[0]!.options).toMatchObject({
      account: 'MSOL_1',
      scopes: ['OU=Staff,DC=contoso,DC=test'],
      sysvol: '/mnt/sysvol/contoso.test',
      pageSize: 50,
    });
    expect(directories[1]!.options).not.toHaveProperty('sysvol');
    expect(env).toEqual({ OTHER: 'kept' });
  });

  it('a variable that is not set names the forest and the variable, never a value (exit 2)', async () => {
    const path = file([forest('contoso.test', 'A_PW'), forest('fabrikam.test', 'MISSING_PW')]);
    await expect(
      directoriesFromFile(path, { pageSize: 1 }, noTerminal({ A_PW: 'alpha' })),
    ).rejects.toMatchObject({
      code: 'password-env-empty',
      exitCode: 2,
      message: expect.stringMatching(/MISSING_PW .*fabrikam\.test/),
    });
  });

  it('refuses per-forest flags beside the file, and a file that cannot be read (exit 2)', async () => {
    const path = file([forest('contoso.test', 'A_PW')]);
    await expect(
      directoriesFromFile(path, { pageSize: 1, dc: 'ldaps://x', scope: ['OU=a'] }, noTerminal({})),
    ).rejects.toMatchObject({
      code: 'directories-and-dc',
      message: expect.stringContaining('--dc, --scope'),
    });
    await expect(
      directoriesFromFile(join(dir, 'none.json'), { pageSize: 1 }, noTerminal({})),
    ).rejects.toMatchObject({ code: 'directories-file-unreadable', exitCode: 2 });
  });
});
