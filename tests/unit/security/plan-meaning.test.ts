/**
 * Finding 2: a plan is checked for meaning, not only for consistency. Whatever hashes an editor
 * recomputes, validatePlan refuses (exit 2) anything a writeback plan never does, and apply
 * shows what the plan does as derived from its bytes, not from its summary.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../shared/errors';
import type { Operation, Plan } from '../../../shared/plan';
import { attributeOperation } from '../../../main/operations/attribute';
import { fileOperation } from '../../../main/operations/file';
import { validatePlan, writePlanFile } from '../../../main/plan/plan-file';
import { planMeaning } from '../../../main/plan/plan-meaning';
import { writeback } from '../../support/writeback-cli';
import {
  BASE_DN,
  CONNECTOR_SID,
  DOMAIN_SID,
  GPC_DN,
  gptIni,
  gptTmpl,
  legitPlan,
  rehash,
  sdBytes,
  sdOperation,
  STAFF_OU,
  withAces,
  writeGpoFiles,
  refusal,
} from './legit-plan';

const plan = (): Plan => JSON.parse(JSON.stringify(legitPlan())) as Plan;
const withOperation = (index: number, operation: Operation): Plan => {
  const edited = plan();
  edited.operations[index] = operation;
  return edited;
};
const minPwdAge = (dn: string, attribute: string, after: string[]) =>
  attributeOperation({
    step: 'min-password-age',
    summary: 'Domain minPwdAge 1 day → 0',
    dn,
    attribute,
    before: ['x'],
    after,
  });

describe('finding 2: validatePlan knows what a writeback plan may do', () => {
  it('accepts every operation writeback itself plans, and states its meaning from the bytes', () => {
    const meaning = planMeaning(validatePlan(legitPlan()));
    expect(meaning).toHaveLength(10);
    expect(meaning[0]).toBe(
      `#0 grants ${CONNECTOR_SID}: Reset password, Change password, Write lockoutTime, Write pwdLastSet on descendant User objects of ${BASE_DN}; Unexpire Password on ${BASE_DN} itself`,
    );
    expect(meaning[1]).toContain(`on descendant User objects of ${STAFF_OU}`);
    expect(meaning[3]).toBe(`#3 enables inheritance on CN=Admin Jo,${STAFF_OU} (opt-in)`);
    expect(meaning[6]).toMatch(/sets MinimumPasswordAge = 0 in GptTmpl\.inf of GPO \{31B2F340/);
    expect(meaning[7]).toMatch(/raises GPT\.INI Version 3 → 4/);
    expect(meaning[9]).toBe(
      '#9 turns on PasswordWriteback for contoso.onmicrosoft.com - AAD on remote:aadc01',
    );
  });

  it('refuses the domain head given Everyone:GenericAll, with the hashes recomputed', () => {
    const root = legitPlan().operations[0]!;
    if (root.kind !== 'security-descriptor') throw new Error('fixture');
    const before = Buffer.from(root.before.base64, 'base64');
    const after = withAces(before, ['(A;;GA;;;WD)']);
    const error = refusal(
      withOperation(
        0,
        sdOperation(BASE_DN, before, after, 'Allow MSOL_ Reset password on OU=Staff'),
      ),
    );
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.code).toBe('plan-not-writeback');
    expect(error.message).toMatch(
      /operation 0 .*grants \(A;;GA;;;WD\) to S-1-1-0, which a writeback plan never does/,
    );
  });

  it('refuses writeback rights for anyone but one domain account, and rights on the wrong object', () => {
    const staff = sdBytes('O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)');
    const reset = (sid: string) =>
      `(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${sid})`;
    // Everyone may not be "the connector".
    expect(
      refusal(withOperation(1, sdOperation(STAFF_OU, staff, withAces(staff, [reset('WD')]))))
        .message,
    ).toMatch(/S-1-1-0/);
    // Two different grantees in one plan.
    expect(
      refusal(
        withOperation(
          1,
          sdOperation(STAFF_OU, staff, withAces(staff, [reset(`${DOMAIN_SID}-1104`)])),
        ),
      ).message,
    ).toMatch(/connector/);
    // Unexpire Password is granted on the domain head only.
    const unexpire = `(OA;;CR;ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501;;${CONNECTOR_SID})`;
    expect(
      refusal(withOperation(1, sdOperation(STAFF_OU, staff, withAces(staff, [unexpire])))).code,
    ).toBe('plan-not-writeback');
    // Removing an ACE is never part of a writeback plan.
    const root = sdBytes(
      'O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(OA;;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;ED)',
    );
    expect(
      refusal(
        withOperation(
          1,
          sdOperation(
            STAFF_OU,
            root,
            withAces(sdBytes('O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)'), [
              reset(CONNECTOR_SID),
            ]),
          ),
        ),
      ).message,
    ).toMatch(/removes/);
  });

  it("accepts a connector of another domain of the forest (a child domain's plan)", () => {
    const staff = sdBytes('O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)');
    const rootConnector = 'S-1-5-21-9-8-7-1105';
    const grant = `(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${rootConnector})`;
    const single = {
      ...plan(),
      operations: [sdOperation(STAFF_OU, staff, withAces(staff, [grant]))],
    };
    expect(planMeaning(validatePlan(single))[0]).toBe(
      `#0 grants ${rootConnector}: Reset password on descendant User objects of ${STAFF_OU}`,
    );
  });

  it('refuses a target DN edited alone, outside the plan domain or in another naming context', () => {
    for (const target of [
      `OU=Staff,DC=fabrikam,DC=test`,
      `CN=Configuration,${BASE_DN}`,
      `OU=Staff,DC=child,${BASE_DN}`,
    ]) {
      const edited = plan();
      edited.operations[1] = { ...edited.operations[1]!, target } as Operation;
      expect(refusal(edited).message, target).toMatch(/not inside the plan's domain/);
    }
  });

  it("refuses a GPO's version moved to another GPO than the one whose GPT.INI the plan raises", () => {
    const other = GPC_DN.replace(/\{[0-9A-F-]{36}\}/i, '{6AC1786C-016F-11D2-945F-00C04FB984F9}');
    expect(other).not.toBe(GPC_DN);
    const edited = plan();
    const version = edited.operations[8]!;
    expect(version.kind === 'attribute' && version.attribute).toBe('versionNumber');
    edited.operations[8] = { ...version, target: other } as Operation;
    expect(refusal(edited).message).toMatch(/without raising that GPO's GPT\.INI/);
  });

  it('takes an OU whose name holds an escaped comma as a target (as AD names it), and no empty RDN', () => {
    const escaped = plan();
    escaped.operations[1] = {
      ...escaped.operations[1]!,
      target: `OU=Ops & Support\\, Paris,${BASE_DN}`,
    } as Operation;
    expect(planMeaning(validatePlan(escaped))[1]).toContain('OU=Ops & Support\\, Paris');
    const empty = plan();
    empty.operations[1] = { ...empty.operations[1]!, target: `OU=Staff,,${BASE_DN}` } as Operation;
    expect(() => validatePlan(empty)).toThrow(/must be a DN/);
  });

  it('refuses attribute operations other than minPwdAge, a PSO age and a GPO version', () => {
    for (const [dn, attribute] of [
      [`CN=Domain Admins,CN=Users,${BASE_DN}`, 'member'],
      [`CN=Administrator,CN=Users,${BASE_DN}`, 'msDS-KeyCredentialLink'],
      [`CN=Administrator,CN=Users,${BASE_DN}`, 'scriptPath'],
      [`OU=Staff,${BASE_DN}`, 'minPwdAge'],
      [`CN=Admins,CN=Users,${BASE_DN}`, 'msDS-MinimumPasswordAge'],
      [`CN=Administrator,CN=Users,${BASE_DN}`, 'versionNumber'],
    ]) {
      const error = refusal(withOperation(4, minPwdAge(dn!, attribute!, ['0'])));
      expect(error.code, `${attribute} of ${dn}`).toBe('plan-not-writeback');
    }
    // minPwdAge only ever goes to 0.
    expect(
      refusal(withOperation(4, minPwdAge(BASE_DN, 'minPwdAge', ['-9223372036854775808']))).message,
    ).toMatch(/minPwdAge/);
    expect(
      refusal(withOperation(8, minPwdAge(GPC_DN, 'versionNumber', ['not a number']))).code,
    ).toBe('plan-not-writeback');
  });

  it('refuses a GptTmpl.inf that gains a [Group Membership] section, and GPT.INI changes beyond Version', () => {
    const tmpl = legitPlan().operations[6]!;
    const evil = Buffer.concat([
      Buffer.from(Buffer.from((tmpl.after as { base64: string }).base64, 'base64')),
      Buffer.from(
        '[Group Membership]\r\n*S-1-5-32-544__Members = *S-1-5-21-1-2-3-1105\r\n',
        'utf16le',
      ),
    ]);
    const edited = withOperation(
      6,
      rehash({ ...tmpl, after: { base64: evil.toString('base64'), text: '' } } as Operation),
    );
    expect(refusal(edited).message).toMatch(/operation 6 .*only its MinimumPasswordAge/);
    const ini = legitPlan().operations[7]!;
    const extra = Buffer.from('[General]\r\nVersion=4\r\ndisplayName=Evil\r\n');
    expect(
      refusal(
        withOperation(
          7,
          rehash({ ...ini, after: { base64: extra.toString('base64'), text: '' } } as Operation),
        ),
      ).message,
    ).toMatch(/operation 7 .*Version/);
  });

  it('refuses policy files when the plan names no SYSVOL, and ADSync aimed at another host', () => {
    const noSysvol = plan();
    delete noSysvol.source.sysvol;
    expect(refusal(noSysvol).message).toMatch(/names no SYSVOL folder/);
    const elsewhere = plan();
    const adsync = elsewhere.operations[9]!;
    elsewhere.operations[9] = { ...adsync, adsync: 'remote:evil' } as Operation;
    expect(refusal(elsewhere).message).toMatch(
      /operation 9 .*remote:evil.*the plan read ADSync on remote:aadc01/,
    );
  });

  it('writeback apply refuses such a plan with exit 2 and writes nothing; a good one shows its meaning', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-sec2-'));
    const sysvol = join(folder, 'sysvol');
    const { tmpl } = writeGpoFiles(sysvol);
    const good: Plan = { ...legitPlan(sysvol), steps: ['min-password-age'] };
    good.source = { sysvol };
    good.operations = [
      fileOperation({
        step: 'min-password-age',
        summary: 'Minimum password age 1 → 0',
        path: tmpl,
        before: gptTmpl(1),
        after: Buffer.from(
          (legitPlan(sysvol).operations[6]!.after as { base64: string }).base64,
          'base64',
        ),
      }),
    ];
    const evil = JSON.parse(JSON.stringify(good)) as Plan;
    const bytes = Buffer.concat([
      gptTmpl(1),
      Buffer.from('[Group Membership]\r\nx = y\r\n', 'utf16le'),
    ]);
    evil.operations[0] = rehash({
      ...evil.operations[0]!,
      after: { base64: bytes.toString('base64'), text: '' },
    } as Operation);
    const evilPath = join(folder, 'evil.json');
    writeFileSync(evilPath, JSON.stringify(evil));
    const refused = writeback(['apply', evilPath, '--yes', '--journal', join(folder, 'j1.jsonl')]);
    expect(refused.status).toBe(2);
    expect(readFileSync(tmpl)).toEqual(gptTmpl(1));
    const goodPath = join(folder, 'good.json');
    await writePlanFile(goodPath, good);
    const applied = writeback(['apply', goodPath, '--yes', '--journal', join(folder, 'j2.jsonl')]);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('This plan, as its bytes say:');
    expect(applied.stderr).toMatch(
      /#0 sets MinimumPasswordAge = 0 in GptTmpl\.inf of GPO \{31B2F340/,
    );
    const shown = writeback(['show', goodPath]);
    expect(shown.stdout).toContain('This plan, as its bytes say:');
    void gptIni;
  }, 60_000);
});
