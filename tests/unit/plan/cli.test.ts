/** plan/show/apply/rollback on the command line: exit codes and messages that need no DC. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Plan } from '../../../shared/plan';
import { writePlanFile } from '../../../main/plan/plan-file';
import { writeback, processTestTimeoutMs } from '../../support/writeback-cli';
import { minAgeFilePlan } from '../../support/min-age-file-plan';

// This file starts the CLI as a process: a loaded machine must not fail it.
vi.setConfig({ testTimeout: processTestTimeoutMs });

async function filePlan(folder: string): Promise<{ planPath: string; target: string }> {
  const { plan, inf } = minAgeFilePlan(folder);
  const planPath = join(folder, 'plan.json');
  await writePlanFile(planPath, plan);
  return { planPath, target: inf };
}

describe('writeback show/apply/rollback', { timeout: 60_000 }, () => {
  it('show prints the diff, and --json the plan with operations', async () => {
    const { planPath } = await filePlan(mkdtempSync(join(tmpdir(), 'wb-cli-')));
    const text = writeback(['show', planPath]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('-MinimumPasswordAge = 1\n   +MinimumPasswordAge = 0');
    const json = writeback(['show', planPath, '--json']);
    expect((JSON.parse(json.stdout) as Plan).operations[0]).toMatchObject({
      step: 'min-password-age',
      summary: 'Minimum password age 1 → 0 days',
    });
  });

  it('refuses an edited plan with exit 2, naming the operation', async () => {
    const { planPath } = await filePlan(mkdtempSync(join(tmpdir(), 'wb-cli-')));
    const plan = JSON.parse(readFileSync(planPath, 'utf8')) as {
      operations: { after: { text: string } }[];
    };
    plan.operations[0]!.after.text = 'MinimumPasswordAge = 9';
    writeFileSync(planPath, JSON.stringify(plan));
    const result = writeback(['show', planPath]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/operation 0 .* field after.text/);
    expect(result.stderr).toContain('fix:');
  });

  it('apply without --yes and without a terminal refuses with exit 2 and writes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-cli-'));
    const { planPath, target } = await filePlan(folder);
    const result = writeback(['apply', planPath, '--journal', join(folder, 'j.jsonl')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no terminal to confirm on/);
    expect(readFileSync(target, 'utf8')).toContain('MinimumPasswordAge = 1');
  });

  it('apply --yes then rollback --yes restore the file, and exit 4 when it drifted', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-cli-'));
    const { planPath, target } = await filePlan(folder);
    const journal = join(folder, 'j.jsonl');
    const applied = writeback(['apply', planPath, '--yes', '--journal', journal, '--json']);
    expect(applied.status, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toEqual({ applied: 1, journal });
    expect(readFileSync(target, 'utf8')).toContain('MinimumPasswordAge = 0');
    expect(
      writeback(['apply', planPath, '--yes', '--journal', join(folder, 'k.jsonl')]).status,
    ).toBe(4);
    const rolledBack = writeback(['rollback', journal, '--yes']);
    expect(rolledBack.status, rolledBack.stderr).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('[System Access]\r\nMinimumPasswordAge = 1\r\n');
    // Again: nothing left to restore, nothing to reach, exit 0.
    const again = writeback(['rollback', journal, '--yes']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Nothing to roll back/);
  });
});

describe('writeback runs', () => {
  it('lists runs newest first by when they ran, whatever their journals are called', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-cli-'));
    const journals = join(folder, 'journals');
    mkdirSync(journals);
    // The first run's journal sorts after the second's by name: order must come from the header.
    for (const name of ['z-first.jsonl', 'a-second.jsonl']) {
      const run = join(folder, name.replace('.jsonl', ''));
      mkdirSync(run);
      const { planPath } = await filePlan(run);
      const applied = writeback(['apply', planPath, '--yes', '--journal', join(journals, name)]);
      expect(applied.status).toBe(0);
    }
    const listed = writeback(['runs', '--all', '--json', '--journal-dir', journals]);
    expect(listed.status).toBe(0);
    const { runs } = JSON.parse(listed.stdout) as { runs: { journal: string; at: string }[] };
    expect(runs.map((r) => r.journal.split('/').pop())).toEqual([
      'a-second.jsonl',
      'z-first.jsonl',
    ]);
    expect(Date.parse(runs[0]!.at)).toBeGreaterThanOrEqual(Date.parse(runs[1]!.at));
  });

  it("lists the tool's own canary journal as a canary reset, never as a damaged journal", () => {
    const journals = mkdtempSync(join(tmpdir(), 'wb-cli-canary-'));
    writeFileSync(
      join(journals, 'canary-20261128-160000-abcd.jsonl'),
      [
        {
          at: '2026-11-28T16:00:00.000Z',
          type: 'canary-plan',
          plan: { userPrincipalName: 'canary@contoso.test' },
        },
        { at: '2026-11-28T16:00:01.000Z', type: 'confirmed' },
        {
          at: '2026-11-28T16:00:30.000Z',
          type: 'canary-end',
          outcome: 'failed',
          cause: 'not-written',
        },
      ]
        .map((record) => JSON.stringify(record))
        .join('\n') + '\n',
    );
    writeFileSync(join(journals, 'junk.jsonl'), 'not json\n');
    const text = writeback(['runs', '--all', '--journal-dir', journals]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stderr).not.toMatch(/canary-20261128.*not a readable journal/);
    expect(text.stderr).toMatch(/junk\.jsonl is not a readable journal/);
    expect(text.stdout).toMatch(
      /Canary resets .*\n {2}2026-11-28T16:00:00\.000Z canary@contoso\.test: failed \(not-written\)/,
    );
    const json = JSON.parse(
      writeback(['runs', '--all', '--json', '--journal-dir', journals]).stdout,
    ) as {
      canaries: { userPrincipalName: string; outcome: string }[];
      unreadable: { path: string }[];
    };
    expect(json.canaries).toMatchObject([
      { userPrincipalName: 'canary@contoso.test', outcome: 'failed' },
    ]);
    expect(json.unreadable.map((file) => file.path.split('/').pop())).toEqual(['junk.jsonl']);
  });
});
