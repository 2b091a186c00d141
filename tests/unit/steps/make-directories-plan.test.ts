/**
 * makeDirectoriesPlan: a DC that is not in the forest the directories file names for it is
 * refused before any step reads it (the plan would label its operations with the wrong forest),
 * and the error says which entry; the Connect server's step runs once, naming no directory.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../shared/errors';
import { PowerShellRunner } from '../../../main/adsync/powershell-runner';
import { makeDirectoriesPlan } from '../../../main/steps/make-directories-plan';
import { forestDirectory } from './forest-double';

describe('makeDirectoriesPlan', () => {
  it("refuses a DC of another forest than its entry's, naming the entry", async () => {
    const error = await makeDirectoriesPlan({
      steps: ['permissions'],
      directories: [
        {
          forest: 'contoso.com',
          dc: 'ldaps://dc1.fabrikam.net',
          directory: async () =>
            forestDirectory([{ nc: 'DC=fabrikam,DC=net', dnsRoot: 'fabrikam.net' }]),
        },
      ],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'directory-forest-mismatch', exitCode: ExitCode.usage });
    expect((error as Error).message).toBe(
      'contoso.com: The directories file names ldaps://dc1.fabrikam.net for the forest contoso.com, but that DC is in the forest fabrikam.net.',
    );
  });

  it('plans the Connect server once, with no directory, and lists none when no step reads one', async () => {
    const state = readFileSync(
      new URL('../adsync/fixtures/read-state.json', import.meta.url),
      'utf8',
    );
    const runner = new PowerShellRunner(async () => ({ exitCode: 0, stdout: state, stderr: '' }), {
      kind: 'remote',
      host: 'aadc01',
    });
    let opened = 0;
    const plan = await makeDirectoriesPlan({
      steps: ['optional-features'],
      adsync: runner,
      directories: ['contoso.com', 'fabrikam.net'].map((forest) => ({
        forest,
        dc: `ldaps://dc1.${forest}`,
        directory: () => {
          opened += 1;
          return Promise.reject(new Error('not read'));
        },
      })),
    });
    expect(opened).toBe(0);
    expect(plan.source).toEqual({ adsync: 'remote:aadc01' });
    expect(plan.operations.map((op) => [op.kind, op.directory])).toEqual([
      ['adsync-setting', undefined],
    ]);
  });
});
