/**
 * The layer rules of eslint.config.js fire: ESLint's Node API lints sample imports as if they
 * were in a given file of the engine, with the project's own configuration. Upward imports,
 * ldapts outside main/directory, commander outside main/cli and a shell that goes around
 * main/engine-api are errors; the imports the layers allow are not.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { placeOf } from '../../../scripts/lint/layers.js';
import { repo } from '../../support/writeback-cli';

const eslint = new ESLint({ cwd: repo });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'layers/only-down' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('the layer rules (npm run lint)', { timeout: 60_000 }, () => {
  it.each([
    ['main/directory/sample.ts', "import { x } from '../plan/journal';", /layers only point down/],
    ['main/entra/sample.ts', "import { x } from '../assess/assess-provider';", /only point down/],
    ['main/adsync/sample.ts', "import { x } from '../plan/target-adapter';", /only point down/],
    ['main/adsync/sample.ts', "import { x } from '../operations/registry';", /only point down/],
    ['main/directory/sample.ts', "import { x } from '../operations/kind';", /only point down/],
    ['main/operations/sample.ts', "import { x } from '../cli/options/run';", /only point down/],
    ['main/plan/sample.ts', "import { x } from '../cli/options/run';", /only point down/],
    // The plan engine knows no step, and the steps use only what it publishes for them.
    ['main/plan/sample.ts', "import { x } from '../steps/permissions';", /only point down/],
    ['main/plan/meaning/sample.ts', "import { x } from '../../steps/registry';", /only point down/],
    ['main/plan/sample.ts', "import { x } from '../readiness/assess-users';", /only point down/],
    ['main/operations/attribute/sample.ts', "import { x } from '../../steps/registry';", /down/],
    ['main/domain/sample.ts', "import { x } from '../plan/journal';", /only point down/],
    ['main/domain/sample.ts', "import { x } from '../readiness/reasons';", /only point down/],
    [
      'main/readiness/sample.ts',
      "import { x } from '../steps/permissions/plan-grants';",
      /through its folder's index\.ts/,
    ],
    [
      'main/steps/sample.ts',
      "import { x } from '../plan/journal';",
      /only through main\/plan\/step-api\.ts/,
    ],
    [
      'main/steps/min-password-age/sample.ts',
      "import { x } from '../../operations/file/adapter';",
      /only through main\/plan\/step-api\.ts and each kind's/,
    ],
    [
      'main/steps/sample.ts',
      "import { x } from '../operations/registry';",
      /only through main\/plan\/step-api\.ts and each kind's/,
    ],
    [
      'main/steps/min-password-age/sample.ts',
      "import { x } from '../../plan/apply';",
      /only through main\/plan\/step-api\.ts/,
    ],
    ['main/readiness/sample.ts', "import { x } from '../engine-api/session';", /only point down/],
    ['shared/sample.ts', "import { x } from '../main/plan/journal';", /only point down/],
    ['main/sysvol/sample.ts', "import { x } from '../directory/escape';", /stands alone/],
    ['main/platform/sample.ts', "import { x } from '../directory/escape';", /only point down/],
    ['main/directory/sample.ts', "import { x } from '../verify/verify';", /only point down/],
    ['main/shell/sample.ts', "import { x } from '../evidence/pack';", /only through/],
    [
      'main/shell/sample.ts',
      "import { x } from '../plan/journal';",
      /only through main\/engine-api/,
    ],
    ['main/dev-bridge/sample.ts', "import { x } from '../entra/sign-in';", /only through/],
    ['main/cli/sample.ts', "import { x } from '../engine-api/dispatch';", /only the shell/],
    [
      'main/steps/sample.ts',
      "import { x } from 'commander';",
      /Only main\/cli\/ may import commander/,
    ],
    [
      'main/readiness/sample.ts',
      "import { x } from 'ldapts';",
      /Only main\/directory\/ may import ldapts/,
    ],
    [
      'main/cli/sample.ts',
      "import { x } from 'ldapts';",
      /Only main\/directory\/ may import ldapts/,
    ],
    // The modules that once held a bare client are no exception any more: one door to AD.
    ...[
      'main/cli/commands/plan.ts',
      'main/cli/options/run.ts',
      'main/engine-api/session.ts',
      'main/plan/make-plan.ts',
      'main/readiness/ad-assess-provider.ts',
      'main/readiness/ad-context.ts',
      'main/readiness/ldap-users.ts',
      'main/steps/permissions/permissions-step.ts',
    ].map((file): [string, string, RegExp] => [
      file,
      "import { x } from 'ldapts';",
      /Only main\/directory\/ may import ldapts/,
    ]),
    ['main/directory/sample.ts', "import { x } from 'commander';", /commander/],
    [
      'main/plan/sample.ts',
      "import { x } from 'electron';",
      /Only main\/shell\/ may import Electron/,
    ],
  ])('%s: %s is an error', async (file, code, message) => {
    expect(await problems(file, code)).toContainEqual(expect.stringMatching(message));
  });

  it.each([
    ['main/cli/sample.ts', "import { x } from 'commander';"],
    ['main/cli/sample.ts', "import { x } from '../plan/journal';"],
    ['main/directory/sample.ts', "import { x } from 'ldapts';"],
    ['main/directory/sample.ts', "import { x } from '../../shared/plan';"],
    ['main/plan/sample.ts', "import { x } from '../directory/connect';"],
    ['main/steps/sample.ts', "import { x } from '../plan/step-api';"],
    ['main/steps/min-password-age/sample.ts', "import { x } from '../../operations/file';"],
    ['main/readiness/sample.ts', "import { x } from '../steps/permissions';"],
    ['main/operations/sample.ts', "import { x } from '../domain/writeback-rights';"],
    ['main/domain/sample.ts', "import { x } from '../directory/entry';"],
    ['main/engine-api/sample.ts', "import { x } from '../steps/make-plan';"],
    ['main/steps/permissions/sample.ts', "import { x } from '../min-password-age/read-policy';"],
    ['main/steps/permissions/sample.ts', "import { x } from '../../plan/step-api';"],
    ['main/readiness/sample.ts', "import { x } from '../plan/journal';"],
    ['main/plan/sample.ts', "import { x } from '../operations/registry';"],
    ['main/operations/sample.ts', "import { x } from '../directory/directory';"],
    ['main/shell/sample.ts', "import { x } from '../engine-api/host';"],
    ['main/engine-api/sample.ts', "import { x } from '../readiness/assess-users';"],
    ['main/directory/sample.ts', "import { x } from '../platform/tls-verification';"],
    ['main/shell/sample.ts', "import { x } from '../platform/tls-verification';"],
    ['main/verify/sample.ts', "import { x } from '../adsync/event-log';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it('places every folder of main/ in a layer, so none slips past the rule', () => {
    const folders = readdirSync(join(repo, 'main'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `main/${entry.name}`);
    expect(folders.length).toBeGreaterThan(10);
    const unplaced = folders.filter((folder) => !placeOf(repo, join(repo, folder, 'x.ts')));
    expect(unplaced).toEqual([]);
  });
});
