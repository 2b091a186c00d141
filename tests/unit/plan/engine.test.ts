import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
  appendFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, WizardError } from '../../../shared/errors';
import { planFormatVersion, type Plan, type Operation } from '../../../shared/plan';
import { applyPlan } from '../../../main/plan/apply';
import { attributeOperation } from '../../../main/operations/attribute';
import { fileOperation } from '../../../main/operations/file';
import { fileAdapter } from '../../../main/operations/file';
import { newRunId, readJournal } from '../../../main/plan/journal';
import { finishRun, readRunStatus } from '../../../main/plan/recover';
import { rollbackRun } from '../../../main/plan/rollback';
import type { TargetAdapter } from '../../../main/operations/kind';
import type { TargetAdapters } from '../../../main/operations/registry';
import type { ProgressEvent } from '../../../main/plan/progress';
import { cliWords } from '../../../main/cli/words';

/** An in-memory directory: attribute values per "dn#attribute". */
function memoryDirectory(initial: Record<string, string[]>) {
  const values = new Map(Object.entries(initial));
  let failOnWrite: string | undefined;
  const adapter: TargetAdapter<'attribute'> = {
    kind: 'attribute',
    read: async (op) => [...(values.get(`${op.target}#${op.attribute}`) ?? [])],
    write: async (op, image) => {
      if (failOnWrite === op.attribute)
        throw new WizardError('ldap-busy', 'The DC refused the write (busy).', 'Try again.');
      values.set(`${op.target}#${op.attribute}`, [...image]);
    },
  };
  return { values, adapter, failOn: (attribute: string) => (failOnWrite = attribute) };
}

function setup() {
  const folder = mkdtempSync(join(tmpdir(), 'wb-plan-'));
  const gpo = join(folder, 'Policies', '{31B2F340-016D-11D2-945F-00C04FB984F9}');
  mkdirSync(join(gpo, 'MACHINE', 'Microsoft', 'Windows NT', 'SecEdit'), { recursive: true });
  const inf = join(gpo, 'MACHINE', 'Microsoft', 'Windows NT', 'SecEdit', 'GptTmpl.inf');
  const ini = join(gpo, 'GPT.INI');
  writeFileSync(inf, '[System Access]\r\nMinimumPasswordAge = 1\r\n');
  writeFileSync(ini, '[General]\r\nVersion=3\r\n');
  const directory = memoryDirectory({ 'DC=contoso,DC=test#minPwdAge': ['-864000000000'] });
  const operations: Operation[] = [
    fileOperation({
      step: 'min-password-age',
      summary: 'Minimum password age 1 → 0 days',
      path: inf,
      before: readFileSync(inf),
      after: Buffer.from('[System Access]\r\nMinimumPasswordAge = 0\r\n'),
    }),
    fileOperation({
      step: 'min-password-age',
      summary: 'GPT.INI version 3 → 4',
      path: ini,
      before: readFileSync(ini),
      after: Buffer.from('[General]\r\nVersion=4\r\n'),
    }),
    attributeOperation({
      step: 'min-password-age',
      summary: 'Domain minPwdAge 1 day → none',
      dn: 'DC=contoso,DC=test',
      attribute: 'minPwdAge',
      before: ['-864000000000'],
      after: ['0'],
    }),
  ];
  const plan: Plan = {
    formatVersion: planFormatVersion,
    createdAt: new Date().toISOString(),
    source: { baseDn: 'DC=contoso,DC=test', sysvol: folder },
    steps: ['min-password-age'],
    operations,
    notes: [],
  };
  const adapters: TargetAdapters = { file: fileAdapter(), attribute: directory.adapter };
  return {
    folder,
    inf,
    ini,
    directory,
    plan,
    adapters,
    journalPath: join(folder, 'journal', 'run.jsonl'),
  };
}

async function thrown(promise: Promise<unknown>): Promise<WizardError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WizardError) return error;
    throw error;
  }
  throw new Error('expected a WizardError');
}

