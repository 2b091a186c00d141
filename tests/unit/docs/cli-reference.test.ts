import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../main/cli/program';
import { REASON_KINDS } from '../../../main/readiness/reasons';

/**
 * docs/cli.md is the command line's reference: it must name every command and every option
 * commander defines, and no command that does not exist. The commands and options are read
 * from the program itself (main/cli/program.ts), so a flag added without its documentation
 * fails here. The reason codes scripts read in `assess --json` are checked the same way.
 */

const cliMd = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'cli.md'), 'utf8');

/** `### \`writeback sd decode|encode|explain\`` → its body, keyed by the command's first word. */
function commandSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = markdown.split(/^### /m).slice(1);
  for (const part of parts) {
    const title = /^`writeback ([a-z-]+)[^`]*`/.exec(part);
    if (title) sections.set(title[1]!, part.split(/^## /m)[0]!);
  }
  return sections;
}

/** The body of a `## ` section. */
function section(markdown: string, heading: string): string {
  const part = markdown.split(/^## /m).find((p) => p.startsWith(`${heading}\n`));
  if (part === undefined) throw new Error(`docs/cli.md has no "## ${heading}" section`);
  return part;
}

/**
 * Whether the doc gives `flag` for `command`: in the command's own section, or in a row of the
 * shared options whose "Accepted by" cell names the command, or under a shared heading that
 * says "(<command> only)".
 */
function documents(markdown: string, command: string, flag: string): boolean {
  const own = commandSections(markdown).get(command) ?? '';
  if (new RegExp(`${flag}(?![a-z-])`).test(own)) return true;
  const shared = section(markdown, 'Options shared by the commands');
  for (const block of shared.split(/^### /m)) {
    const onlyFor = /\(([a-z-]+) only\)/.exec(block.split('\n')[0]!)?.[1];
    for (const row of block.split('\n').filter((line) => line.startsWith('| `'))) {
      if (!new RegExp(`^\\| \`${flag}(?![a-z-])`).test(row)) continue;
      if (onlyFor === command) return true;
      const acceptedBy = row.split('|').at(-2) ?? '';
      if (acceptedBy.split(',').some((name) => name.trim() === command)) return true;
    }
  }
  return false;
}

/** Every (command path, long flag) commander defines, `--help` and `--version` aside. */
function definedOptions(program: Command): { command: string; flag: string }[] {
  const found: { command: string; flag: string }[] = [];
  const walk = (command: Command, top: string) => {
    for (const option of command.options) {
      if (option.long && option.long !== '--help' && option.long !== '--version')
        found.push({ command: top, flag: option.long });
    }
    for (const sub of command.commands) walk(sub, top);
  };
  for (const command of program.commands) walk(command, command.name());
  return found;
}

describe('docs/cli.md and the commands commander defines', () => {
  const program = buildProgram();

  it('has a section for every command, and none for a command that does not exist', () => {
    const documented = [...commandSections(cliMd).keys()].sort();
    const defined = program.commands.map((c) => c.name()).sort();
    expect(documented).toEqual(defined);
  });

  it('documents every option of every command', () => {
    const options = definedOptions(program);
    expect(options.length).toBeGreaterThan(30);
    const missing = options
      .filter(({ command, flag }) => !documents(cliMd, command, flag))
      .map(({ command, flag }) => `${command} ${flag}`);
    expect(missing).toEqual([]);
  });

  it('notices an option or a command the doc does not give', () => {
    expect(documents(cliMd, 'assess', '--dc')).toBe(true);
    expect(documents(cliMd, 'assess', '--no-graph')).toBe(true);
    // Shared rows say which commands take them: every connecting command takes them all
    // (one array of flags for assess, plan, apply, rollback, finish); runs and show take none.
    expect(documents(cliMd, 'apply', '--account')).toBe(true);
    expect(documents(cliMd, 'plan', '--no-graph')).toBe(true);
    expect(documents(cliMd, 'show', '--dc')).toBe(false);
    expect(documents(cliMd, 'show', '--no-graph')).toBe(false);
    // A prefix is not the option: --journal is not --journal-dir.
    expect(documents(cliMd, 'apply', '--journal-dir')).toBe(false);
    expect(documents(cliMd, 'show', '--verbose')).toBe(false);
    const withoutRuns = cliMd.replace(/^### `writeback runs`[\s\S]*?(?=^### )/m, '');
    expect([...commandSections(withoutRuns).keys()]).not.toContain('runs');
    expect(documents(withoutRuns, 'runs', '--all')).toBe(false);
  });
});

describe('docs/cli.md and the reason codes of assess --json', () => {
  it('lists every reason code with its severity, and no other', () => {
    const table = section(cliMd, 'JSON output');
    const rows = [...table.matchAll(/^\| `([a-z-]+)` \| (blocker|warning) \|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(rows.sort()).toEqual(REASON_KINDS.map((k) => `${k.code} ${k.severity}`).sort());
  });
});
