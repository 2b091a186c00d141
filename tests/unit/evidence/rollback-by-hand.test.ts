/**
 * The rollback-by-hand page and the README of an evidence pack: the rollback command carries its
 * connection and is quoted for the shell it is written for (a journal path or DN with a space, a
 * quote, a typographic quote, a comma escape stays one word, exactly itself), the by-hand
 * commands quote the DN for PowerShell, and the README lists only what the pack holds.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { planFormatVersion, type Plan } from '../../../shared/plan';
import { psQuote, shQuote } from '../../../shared/text/shell-quote';
import { applyPlan } from '../../../main/plan/apply';
import { attributeOperation } from '../../../main/operations/attribute';
import type { TargetAdapter } from '../../../main/operations/kind';
import { processTestTimeoutMs, writeback } from '../../support/writeback-cli';

vi.setConfig({ testTimeout: processTestTimeoutMs });

/** A PSO named by an admin: a space, an ASCII and a typographic quote, an escaped comma. */
const dn = "CN=O'Brien\\, Pat ’Q,CN=Password Settings Container,CN=System,DC=contoso,DC=test";

/** What sh makes of a command line: the words a `writeback` function receives. */
function shWords(line: string): string[] {
  const run = spawnSync('sh', ['-c', `writeback() { printf '%s\\n' "$@"; }; ${line}`], {
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.replace(/\n$/, '').split('\n');
}

/**
 * PowerShell's reading of a single-quoted literal (its tokenizer's rule): any of ' ‘ ’ ‚ ‛
 * ends the string unless the next character is one of them too, which is then taken as is.
 */
function psLiteral(quoted: string): string {
  const marks = /['\u2018\u2019\u201a\u201b]/;
  expect(marks.test(quoted[0]!)).toBe(true);
  let value = '';
  for (let i = 1; i < quoted.length; i += 1) {
    if (marks.test(quoted[i]!)) {
      if (i + 1 < quoted.length && marks.test(quoted[i + 1]!)) {
        value += quoted[i + 1];
        i += 1;
        continue;
      }
      expect(i, `the literal ends early in ${quoted}`).toBe(quoted.length - 1);
      return value;
    }
    value += quoted[i];
  }
  throw new Error(`unterminated literal ${quoted}`);
}

describe('quoting for sh and PowerShell', () => {
  it('keeps a DN with a space, quotes and a comma escape one word, exactly itself', () => {
    expect(shWords(`writeback ${shQuote(dn)} ${shQuote('$HOME `id` \\n')}`)).toEqual([
      dn,
      '$HOME `id` \\n',
    ]);
    expect(psQuote(dn)).toBe(
      "'CN=O''Brien\\, Pat ’’Q,CN=Password Settings Container,CN=System,DC=contoso,DC=test'",
    );
    expect(psLiteral(psQuote(dn))).toBe(dn);
    expect(psLiteral(psQuote('‘a’‚b‛'))).toBe('‘a’‚b‛');
  });
});

describe('ROLLBACK-BY-HAND.md and README.txt', () => {
  it('spells the rollback with its connection for sh and PowerShell, quotes the DN, and lists only what the pack holds', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-by-hand-'));
    const values = new Map([[dn, ['-864000000000']]]);
    const attribute: TargetAdapter<'attribute'> = {
      kind: 'attribute',
      read: async (op) => [...(values.get(op.target) ?? [])],
      write: async (op, image) => void values.set(op.target, [...image]),
    };
    const plan: Plan = {
      formatVersion: planFormatVersion,
      createdAt: new Date().toISOString(),
      source: { baseDn: 'DC=contoso,DC=test', dc: 'ldaps://dc1.contoso.test' },
      steps: ['min-password-age'],
      operations: [
        attributeOperation({
          step: 'min-password-age',
          summary: 'PSO minimum password age 1 day → none',
          dn,
          attribute: 'msDS-MinimumPasswordAge',
          before: ['-864000000000'],
          after: ['0'],
        }),
      ],
      notes: [],
    };
    const applied = join(folder, 'run.jsonl');
    await applyPlan(plan, { adapters: { attribute }, journalPath: applied });
    // A journal wherever the admin keeps it: a folder with a space and a quote in its name.
    const journal = join(folder, "runs 'Q4'.jsonl");
    copyFileSync(applied, journal);
    const out = join(folder, 'pack');
    const written = writeback(['evidence', journal, '--out', out, '--no-zip']);
    expect(written.status, written.stderr).toBe(0);
    const text = readFileSync(join(out, 'ROLLBACK-BY-HAND.md'), 'utf8');
    const lines = text.split('\n').map((line) => line.trim());
    // The sh command first, then the PowerShell one.
    const [sh, powershell] = lines.filter((line) => line.startsWith('writeback rollback '));
    expect(shWords(sh!.replace('<admin>', 'admin@contoso.test'))).toEqual([
      'rollback',
      journal,
      '--dc',
      'ldaps://dc1.contoso.test',
      '--bind-user',
      'admin@contoso.test',
    ]);
    expect(powershell).toBe(
      `writeback rollback ${psQuote(journal)} --dc 'ldaps://dc1.contoso.test' --bind-user <admin>`,
    );
    expect(psQuote(journal)).toContain("''Q4''");
    expect(text).toContain(
      '<dc> is dc1.contoso.test (the DC the plan was made on, ldaps://dc1.contoso.test)',
    );
    // The by-hand restore names the DN quoted for PowerShell, and its LDIF carries it in base64.
    expect(text).toContain(`Set-ADObject -Server <dc> -Identity ${psQuote(dn)} -Replace`);
    const ldif = readFileSync(join(out, 'targets/01-attribute/rollback.ldif'), 'utf8');
    expect(ldif).toContain(`dn:: ${Buffer.from(dn).toString('base64')}`);

    const readme = readFileSync(join(out, 'README.txt'), 'utf8');
    expect(readme).toMatch(/^plan\.json /m);
    expect(readme).toMatch(/^targets\/NN-kind\/ /m);
    expect(readme).not.toMatch(/verify\/|report\//);
  });
});
