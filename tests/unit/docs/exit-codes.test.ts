import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../shared/errors';

/**
 * The exit codes are declared once, in shared/errors.ts, and documented once, in the table under
 * "## Exit codes" of docs/cli.md. Scripts read the documentation; the code decides. This test
 * keeps the two the same both ways: every declared code documented under its name, and no
 * documented code the code does not declare.
 */

const cliMd = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'cli.md'), 'utf8');

interface DocumentedCode {
  readonly code: number;
  readonly name: string;
  readonly meaning: string;
}

/** The rows `| 3 | \`connect\` | meaning |` of the table under the given `## ` heading. */
function exitCodeTable(markdown: string, heading = 'Exit codes'): DocumentedCode[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) throw new Error(`docs/cli.md has no "## ${heading}" section`);
  const end = lines.findIndex((line, index) => index > start && /^#{1,2} /.test(line));
  const rows: DocumentedCode[] = [];
  for (const line of lines.slice(start + 1, end < 0 ? undefined : end)) {
    const cells = /^\|\s*(\d+)\s*\|\s*`([A-Za-z]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (cells) rows.push({ code: Number(cells[1]), name: cells[2]!, meaning: cells[3]!.trim() });
  }
  return rows;
}

/** What differs between the documented table and the declared codes, in words; empty when they agree. */
function exitCodeMismatches(
  documented: readonly DocumentedCode[],
  declared: Readonly<Record<string, number>>,
): string[] {
  const problems: string[] = [];
  for (const [name, code] of Object.entries(declared)) {
    const row = documented.find((r) => r.code === code);
    if (!row) problems.push(`exit code ${code} (${name}) is declared but not documented`);
    else if (row.name !== name)
      problems.push(`exit code ${code} is documented as "${row.name}" but declared as "${name}"`);
  }
  const declaredCodes = new Set(Object.values(declared));
  for (const row of documented) {
    if (!declaredCodes.has(row.code))
      problems.push(`exit code ${row.code} (${row.name}) is documented but not declared`);
    if (row.meaning === '') problems.push(`exit code ${row.code} has no meaning documented`);
  }
  const seen = new Set<number>();
  for (const row of documented) {
    if (seen.has(row.code)) problems.push(`exit code ${row.code} is documented twice`);
    seen.add(row.code);
  }
  return problems;
}

describe('exit codes: docs/cli.md and shared/errors.ts', () => {
  it('document every declared exit code under its name, and no other', () => {
    const documented = exitCodeTable(cliMd);
    expect(documented.length).toBeGreaterThan(0);
    expect(exitCodeMismatches(documented, ExitCode)).toEqual([]);
    expect(documented.map((r) => r.code)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });

  it('notices a code missing from either side, renamed, documented twice or left unexplained', () => {
    const documented = exitCodeTable(cliMd);
    const withoutPartial = documented.filter((r) => r.name !== 'partial');
    expect(exitCodeMismatches(withoutPartial, ExitCode)).toEqual([
      'exit code 5 (partial) is declared but not documented',
    ]);
    expect(exitCodeMismatches(documented, { ...ExitCode, cancelled: 6 })).toEqual([
      'exit code 6 (cancelled) is declared but not documented',
    ]);
    const { drift: _drift, ...withoutDrift } = ExitCode;
    expect(exitCodeMismatches(documented, withoutDrift)).toEqual([
      'exit code 4 (drift) is documented but not declared',
    ]);
    expect(exitCodeMismatches(documented, { ...ExitCode, usage: 7, badInput: 2 })).toEqual([
      'exit code 7 (usage) is declared but not documented',
      'exit code 2 is documented as "usage" but declared as "badInput"',
    ]);
    expect(
      exitCodeMismatches([...documented, { code: 1, name: 'failed', meaning: '' }], ExitCode),
    ).toEqual(['exit code 1 has no meaning documented', 'exit code 1 is documented twice']);
  });

  it('reads only the rows of the "Exit codes" table', () => {
    const markdown = [
      '## Something else',
      '| 9 | `elsewhere` | not an exit code |',
      '## Exit codes',
      '| code | name | meaning |',
      '|---|---|---|',
      '| 0 | `done` | Done. |',
      '| 2 | `usage` | Bad input. |',
      '## After',
      '| 8 | `after` | not one either |',
    ].join('\n');
    expect(exitCodeTable(markdown)).toEqual([
      { code: 0, name: 'done', meaning: 'Done.' },
      { code: 2, name: 'usage', meaning: 'Bad input.' },
    ]);
    expect(() => exitCodeTable('# No table here')).toThrow(/no "## Exit codes" section/);
  });
});