describe('apply engine', () => {
  it("records the run id it is given, the one the default journal's name carries", async () => {
    const lab = setup();
    const runId = newRunId();
    await applyPlan(lab.plan, { adapters: lab.adapters, journalPath: lab.journalPath, runId });
    const journal = await readJournal(lab.journalPath);
    expect(journal.header.runId).toBe(runId);
  });

  it('applies every operation, journals before-images first, and reports progress', async () => {
    const lab = setup();
    const events: ProgressEvent[] = [];
    const result = await applyPlan(lab.plan, {
      adapters: lab.adapters,
      journalPath: lab.journalPath,
      onProgress: (e) => events.push(e),
    });
    expect(result.applied).toBe(3);
    expect(readFileSync(lab.inf, 'utf8')).toBe('[System Access]\r\nMinimumPasswordAge = 0\r\n');
    expect(lab.directory.values.get('DC=contoso,DC=test#minPwdAge')).toEqual(['0']);
    const journal = await readJournal(lab.journalPath);
    expect(journal.records.map((r) => r.type + ('index' in r ? r.index : ''))).toEqual([
      'run',
      'before0',
      'applied0',
      'verified0',
      'before1',
      'applied1',
      'verified1',
      'before2',
      'applied2',
      'verified2',
      'run-end',
    ]);
    expect(events.filter((e) => e.phase === 'verified').map((e) => e.index)).toEqual([0, 1, 2]);
  });

  it('writes nothing and exits 4 naming the targets when one drifted since the plan', async () => {
    const lab = setup();
    lab.directory.values.set('DC=contoso,DC=test#minPwdAge', ['-1728000000000']);
    const error = await thrown(
      applyPlan(lab.plan, { adapters: lab.adapters, journalPath: lab.journalPath }),
    );
    expect(error.exitCode).toBe(ExitCode.drift);
    expect(error.message).toContain('#2 minPwdAge of DC=contoso,DC=test');
    expect(readFileSync(lab.inf, 'utf8')).toBe('[System Access]\r\nMinimumPasswordAge = 1\r\n');
    expect(existsSync(lab.journalPath)).toBe(false);
  });

  it('stops with exit 5 when a write fails part-way, and the journal lists done and not done', async () => {
    const lab = setup();
    lab.directory.failOn('minPwdAge');
    const error = await thrown(
      applyPlan(lab.plan, { adapters: lab.adapters, journalPath: lab.journalPath }),
    );
    expect(error.exitCode).toBe(ExitCode.partial);
    expect(error.message).toMatch(
      /Done: #0 .*GptTmpl\.inf; #1 .*GPT\.INI\. Not done: #2 minPwdAge/,
    );
    const status = await readRunStatus(lab.journalPath);
    expect(status.states).toEqual(['verified', 'verified', 'failed']);
    expect(status.offers).toEqual(['finish', 'rollback']);
  });

  it('refuses to apply without an adapter for a kind, before reading anything', async () => {
    const lab = setup();
    const error = await thrown(
      applyPlan(lab.plan, { adapters: { file: fileAdapter() }, journalPath: lab.journalPath }),
    );
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.toInfo(cliWords).fix).toMatch(/--dc/);
    expect(error.change).toEqual(['dc', 'bindUser', 'password']);
  });
});

