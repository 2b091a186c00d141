/**
 * A plan over two directories, CONTOSO (legitPlan's operations, one of every kind a writeback
 * plan holds) and FABRIKAM (its root granted to its own connector, its GptTmpl.inf, its
 * minPwdAge), with the Connect server's switch naming none: built with the engine's own
 * builders, so every hash is right.
 */
import type { Operation, Plan, PlanDirectory } from '../../../shared/plan';
import {
  fromSddl,
  parseSecurityDescriptor,
  parseSid,
  serializeSecurityDescriptor,
  toSddl,
} from '../../../shared/sd';
import { attributeOperation } from '../../../main/operations/attribute';
import { fileOperation } from '../../../main/operations/file';
import { securityDescriptorOperation } from '../../../main/operations/security-descriptor';
import { grantSddl, WRITEBACK_RIGHTS } from '../../../main/domain/writeback-rights';
import { setMinimumPasswordAge } from '../../../main/sysvol/gpt-tmpl';
import { BASE_DN, gptTmpl, legitPlan } from '../security/legit-plan';

export const contoso = { forest: 'contoso.test', domain: 'contoso.test' };
export const fabrikam = { forest: 'fabrikam.test', domain: 'fabrikam.test' };
export const FABRIKAM_DN = 'DC=fabrikam,DC=test';
const FABRIKAM_SID = 'S-1-5-21-4000-5000-6000';
export const FABRIKAM_CONNECTOR = `${FABRIKAM_SID}-1103`;
export const FABRIKAM_SYSVOL = '/srv/sysvol/fabrikam.test';
const GPO = '{AF4E1CDC-2B02-C6DC-8A47-7C7E09786CC7}';

export const listed: PlanDirectory[] = [
  {
    ...contoso,
    dc: 'ldaps://dc1.contoso.test',
    baseDn: BASE_DN,
    sysvol: '/srv/sysvol/contoso.test',
  },
  { ...fabrikam, dc: 'ldaps://dc1.fabrikam.test', baseDn: FABRIKAM_DN, sysvol: FABRIKAM_SYSVOL },
];

/** FABRIKAM's root granted to FABRIKAM's connector, its minPwdAge and its GPO's GptTmpl.inf. */
function fabrikamOperations(): Operation[] {
  const sid = parseSid(FABRIKAM_SID);
  const before = 'O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;;RPLCLORC;;;AU)';
  const grants = WRITEBACK_RIGHTS.filter((r) => r.on === 'descendant-users')
    .map((r) => grantSddl(r, FABRIKAM_CONNECTOR, 'descendant-users'))
    .join('');
  const bytes = (sddl: string) => serializeSecurityDescriptor(fromSddl(sddl, sid));
  const side = (sddl: string) => ({
    bytes: bytes(sddl),
    sddl: toSddl(parseSecurityDescriptor(bytes(sddl)), sid),
  });
  const tmpl = `${FABRIKAM_SYSVOL}/Policies/${GPO}/MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf`;
  return [
    securityDescriptorOperation({
      step: 'permissions',
      summary: 'Grant FABRIKAM\\MSOL_2: writeback rights',
      dn: FABRIKAM_DN,
      domainSid: FABRIKAM_SID,
      before: side(before),
      after: side(before.replace('D:', `D:${grants}`)),
    }),
    fileOperation({
      step: 'min-password-age',
      summary: 'Minimum password age 2 → 0 (GptTmpl.inf)',
      path: tmpl,
      before: gptTmpl(2),
      after: setMinimumPasswordAge(gptTmpl(2), 0, tmpl),
    }),
    attributeOperation({
      step: 'min-password-age',
      summary: 'Domain minPwdAge 2 days → 0',
      dn: FABRIKAM_DN,
      attribute: 'minPwdAge',
      before: ['-1728000000000'],
      after: ['0'],
    }),
  ].map((operation) => ({ ...operation, directory: fabrikam }));
}

/** legitPlan's CONTOSO operations, then FABRIKAM's; the Connect server's switch names none. */
export function twoDirectories(): Plan {
  const one = legitPlan();
  const inContoso = one.operations
    .filter((op) => op.kind !== 'adsync-setting')
    .map((op) => ({ ...op, directory: contoso }));
  const connectServer = one.operations.filter((op) => op.kind === 'adsync-setting');
  return JSON.parse(
    JSON.stringify({
      ...one,
      source: { adsync: one.source.adsync, directories: listed },
      operations: [...connectServer, ...inContoso, ...fabrikamOperations()],
      notes: [
        { step: 'permissions', directory: fabrikam, level: 'info', message: 'Already held.' },
      ],
    }),
  ) as Plan;
}
