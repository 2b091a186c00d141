import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../shared/errors';
import { planFormatVersion, type Plan } from '../../../shared/plan';
import { attributeOperation } from '../../../main/operations/attribute';
import { fileOperation } from '../../../main/operations/file';
import { securityDescriptorOperation } from '../../../main/operations/security-descriptor';
import { fromSddl, serializeSecurityDescriptor, toSddl } from '../../../shared/sd';
import { readPlanFile, validatePlan, writePlanFile } from '../../../main/plan/plan-file';
import { refusal } from '../security/legit-plan';

function samplePlan(): Plan {
  return {
    formatVersion: planFormatVersion,
    createdAt: '2026-11-22T10:00:00.000Z',
    source: {
      dc: 'ldaps://dc1.contoso.test',
      baseDn: 'DC=contoso,DC=test',
      sysvol: '/srv/sysvol/contoso.test',
    },
    steps: ['min-password-age'],
    operations: [
      fileOperation({
        step: 'min-password-age',
        summary: 'Minimum password age 1 → 0 days in Default Domain Policy',
        path: '/srv/sysvol/contoso.test/Policies/{31B2F340-016D-11D2-945F-00C04FB984F9}/MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf',
        before: Buffer.from('\ufeff[System Access]\r\nMinimumPasswordAge = 1\r\n', 'utf16le'),
        after: Buffer.from('\ufeff[System Access]\r\nMinimumPasswordAge = 0\r\n', 'utf16le'),
      }),
      attributeOperation({
        step: 'min-password-age',
        summary: 'Domain minPwdAge 1 day → none',
        dn: 'DC=contoso,DC=test',
        attribute: 'minPwdAge',
        before: ['-864000000000'],
        after: ['0'],
      }),
    ],
    notes: [],
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hand-editing a plan as JSON
const clone = (): Record<string, any> => JSON.parse(JSON.stringify(samplePlan()));

describe('plan files', () => {
  it('round-trips through a file and keeps the cli.md shape', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wb-planfile-')), 'plan.json');
    await writePlanFile(path, samplePlan());
    const plan = await readPlanFile(path);
    expect(plan).toEqual(samplePlan());
    for (const operation of plan.operations) {
      expect(operation).toHaveProperty('step');
      expect(operation).toHaveProperty('target');
      expect(operation).toHaveProperty('summary');
      expect(operation).toHaveProperty('before');
      expect(operation).toHaveProperty('after');
    }
  });

  it("takes a descriptor's SDDL in Windows' spelling or, from older plans, in Samba's", () => {
    const domainSid = 'S-1-5-21-1-2-3';
    const sd = fromSddl(
      'O:DAD:PAI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;;RPLCLORC;;;AU)',
      domainSid,
    );
    const bytes = serializeSecurityDescriptor(sd);
    // Reset password on descendant users for a connector: a grant a writeback plan makes.
    const reset = `(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${domainSid}-1105)`;
    const granted = fromSddl(`${toSddl(sd, domainSid)}${reset}`, domainSid);
    const afterBytes = serializeSecurityDescriptor(granted);
    const withSpelling = (style: 'windows' | 'samba', sddl = toSddl(sd, domainSid, { style })) => ({
      ...samplePlan(),
      operations: [
        securityDescriptorOperation({
          step: 'permissions',
          summary: 'Grant',
          dn: 'CN=U,DC=contoso,DC=test',
          domainSid,
          before: { bytes, sddl },
          after: { bytes: afterBytes, sddl: toSddl(granted, domainSid, { style }) },
        }),
      ],
    });
    expect(toSddl(sd, domainSid)).toContain('(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)');
    expect(() => validatePlan(JSON.parse(JSON.stringify(withSpelling('windows'))))).not.toThrow();
    expect(() => validatePlan(JSON.parse(JSON.stringify(withSpelling('samba'))))).not.toThrow();
    const edited = withSpelling('windows', 'O:DAD:PAI(A;;GA;;;DA)');
    expect(refusal(JSON.parse(JSON.stringify(edited))).message).toMatch(
      /before\.sddl: does not describe the descriptor bytes/,
    );
  });

  it('refuses a wrong format version with exit 2', () => {
    const plan = clone();
    plan.formatVersion = 2;
    const error = refusal(plan);
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toMatch(/formatVersion 2; .* reads version 1/);
  });

  it('refuses an edited after, naming the operation index and field', () => {
    const plan = clone();
    plan.operations[1].after = ['-1'];
    const error = refusal(plan);
    expect(error.code).toBe('plan-tampered');
    expect(error.message).toContain('operation 1');
    expect(error.message).toContain('field after');
  });

  it('refuses an edited before, and a file text that does not match its bytes', () => {
    const plan = clone();
    plan.operations[1].before = ['0'];
    expect(refusal(plan).message).toContain(
      'operation 1 (minPwdAge of DC=contoso,DC=test), field before',
    );
    const other = clone();
    other.operations[0].after.text = 'MinimumPasswordAge = 5';
    expect(refusal(other).message).toContain('operation 0');
    expect(refusal(other).message).toContain('after.text');
  });

  it('cannot carry a password: unknown fields and secret attributes are refused', () => {
    const plan = clone();
    plan.operations[1].password = 'Pa55w.rd';
    const error = refusal(plan);
    expect(error.message).toContain('operation 1');
    expect(error.message).toContain('"password"');
    expect(error.message).not.toContain('Pa55w.rd');
    const top = clone();
    top.source.bindPassword = 'x';
    expect(refusal(top).message).toContain('"bindPassword"');
    const secret = clone();
    secret.operations.push(
      attributeOperation({
        step: 'min-password-age',
        summary: 's',
        dn: 'CN=u,DC=contoso,DC=test',
        attribute: 'unicodePwd',
        before: [],
        after: ['"x"'],
      }),
    );
    expect(refusal(secret).message).toMatch(/operation 2, field attribute: is a secret attribute/);
  });

  it('refuses targets that are not what the operation kind says, and duplicate targets', () => {
    const plan = clone();
    plan.operations[0].target = 'relative/GptTmpl.inf';
    expect(refusal(plan).message).toMatch(/operation 0, field target: must be an absolute path/);
    const passwd = clone();
    passwd.operations[0].target = '/etc/shadow';
    expect(refusal(passwd).message).toMatch(/operation 0 .*is not inside the plan's SYSVOL folder/);
    const notPolicy = clone();
    notPolicy.operations[0].target = '/srv/sysvol/contoso.test/scripts/logon.bat';
    expect(refusal(notPolicy).message).toMatch(
      /operation 0 .*is not a GPO's GPT.INI or GptTmpl.inf/,
    );
    const outside = clone();
    outside.source.sysvol = '/other/sysvol';
    expect(refusal(outside).message).toMatch(
      /operation 0 .*is not inside the plan's SYSVOL folder \/other\/sysvol/,
    );
    const dn = clone();
    dn.operations[1].target = '/etc/passwd';
    expect(refusal(dn).message).toMatch(/operation 1, field target: must be a DN/);
    const twice = clone();
    twice.operations.push(twice.operations[1]);
    expect(refusal(twice).message).toMatch(/operations 1 and 2 both change minPwdAge/);
  });

  it('says what is wrong with a file that is not JSON or cannot be read', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-planfile-'));
    writeFileSync(join(folder, 'bad.json'), '{ not json');
    await expect(readPlanFile(join(folder, 'bad.json'))).rejects.toMatchObject({
      code: 'plan-not-json',
      exitCode: 2,
    });
    await expect(readPlanFile(join(folder, 'missing.json'))).rejects.toMatchObject({
      code: 'plan-unreadable',
      exitCode: 2,
    });
  });
});