describe('journal, recovery and rollback', () => {
  it('rolls back byte for byte, in reverse order, and journals the rollback', async () => {
    const lab = setup();
    const infBefore = readFileSync(lab.inf);
    await applyPlan(lab.plan, { adapters: lab.adapters, journalPath: lab.journalPath });
    const events: ProgressEvent[] = [];
    const result = await rollbackRun(lab.journalPath, {
      adapters: lab.adapters,
      onProgress: (e) => events.push(e),
    });
    expect(result.restored).toBe(3);
    expect(readFileSync(lab.inf).equals(infBefore)).toBe(true);
    expect(readFileSync(lab.ini, 'utf8')).toBe('[General]\r\nVersion=3\r\n');
    expect(lab.directory.values.get('DC=contoso,DC=test#minPwdAge')).toEqual(['-864000000000']);
    expect(events.filter((e) => e.phase === 'verified').map((e) => e.index)).toEqual([2, 1, 0]);
    // Every target is announced while it is read first, then while it is written.
    expect(events.map((e) => `${e.phase} ${e.index}/${e.total}`)).toEqual([
      'checking 2/3',
      'checking 1/3',
      'checking 0/3',
      'writing 2/3',
      'verified 2/3',
      'writing 1/3',
      'verified 1/3',
      'writing 0/3',
      'verified 0/3',
    ]);
    const status = await readRunStatus(lab.journalPath);
    expect(status.states).toEqual(['restored', 'restored', 'restored']);
    // A second rollback finds everything as before and writes nothing.
    expect((await rollbackRun(lab.journalPath, { adapters: lab.adapters })).restored).toBe(0);
  });

  it('refuses rollback (exit 4) and writes nothing where a target was changed again since', async () => {
    const lab = setup();
    await applyPlan(lab.plan, { adapters: lab.adapters, journalPath: lab.journalPath });
    writeFileSync(lab.ini, '[General]\r\nVersion=9\r\n');
    const error = await thrown(rollbackRun(lab.journalPath, { adapters: lab.adapters }));
    expect(error.exitCode).toBe(ExitCode.drift);
    expect(error.message).toContain('GPT.INI');
    expect(readFileSync(lab.inf, 'utf8')).toBe('[System Access]\r\nMinimumPasswordAge = 0\r\n');
    const journal = await readJournal(lab.journalPath);
    expect(journal.records.at(-1)).toMatchObject({ type: 'rollback-refused', indexes: [1] });
  });

  it('reads a journal whose last line was torn by a kill, and rolls back from it', async () => {
    const lab = setup();
    await applyPlan(lab.plan, { adapters: lab.adapters, journalPath: lab.journalPath });
    // Simulate a kill during the second operation: keep the records up to its before-image and a torn line.
    const lines = readFileSync(lab.journalPath, 'utf8').split('\n');
    writeFileSync(lab.journalPath, lines.slice(0, 5).join('\n') + '\n');
    appendFileSync(lab.journalPath, '{"type":"appl');
    const status = await readRunStatus(lab.journalPath);
    expect(status.journal.tornLastLine).toBe(true);
    expect(status.ended).toBe(false);
    expect(status.states).toEqual(['verified', 'maybe-written', 'not-started']);
    // Operation 2 was really applied in this simulation but not journaled: its target is
    // not touched by rollback (never journaled), so restore it to see rollback of the rest.
    lab.directory.values.set('DC=contoso,DC=test#minPwdAge', ['-864000000000']);
    const result = await rollbackRun(lab.journalPath, { adapters: lab.adapters });
    expect(result.restored).toBe(2);
    expect(readFileSync(lab.ini, 'utf8')).toBe('[General]\r\nVersion=3\r\n');
  });

  it('finishes an interrupted run from its journal', async () => {
    const lab = setup();
    lab.directory.failOn('minPwdAge');
    await thrown(applyPlan(lab.plan, { adapters: lab.adapters, journalPath: lab.journalPath }));
    lab.directory.failOn('none');
    expect(await finishRun(lab.journalPath, { adapters: lab.adapters })).toBe(1);
    expect(lab.directory.values.get('DC=contoso,DC=test#minPwdAge')).toEqual(['0']);
    expect((await readRunStatus(lab.journalPath)).states).toEqual([
      'verified',
      'verified',
      'verified',
    ]);
  });

  it('refuses a damaged journal (a bad line that is not the last one)', async () => {
    const lab = setup();
    await applyPlan(lab.plan, { adapters: lab.adapters, journalPath: lab.journalPath });
    const lines = readFileSync(lab.journalPath, 'utf8').split('\n');
    lines[2] = 'garbage';
    writeFileSync(lab.journalPath, lines.join('\n'));
    const error = await thrown(readJournal(lab.journalPath));
    expect(error.code).toBe('journal-corrupt');
    expect(error.message).toContain('line 3');
  });
});

describe('finding interrupted runs at the next start', () => {
  it('lists runs that did not finish and were not rolled back', async () => {
    const { findUnfinishedRuns } = await import('../../../main/plan/recover');
    const lab = setup();
    const folder = join(lab.folder, 'journal');
    lab.directory.failOn('minPwdAge');
    await thrown(
      applyPlan(lab.plan, { adapters: lab.adapters, journalPath: join(folder, 'a.jsonl') }),
    );
    expect((await findUnfinishedRuns(folder)).map((s) => s.journal.path)).toEqual([
      join(folder, 'a.jsonl'),
    ]);
    await rollbackRun(join(folder, 'a.jsonl'), { adapters: lab.adapters });
    expect(await findUnfinishedRuns(folder)).toEqual([]);
    expect(await findUnfinishedRuns(join(lab.folder, 'none'))).toEqual([]);
  });
});

describe('finishing refuses drift', () => {
  it('writes nothing when a remaining target changed since the interrupted run', async () => {
    const lab = setup();
    lab.directory.failOn('minPwdAge');
    await thrown(applyPlan(lab.plan, { adapters: lab.adapters, journalPath: lab.journalPath }));
    lab.directory.failOn('none');
    lab.directory.values.set('DC=contoso,DC=test#minPwdAge', ['-42']);
    const error = await thrown(finishRun(lab.journalPath, { adapters: lab.adapters }));
    expect(error.exitCode).toBe(ExitCode.drift);
    expect(lab.directory.values.get('DC=contoso,DC=test#minPwdAge')).toEqual(['-42']);
  });
});
