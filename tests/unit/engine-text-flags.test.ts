/**
 * Engine text never spells a command-line flag: outside main/cli (the command line's face),
 * every string literal and template text in main/ and shared/ is read with the TypeScript
 * parser (comments are not strings, so they may name flags) and none may hold `--something`.
 * A fix names a field (shared/fields.ts) and each face words it; a flag in engine text would
 * reach the app, which has none. Commands of other tools, quoted for the admin to run, keep
 * theirs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repo } from '../support/writeback-cli';

/** A flag as an admin would type it: two dashes and a word, not inside another word. */
const flagLike = /(?:^|[\s("'`[])--[a-z][a-z0-9-]*/;

/** Other tools' commands the engine quotes for the admin to run: their flags are theirs. */
const otherTools = [/\baz account get-access-token --resource-type ms-graph\b/];

/**
 * Modules whose text still names a flag and moves to fields with the work that owns them (the
 * plan engine's refusals, the evidence pack). This list only shrinks.
 */
const notYetWorded = new Set([
  'main/plan/plan-file.ts',
  'main/plan/plan-meaning.ts',
  'main/evidence/pack.ts',
]);

function sourceFiles(folder: string): string[] {
  return readdirSync(join(repo, folder), { withFileTypes: true, recursive: true })
    .filter(
      (entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'),
    )
    .map((entry) => relative(repo, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** Every string literal and template text of a file, with its line. */
function stringsOf(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(repo, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push({ line, text: node.text });
    }
    // An import's module name is not text anyone reads.
    if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node))
      ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function flagsIn(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const { line, text } of stringsOf(file)) {
      // A process argument ('--preserve=all') is not text anyone reads.
      if (/^--[a-z][a-z0-9-]*(=\S*)?$/.test(text)) continue;
      const rest = otherTools.reduce((t, tool) => t.replace(tool, ''), text);
      const flag = flagLike.exec(rest);
      if (flag) found.push(`${file}:${line}: ${flag[0].trim()}`);
    }
  }
  return found;
}

describe('engine text names fields, not flags', () => {
  const engine = [...sourceFiles('main'), ...sourceFiles('shared')].filter(
    (file) => !file.startsWith('main/cli/'),
  );

  it('reads the whole engine', () => {
    expect(engine.length).toBeGreaterThan(150);
    expect(engine).toContain('main/engine-api/dispatch.ts');
    expect(engine).toContain('shared/fields.ts');
  });

  it('no string in main/ (outside main/cli) or shared/ spells a flag', () => {
    expect(flagsIn(engine.filter((file) => !notYetWorded.has(file)))).toEqual([]);
  });

  it('finds a flag where there is one, and none in a comment', () => {
    expect(flagsIn(['main/cli/commands/plan.ts']).length).toBeGreaterThan(0);
    expect(flagsIn(['main/engine-api/directory-handlers.ts'])).toEqual([]);
    expect(readFileSync(join(repo, 'main/engine-api/directory-handlers.ts'), 'utf8')).toMatch(
      /\/\*\*[^\n]*--account/,
    );
  });

  it('lists as not yet worded only modules that still spell a flag', () => {
    for (const file of notYetWorded) expect(flagsIn([file]), file).not.toEqual([]);
  });
});
