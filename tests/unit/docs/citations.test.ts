import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The repository owns its documents. What a comment, the README or a doc cites must be in the
 * repository: a path outside it (the team's reference shelf, a machine path), an issue number,
 * a doc name without its place in docs/, or a docs/domain-facts.md section that does not exist
 * is a dead link for whoever clones the repository. Every tracked text file is checked.
 */

const root = join(__dirname, '..', '..', '..');

/** The tracked files, as git lists them (node_modules is never tracked). */
function trackedFiles(): string[] {
  let listing: string;
  try {
    listing = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  } catch (error) {
    throw new Error(
      `This test lists the tracked files with git ls-files, which failed: ${String(error)}`,
      { cause: error },
    );
  }
  return listing
    .split('\0')
    .filter((path) => path !== '' && !path.startsWith('node_modules/'))
    .filter((path) => path !== 'package-lock.json' && existsSync(join(root, path)));
}

const codeFile = /\.(ts|tsx|js|mjs|cjs)$/;
const hashCommentFile = /(\.(py|ya?ml|sh)|^\.ci\/run)$/;

/**
 * The part of a file a person reads as prose: comments in code (block, JSDoc and line
 * comments), `#` comments in scripts and YAML, the whole text of Markdown. Other lines are
 * blanked, so line numbers still match.
 */
function proseOf(path: string, text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (path.endsWith('.md')) return lines;
  if (hashCommentFile.test(path))
    return lines.map((line) => (/^\s*#/.test(line) ? line : (/\s#\s.*$/.exec(line)?.[0] ?? '')));
  if (!codeFile.test(path)) return lines.map(() => '');
  let inBlock = false;
  return lines.map((line) => {
    const trimmed = line.trim();
    const wholeLine =
      inBlock || trimmed.startsWith('/*') || trimmed.startsWith('*') || trimmed.startsWith('//');
    const prose = wholeLine ? line : (/\s\/\/\s.*$|\/\*.*$/.exec(line)?.[0] ?? '');
    const open = line.lastIndexOf('/*');
    const close = line.lastIndexOf('*/');
    if (open >= 0 && open > close) inBlock = true;
    else if (close >= 0) inBlock = false;
    return prose;
  });
}

/** The section numbers of docs/domain-facts.md: `## 3. …` gives 3, `### 2.7 …` gives 2.7. */
function factSections(markdown: string): Set<string> {
  const sections = new Set<string>();
  for (const match of markdown.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)) sections.add(match[1]!);
  return sections;
}

// Built from parts so that this file does not cite them itself.
const shelf = ['shared', 'docs', ''].join('/');
const shelfOnlyDocs = ['style', 'engine-layout'].map((name) => `${name}.md`);
const machinePath = ['', 'work', ''].join('/');

/** Everything wrong with what one file cites, as `path:line: problem`; empty when all is in the repo. */
function citationProblems(
  path: string,
  text: string,
  repo: { readonly exists: (path: string) => boolean; readonly sections: ReadonlySet<string> },
): string[] {
  const problems: string[] = [];
  const report = (index: number, problem: string) =>
    problems.push(`${path}:${index + 1}: ${problem}`);
  proseOf(path, text).forEach((line, index) => {
    if (line.includes(shelf)) report(index, `cites ${shelf}…, which is outside the repository`);
    if (line.includes(machinePath)) report(index, `cites the machine path ${machinePath}…`);
    for (const name of shelfOnlyDocs)
      if (line.includes(name)) report(index, `cites ${name}, which is not in the repository`);
    for (const match of line.matchAll(/\b(?:issues?|pull request|PR)\s*#?\d+/gi))
      report(index, `cites "${match[0]}": say what it means, or cite a document in the repository`);
    if (!path.endsWith('.md')) {
      for (const match of line.matchAll(
        /(?<![\w/.-])(cli|domain-facts|product|architecture)(\.md)?(?=[\s,;:)"§]|$)/g,
      )) {
        if (
          match[2] !== undefined ||
          line
            .slice(match.index + match[0].length)
            .trimStart()
            .startsWith('§')
        )
          report(index, `cites ${match[0]} without its place: write docs/${match[1]}.md`);
      }
      for (const match of line.matchAll(/(?<![\w.-])([\w./-]+\.md)\b/g)) {
        const cited = match[1]!.replace(/^\.\//, '');
        // Already reported above: the shelf, or a doc named without its place in docs/.
        if (cited.includes(shelf) || /^(cli|domain-facts|product|architecture)\.md$/.test(cited))
          continue;
        if (!repo.exists(cited))
          report(index, `cites ${cited}, which is not a file of the repository`);
      }
    }
    for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!.split('#')[0]!;
      if (target === '' || /^[a-z][a-z+.-]*:/i.test(target)) continue;
      const resolved = posix.normalize(posix.join(posix.dirname(path), target));
      if (resolved.startsWith('../') || target.startsWith('/'))
        report(index, `links to ${target}, which is outside the repository`);
      else if (!repo.exists(resolved)) report(index, `links to ${target}, which does not exist`);
    }
    const facts =
      path === 'docs/domain-facts.md'
        ? /()((?:§\d+(?:\.\d+)?[\s,;and]*)+)/g
        : /domain-facts(?:\.md)?\)?\s*((?:§\d+(?:\.\d+)?[\s,;and]*)+)/g;
    for (const match of line.matchAll(facts)) {
      for (const section of match[match.length - 1]!.matchAll(/§(\d+(?:\.\d+)?)/g))
        if (!repo.sections.has(section[1]!))
          report(index, `cites docs/domain-facts.md §${section[1]}, which has no such section`);
    }
  });
  return problems;
}

describe('what the repository cites is in the repository', () => {
  const files = trackedFiles();
  const tracked = new Set(files);
  const folders = new Set(
    files.flatMap((file) => {
      const parents: string[] = [];
      for (let folder = posix.dirname(file); folder !== '.'; folder = posix.dirname(folder))
        parents.push(folder);
      return parents;
    }),
  );
  const repo = {
    exists: (path: string) => tracked.has(path) || folders.has(path.replace(/\/$/, '')),
    sections: factSections(readFileSync(join(root, 'docs', 'domain-facts.md'), 'utf8')),
  };

  it('finds the docs it expects: docs/cli.md, docs/domain-facts.md, docs/product.md', () => {
    for (const doc of ['docs/cli.md', 'docs/domain-facts.md', 'docs/product.md'])
      expect(tracked.has(doc), `${doc} is tracked`).toBe(true);
    expect([...repo.sections]).toEqual(
      expect.arrayContaining(['1', '2', '2.7', '3', '4', '5', '6', '7']),
    );
  });

  it('no tracked file cites a path outside the repository, an issue number or a missing doc section', () => {
    const problems: string[] = [];
    for (const path of files) {
      const full = join(root, path);
      if (statSync(full).size > 2_000_000) continue;
      const text = readFileSync(full, 'utf8');
      if (text.includes('\0')) continue;
      problems.push(...citationProblems(path, text, repo));
    }
    expect(problems).toEqual([]);
  });

  it('notices each kind of citation that would leave the repository', () => {
    const at = (path: string, text: string) => citationProblems(path, text, repo);
    const issue = ['issue', '6'].join(' ');
    expect(at('main/a.ts', `// The contract (${'..'}/${shelf}cli.md).`)).toEqual([
      `main/a.ts:1: cites ${shelf}…, which is outside the repository`,
    ]);
    expect(at('main/a.ts', `const x = 1; // see ${machinePath}notes`)).toHaveLength(1);
    expect(at('main/a.ts', `/**\n * The steps (${issue}, "Done when").\n */`)).toEqual([
      `main/a.ts:2: cites "${issue}": say what it means, or cite a document in the repository`,
    ]);
    expect(at('main/a.ts', '// Grant it (domain-facts §1).')).toEqual([
      'main/a.ts:1: cites domain-facts without its place: write docs/domain-facts.md',
    ]);
    expect(at('main/a.ts', '// The exit codes (cli.md, "Exit codes").')).toEqual([
      'main/a.ts:1: cites cli.md without its place: write docs/cli.md',
    ]);
    expect(at('main/a.ts', '// See docs/domain-facts.md §42 and docs/nowhere.md.')).toEqual([
      'main/a.ts:1: cites docs/nowhere.md, which is not a file of the repository',
      'main/a.ts:1: cites docs/domain-facts.md §42, which has no such section',
    ]);
    expect(at('main/a.ts', `// Styled after ${shelfOnlyDocs[0]}.`)).toHaveLength(2);
    expect(at('README.md', `Its contract is in [cli.md](../${shelf}cli.md).`)).toHaveLength(2);
    expect(at('docs/x.md', 'See [the lab](../scripts/lab/NOPE.md).')).toEqual([
      'docs/x.md:1: links to ../scripts/lab/NOPE.md, which does not exist',
    ]);
    // What is in the repository passes: code is not prose, and the docs cite each other.
    expect(
      at('main/a.ts', 'const label = `#${index} issue`; // docs/domain-facts.md §2.7, §3'),
    ).toEqual([]);
    expect(
      at('docs/x.md', 'See [cli.md](cli.md#exit-codes) and [facts §2](domain-facts.md).'),
    ).toEqual([]);
    expect(at('main/a.ts', `const message = '${issue}';`)).toEqual([]);
  });
});
