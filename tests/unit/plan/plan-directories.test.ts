/**
 * A plan over several directories (`plan --directories`): the schema and validatePlan accept
 * one whose operations and notes each name a directory the plan lists, judge each directory's
 * operations as a one-domain plan of that directory (its own domain, SYSVOL and connector), and
 * refuse one that does not agree with itself; a one-domain plan loads as before. The routed
 * adapters write each operation through its own directory, and refuse one whose directory the
 * run has no connection to; `show` prints the plan directory by directory.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode, WizardError } from '../../../shared/errors';
import type { Operation, Plan } from '../../../shared/plan';
import type { TargetAdapters } from '../../../main/operations/registry';
import { formatPlan } from '../../../main/plan/format-plan';
import { adaptersByDirectory, directoryParts } from '../../../main/plan/plan-directories';
import { validatePlan } from '../../../main/plan/plan-file';
import { planMeaning } from '../../../main/plan/plan-meaning';
import { readFingerprint, writeImage } from '../../../main/plan/target-adapter';
import { BASE_DN, CONNECTOR_SID, legitPlan, refusal } from '../security/legit-plan';
import {
  contoso,
  fabrikam,
  FABRIKAM_CONNECTOR,
  FABRIKAM_DN,
  FABRIKAM_SYSVOL,
  listed,
  twoDirectories,
} from './two-directories-plan';

describe('a plan over several directories', () => {
  it('validates, and each directory is judged as a one-domain plan with its own connector', () => {
    const plan = validatePlan(twoDirectories());
    const meaning = planMeaning(plan);
    expect(meaning).toHaveLength(plan.operations.length);
    expect(meaning[0]).toMatch(/^#0 turns on/);
    expect(meaning[1]).toContain(`#1 [contoso.test] grants ${CONNECTOR_SID}:`);
    const fabrikamGrant = plan.operations.findIndex(
      (op) => op.directory?.domain === 'fabrikam.test' && op.kind === 'security-descriptor',
    );
    expect(meaning[fabrikamGrant]).toBe(
      `#${fabrikamGrant} [fabrikam.test] grants ${FABRIKAM_CONNECTOR}: Reset password, Change password, Write lockoutTime, Write pwdLastSet on descendant User objects of ${FABRIKAM_DN}`,
    );
    expect(
      directoryParts(plan).map((part) => [part.directory?.domain, part.indexes.length]),
    ).toEqual([
      ['contoso.test', 9],
      ['fabrikam.test', 3],
      [undefined, 1],
    ]);
  });

  it('a one-domain plan loads as before, with no directory anywhere', () => {
    const plan = validatePlan(legitPlan());
    expect(plan.source.directories).toBeUndefined();
    expect(planMeaning(plan).every((line) => !line.includes('['))).toBe(true);
    expect(formatPlan(plan)).not.toContain('== ');
  });

  it('refuses an operation moved to another directory, whatever its hashes', () => {
    const plan = twoDirectories();
    // CONTOSO's root grant, labelled FABRIKAM: outside FABRIKAM's domain.
    plan.operations[1] = { ...plan.operations[1]!, directory: fabrikam };
    const error = refusal(plan);
    expect(error.code).toBe('plan-not-writeback');
    expect(error.message).toContain(`not inside the plan's domain ${FABRIKAM_DN}`);
    // FABRIKAM's GptTmpl.inf labelled CONTOSO: outside CONTOSO's SYSVOL.
    const file = twoDirectories();
    const at = file.operations.findIndex(
      (op) => op.kind === 'file' && op.target.startsWith(FABRIKAM_SYSVOL),
    );
    file.operations[at] = { ...file.operations[at]!, directory: contoso };
    expect(refusal(file).message).toContain(
      "is not inside the plan's SYSVOL folder /srv/sysvol/contoso.test",
    );
  });

  it('refuses a plan whose directories and operations do not agree', () => {
    const cases: [string, (plan: Plan) => void, string][] = [
      [
        'no directory',
        (p) => void delete (p.operations[1] as { directory?: unknown }).directory,
        'names no directory',
      ],
      [
        'unlisted',
        (p) => void (p.operations[1]!.directory = { forest: 'other.test', domain: 'other.test' }),
        'which the plan does not list',
      ],
      [
        'Connect server with one',
        (p) => void (p.operations[0]!.directory = contoso),
        'Connect server setting',
      ],
      ['listed twice', (p) => void p.source.directories!.push(listed[0]!), 'twice'],
      [
        'domain not its naming context',
        (p) => void (p.source.directories![1]!.domain = 'contoso.test'),
        'with the naming context',
      ],
      ['one DC beside them', (p) => void (p.source.dc = 'ldaps://dc1.contoso.test'), 'also one DC'],
      [
        'note of an unlisted directory',
        (p) => void (p.notes[0]!.directory = { forest: 'x.test', domain: 'x.test' }),
        'note 0',
      ],
    ];
    for (const [name, edit, message] of cases) {
      const plan = twoDirectories();
      edit(plan);
      const error = refusal(plan);
      expect([name, error.code, error.exitCode]).toEqual([
        name,
        'plan-directories-invalid',
        ExitCode.usage,
      ]);
      expect(error.message, name).toContain(message);
    }
    const single = legitPlan();
    single.operations[0] = { ...single.operations[0]!, directory: contoso };
    expect(refusal(single).message).toContain('but the plan lists none');
  });

  it('show prints it directory by directory, the Connect server first, notes under theirs', () => {
    const text = formatPlan(validatePlan(twoDirectories()));
    const headings = text.split('\n').filter((line) => line.startsWith('== '));
    expect(headings).toEqual([
      '== The Connect server (1 change)',
      `== contoso.test: ${BASE_DN}, read from ldaps://dc1.contoso.test (9 changes)`,
      `== fabrikam.test: ${FABRIKAM_DN}, read from ldaps://dc1.fabrikam.test (3 changes)`,
    ]);
    expect(text.indexOf('note [permissions]: Already held.')).toBeGreaterThan(
      text.indexOf(headings[2]!),
    );
  });
});

describe('adaptersByDirectory', () => {
  /** Adapters that record which directory each call reached. */
  function recording(name: string, calls: string[]): TargetAdapters {
    const adapter = (kind: 'security-descriptor' | 'attribute' | 'file') => ({
      kind,
      read: (operation: Operation) => {
        calls.push(`${name} read ${operation.target}`);
        return Promise.resolve(operation.before as never);
      },
      write: (operation: Operation) => {
        calls.push(`${name} write ${operation.target}`);
        return Promise.resolve();
      },
    });
    return {
      'security-descriptor': adapter('security-descriptor'),
      attribute: adapter('attribute'),
      file: adapter('file'),
    } as TargetAdapters;
  }

  it("writes each operation through its own directory's adapters, and refuses one the run cannot reach", async () => {
    const plan = validatePlan(twoDirectories());
    const calls: string[] = [];
    const byKey = new Map([
      ['contoso.test', recording('contoso', calls)],
      ['fabrikam.test', recording('fabrikam', calls)],
    ]);
    const routed = adaptersByDirectory((tag) => byKey.get(tag.domain), {});
    const fabrikamRoot = plan.operations.find(
      (op) => op.target === FABRIKAM_DN && op.kind === 'security-descriptor',
    )!;
    const contosoRoot = plan.operations[1]!;
    expect((await readFingerprint(routed, fabrikamRoot)).fingerprint).toBe(
      fabrikamRoot.fingerprint,
    );
    await writeImage(routed, contosoRoot, contosoRoot.after, 'apply');
    expect(calls).toEqual([`fabrikam read ${FABRIKAM_DN}`, `contoso write ${BASE_DN}`]);

    const onlyContoso = adaptersByDirectory(
      (tag) => (tag.domain === 'contoso.test' ? byKey.get('contoso.test') : undefined),
      {},
    );
    const refused = await readFingerprint(onlyContoso, fabrikamRoot).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(WizardError);
    expect(refused).toMatchObject({ code: 'directory-not-given', exitCode: ExitCode.usage });
    expect((refused as WizardError).message).toContain('Nothing was written');
    expect((refused as WizardError).fix).toContain('an entry for the forest fabrikam.test');
  });
});
