/**
 * Finding 1: the confirmation can be forged. A plan's summary, target, notes, file text and
 * attribute values reach the terminal; a control character in them could rewrite what the
 * admin reads before answering "y". Plans refuse them (except CR, LF, TAB in file text) and
 * everything printed from a plan or a journal is escaped.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../shared/errors';
import type { Plan } from '../../../shared/plan';
import { formatPlan } from '../../../main/plan/format-plan';
import { validatePlan, writePlanFile } from '../../../main/plan/plan-file';
import {
  isPlainLine,
  printable,
  printableCollapsed,
  printableLines,
} from '../../../shared/text/printable';
import { writeback } from '../../support/writeback-cli';
import { legitPlan, refusal, rehash } from './legit-plan';

/** Any C0/C1 control except LF, or a bidi override/isolate. */
const controlCharacter = new RegExp(
  // eslint-disable-next-line no-control-regex -- the characters the test looks for
  '[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]',
  'u',
);
const forged = '\u001b[2K\u001b[1GAllow MSOL_ Reset password on OU=Staff\u202e';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- editing a plan as JSON
const edited = (): Record<string, any> => JSON.parse(JSON.stringify(legitPlan()));

describe('finding 1: a plan cannot forge its confirmation', () => {
  it('the printable policy escapes C0, C1, DEL and bidi controls, keeping file lines', () => {
    expect(printable('a\u001b[31mb\u009bc\u007fd\u202ee\tf\ng')).toBe(
      'a\\u001b[31mb\\u009bc\\u007fd\\u202ee\\u0009f\\u000ag',
    );
    expect(printableLines('x = 1\r\ny\tz\n\u001b]0;t\u0007\r')).toBe(
      'x = 1\r\ny\tz\n\\u001b]0;t\\u0007\\u000d',
    );
    expect(isPlainLine('Grant MSOL_1 on OU=Ünïcödé, Staff')).toBe(true);
  });

  it('one short line of free text: line breaks become one space, a bidi override or ESC is escaped, never a blank', () => {
    expect(printableCollapsed('canary\u202e@contoso.test')).toBe('canary\\u202e@contoso.test');
    expect(printableCollapsed('a\r\n\t b\u2028c \u001b[2Kd\u200fe')).toBe(
      'a b c \\u001b[2Kd\\u200fe',
    );
  });

  it('refuses control characters in the summary, notes, targets and attribute values (exit 2)', () => {
    const summary = edited();
    summary.operations[0].summary = forged;
    expect(refusal(summary).exitCode).toBe(ExitCode.usage);
    expect(refusal(summary).message).toMatch(/operation 0, field summary: .*control character/);
    const note = edited();
    note.notes.push({ step: 'permissions', level: 'info', message: `ok${forged}` });
    expect(refusal(note).message).toMatch(/field notes\.0\.message/);
    const command = edited();
    command.operations[0].equivalentCommand = 'dsacls x\u0008\u0008\u0008';
    expect(refusal(command).message).toMatch(/equivalentCommand/);
    const value = edited();
    value.operations[4] = rehash({ ...value.operations[4], after: ['0\u001b[8m'] });
    expect(refusal(value).message).toMatch(/operation 4, field after\.0/);
    const source = edited();
    source.source.dc = 'ldaps://dc1\u001b[A';
    expect(refusal(source).message).toMatch(/field source\.dc/);
  });

  it('refuses control characters in file text other than CR, LF and TAB', () => {
    const plan = edited();
    const ini = plan.operations[7];
    const bytes = Buffer.from(`[General]\r\nVersion=4\r\n\u001b[2Jx\r\n`);
    plan.operations[7] = rehash({ ...ini, after: { base64: bytes.toString('base64'), text: '' } });
    expect(refusal(plan).message).toMatch(/operation 7, field after\.text: .*control character/);
    // CR, LF and TAB are what the files are made of: the legitimate plan passes.
    expect(() => validatePlan(legitPlan())).not.toThrow();
  });

  it('formatPlan never emits a control character, even from a plan that skipped validation', () => {
    const plan = legitPlan();
    const dirty = JSON.parse(JSON.stringify(plan)) as Plan;
    dirty.operations[0]!.summary = forged;
    dirty.notes.push({
      step: 'permissions',
      level: 'warning',
      message: forged,
      commands: [forged],
    });
    const text = formatPlan(dirty);
    expect(text).not.toMatch(controlCharacter);
    expect(text).toContain('\\u001b[2K');
  });

  it('writeback show exits 2 on such a plan and writes no control character', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-sec1-'));
    const path = join(folder, 'plan.json');
    await writePlanFile(path, legitPlan());
    const plan = JSON.parse(readFileSync(path, 'utf8')) as Plan;
    plan.operations[1]!.summary = forged;
    writeFileSync(path, JSON.stringify(plan));
    const result = writeback(['show', path]);
    expect(result.status).toBe(2);
    expect(result.stdout + result.stderr).not.toMatch(controlCharacter);
  }, 60_000);

  it('writeback runs escapes the host and user a journal records', () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-sec1-'));
    const header = {
      type: 'run',
      formatVersion: 1,
      runId: 'r1',
      planHash: '0'.repeat(64),
      user: 'jo\u001b]0;pwned\u0007',
      host: 'dc1\u001b[2J',
      pid: 1,
      at: '2026-11-28T09:00:00.000Z',
      plan: legitPlan(),
    };
    writeFileSync(join(folder, '2026-run.jsonl'), JSON.stringify(header) + '\n');
    const result = writeback(['runs', '--journal-dir', folder, '--all']);
    expect(result.stdout + result.stderr).not.toMatch(controlCharacter);
  }, 60_000);
});
