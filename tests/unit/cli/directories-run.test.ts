/**
 * apply, rollback and finish with --directories refuse what they cannot write in the right
 * domain before any password is read or anything connects: a plan whose operations are in a
 * forest the directories file does not list, a plan over several directories given one --dc, a
 * one-domain plan given a directories file. The password variables are left unset, so a refusal
 * that came after reading them would be a password error instead.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, WizardError } from '../../../shared/errors';
import { adaptersForRun } from '../../../main/cli/options/directories-run';
import { commandAgain } from '../../../main/cli/options/command-again';
import { validatePlan } from '../../../main/plan/plan-file';
import { legitPlan } from '../security/legit-plan';
import { twoDirectories } from '../plan/two-directories-plan';

const dir = mkdtempSync(join(tmpdir(), 'wb-dirs-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(forests: readonly string[]): string {
  const path = join(dir, `${forests.join('+')}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      formatVersion: 1,
      directories: forests.map((forest) => ({
        forest,
        dc: `ldaps://dc1.${forest}`,
        bindUser: `admin@${forest}`,
        passwordEnv: `WB_UNSET_${forest.replace(/\W/g, '_').toUpperCase()}`,
      })),
    }),
  );
  return path;
}

async function refusal(run: Promise<unknown>): Promise<WizardError> {
  const error = await run.then(
    () => new Error('accepted'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WizardError);
  return error as WizardError;
}

const plan = validatePlan(twoDirectories());
const all = plan.operations.map((_, index) => index);

describe('apply, rollback, finish --directories: refused before anything is read or written', () => {
  it('a forest of the plan the file does not list: exit 2, naming it, no password read', async () => {
    const error = await refusal(
      adaptersForRun(plan, all, { directories: file(['contoso.test']), adsync: 'none' }),
    );
    expect([error.code, error.exitCode]).toEqual(['directory-not-given', ExitCode.usage]);
    expect(error.message).toContain('lists no forest fabrikam.test');
    expect(error.message).toContain('Nothing was written');
    expect(error.fix).toContain('Add that forest to the directories file');
  });

  it('only the directories of the operations asked for are needed (a rollback of CONTOSO only)', async () => {
    const contosoOnly = all.filter((i) => plan.operations[i]!.directory?.domain === 'contoso.test');
    // FABRIKAM is not needed: the refusal, if any, is about CONTOSO's unset password.
    const error = await refusal(
      adaptersForRun(plan, contosoOnly, { directories: file(['contoso.test']), adsync: 'none' }),
    );
    expect(error.code).toBe('password-env-empty');
    expect(error.message).toContain('WB_UNSET_CONTOSO_TEST');
  });

  it('a plan over several directories with one --dc, and a one-domain plan with a file', async () => {
    const oneDc = await refusal(
      adaptersForRun(plan, all, { dc: 'ldaps://dc1.contoso.test', bindUser: 'admin' }),
    );
    expect([oneDc.code, oneDc.exitCode]).toEqual(['directories-missing', ExitCode.usage]);
    expect(oneDc.message).toContain('contoso.test, fabrikam.test');
    const single = validatePlan(legitPlan());
    const withFile = await refusal(
      adaptersForRun(single, [0], { directories: file(['contoso.test']) }),
    );
    expect(withFile.code).toBe('directories-one-domain-plan');
  });

  it('the rollback command a run prints carries its directories file, never a --dc', () => {
    expect(commandAgain('rollback', '/j.jsonl', { directories: '/d.json' }, plan)).toBe(
      'writeback rollback "/j.jsonl" --directories "/d.json"',
    );
    expect(commandAgain('rollback', '/j.jsonl', {}, plan)).toBe(
      'writeback rollback "/j.jsonl" --directories <directories.json>',
    );
  });
});
