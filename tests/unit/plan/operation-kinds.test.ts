/**
 * Operations by kind: every kind the plan schema's union names has its folder in
 * main/operations/ and its line in the registry, and the plan engine (main/plan/) and the faces
 * that apply plans name no kind: what a kind knows is asked of the registry. The source scan
 * proves itself first: it finds each kind's name in that kind's own folder, so an empty or
 * broken pattern fails instead of passing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationKinds, operationSchema } from '../../../shared/plan';
import { operationKindModules } from '../../../main/operations/registry';
import { repo } from '../../support/writeback-cli';

function sources(folder: string): string[] {
  return readdirSync(join(repo, folder)).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(join(repo, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const read = (path: string): string => readFileSync(join(repo, path), 'utf8');

/** Where a source names a kind: the kind's name as a string literal. */
function kindMentions(text: string, kinds: readonly string[]): string[] {
  const names = kinds.map((kind) => kind.replace(/-/g, '\\-')).join('|');
  // A test or a switch on a kind (`.kind === 'file'`, `case 'file':`) names it as a literal.
  return [...text.matchAll(new RegExp(`(['"\`])(${names})\\1`, 'g'))].map((match) => match[0]);
}

/** The module paths a source imports (relative to the repo). */
function importsOf(path: string): string[] {
  const text = read(path);
  const folder = join(repo, path, '..');
  return [...text.matchAll(/from\s+'(\.[^']+)'/g)].map((match) =>
    relative(repo, join(folder, match[1]!)),
  );
}

describe('operations by kind', () => {
  it('the registry has exactly the kinds of the plan schema, each under its own name', () => {
    const inSchema = operationSchema.options.map((option) => option.shape.kind.value);
    expect(inSchema.length).toBeGreaterThanOrEqual(4);
    expect([...operationKinds].sort()).toEqual([...inSchema].sort());
    expect(Object.keys(operationKindModules).sort()).toEqual([...inSchema].sort());
    for (const [name, module] of Object.entries(operationKindModules)) {
      expect(module.kind).toBe(name);
      // The journal's before-images are checked with the schema's own image shape.
      const option = operationSchema.options.find((o) => o.shape.kind.value === name)!;
      expect(module.image).toBe(option.shape.before);
    }
  });

  it('each kind is one folder in main/operations/ and one file in shared/plan/kinds/', () => {
    for (const kind of operationKinds) {
      const folder = `main/operations/${kind}`;
      expect(sources(folder)).toContain(`${folder}/index.ts`);
      expect(read('main/operations/registry.ts')).toMatch(new RegExp(`from '\\./${kind}';`));
      expect(read(`shared/plan/kinds/${kind}.ts`)).toContain(`z.literal('${kind}')`);
      // The scan below would see this kind: its folder names it.
      expect(kindMentions(read(`${folder}/index.ts`), [kind])).toContain(`'${kind}'`);
    }
  });

  it('the plan engine names no kind and reaches kinds only through the registry', () => {
    const engine = sources('main/plan');
    for (const file of [
      'apply.ts',
      'rollback.ts',
      'recover.ts',
      'plan-file.ts',
      'plan-meaning.ts',
      'format-plan.ts',
      'journal-record.ts',
      'fingerprint.ts',
      'target-adapter.ts',
    ]) {
      expect(engine).toContain(`main/plan/${file}`);
    }
    const offending = engine.flatMap((path) =>
      kindMentions(read(path), operationKinds).map((mention) => `${path}: ${mention}`),
    );
    expect(offending).toEqual([]);
    const kindFolders = operationKinds.map((kind) => `main/operations/${kind}`);
    const reachingIn = engine.flatMap((path) =>
      importsOf(path)
        .filter((target) => kindFolders.some((folder) => target.startsWith(folder)))
        .map((target) => `${path} imports ${target}`),
    );
    expect(reachingIn).toEqual([]);
    // And they do consult it: validation, meaning, the printed plan, reads and writes.
    for (const file of ['plan-file', 'plan-meaning', 'format-plan', 'target-adapter']) {
      expect(importsOf(`main/plan/${file}.ts`)).toContain('main/operations/registry');
    }
    for (const file of ['apply', 'rollback', 'recover']) {
      expect(importsOf(`main/plan/${file}.ts`)).toContain('main/plan/target-adapter');
    }
  });

  it('the faces that apply plans, and the evidence pack, name no kind either', () => {
    const files = [
      'main/cli/options/run.ts',
      ...sources('main/cli/commands'),
      ...sources('main/engine-api'),
      ...sources('main/evidence'),
      'renderer/src/components/diff/operation-view.tsx',
    ];
    const offending = files.flatMap((path) =>
      kindMentions(read(path), operationKinds).map((mention) => `${path}: ${mention}`),
    );
    expect(offending).toEqual([]);
  });
});
