/**
 * A plan as writeback makes it, one operation of every kind a writeback plan may hold (the
 * connector's rights on the domain root and an OU, the AdminSDHolder opt-in, enabling
 * inheritance on a user, minPwdAge, a PSO, a GPO's GptTmpl.inf, GPT.INI and versionNumber, the
 * ADSync switch), built with the engine's own builders so every hash is right: the security
 * tests then edit it the way an attacker would and recompute the hashes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WizardError } from '../../../shared/errors';
import { planFormatVersion, type Operation, type Plan } from '../../../shared/plan';
import { validatePlan } from '../../../main/plan/plan-file';
import {
  addAce,
  fromSddl,
  serializeSecurityDescriptor,
  setDaclProtected,
  toSddl,
  withDacl,
  parseSecurityDescriptor,
  parseSid,
} from '../../../shared/sd';
import { adsyncSettingOperation } from '../../../main/operations/adsync-setting';
import { attributeOperation } from '../../../main/operations/attribute';
import { fileOperation } from '../../../main/operations/file';
import { securityDescriptorOperation } from '../../../main/operations/security-descriptor';
import { afterFingerprint, beforeFingerprint } from '../../../main/plan/fingerprint';
import { setSettingScript } from '../../../main/adsync/adsync-state';
import { setMinimumPasswordAge } from '../../../main/sysvol/gpt-tmpl';
import { setGptIniVersion } from '../../../main/sysvol/gpt-ini';
import {
  grantSddl,
  PROTECTED_ACCOUNT_RIGHTS,
  WRITEBACK_RIGHTS,
} from '../../../main/steps/permissions/writeback-rights';

export const DOMAIN_SID = 'S-1-5-21-1000-2000-3000';
export const BASE_DN = 'DC=contoso,DC=test';
export const CONNECTOR_SID = `${DOMAIN_SID}-1103`;
export const GPO_GUID = '{31B2F340-016D-11D2-945F-00C04FB984F9}';
export const GPC_DN = `CN=${GPO_GUID},CN=Policies,CN=System,${BASE_DN}`;
export const STAFF_OU = `OU=Staff,${BASE_DN}`;

const rootSddl =
  'O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;CI;RPWPCRCCDCLCLORCWOWDSDDTSW;;;EA)(A;;RPLCLORC;;;AU)';

export function sdBytes(sddl: string): Uint8Array {
  return serializeSecurityDescriptor(fromSddl(sddl, parseSid(DOMAIN_SID)));
}

/** A security-descriptor operation from before bytes and a function that edits the SD. */
export function sdOperation(
  target: string,
  before: Uint8Array,
  after: Uint8Array,
  summary = `Grant MSOL_1: writeback rights on ${target}`,
  optIn = false,
): Operation {
  const sddl = (bytes: Uint8Array) => toSddl(parseSecurityDescriptor(bytes), parseSid(DOMAIN_SID));
  return securityDescriptorOperation({
    step: 'permissions',
    summary,
    optIn,
    dn: target,
    domainSid: DOMAIN_SID,
    before: { bytes: before, sddl: sddl(before) },
    after: { bytes: after, sddl: sddl(after) },
  });
}

/** The SD with these ACEs (SDDL) added in canonical order. */
export function withAces(bytes: Uint8Array, aces: readonly string[]): Uint8Array {
  const sd = parseSecurityDescriptor(bytes);
  let dacl = sd.dacl ?? { revision: 4, aces: [] };
  for (const ace of aces)
    dacl = addAce(dacl, fromSddl(`D:${ace}`, parseSid(DOMAIN_SID)).dacl!.aces[0]!);
  return serializeSecurityDescriptor(withDacl(sd, dacl));
}

const descendantGrants = WRITEBACK_RIGHTS.filter((r) => r.on === 'descendant-users').map((r) =>
  grantSddl(r, CONNECTOR_SID, 'descendant-users'),
);
const unexpire = WRITEBACK_RIGHTS.filter((r) => r.on === 'domain-root').map((r) =>
  grantSddl(r, CONNECTOR_SID, 'this-object'),
);

export function gptTmpl(age: number): Buffer {
  const text = `[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordAge = ${age}\r\nMaximumPasswordAge = 42\r\n[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1\r\n`;
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

export function gptIni(version: number): Buffer {
  return Buffer.from(`[General]\r\nVersion=${version}\r\ndisplayName=New Group Policy Object\r\n`);
}

/** Writes the GPO's two files under `sysvol` and returns their paths. */
export function writeGpoFiles(sysvol: string): { tmpl: string; ini: string } {
  const gpo = join(sysvol, 'Policies', GPO_GUID);
  const secEdit = join(gpo, 'MACHINE', 'Microsoft', 'Windows NT', 'SecEdit');
  mkdirSync(secEdit, { recursive: true });
  const tmpl = join(secEdit, 'GptTmpl.inf');
  const ini = join(gpo, 'GPT.INI');
  writeFileSync(tmpl, gptTmpl(1));
  writeFileSync(ini, gptIni(3));
  return { tmpl, ini };
}

/** Every kind of operation a writeback plan may hold, with `sysvol` as the plan's SYSVOL. */
export function legitPlan(sysvol = '/srv/sysvol/contoso.test'): Plan {
  const tmpl = join(
    sysvol,
    'Policies',
    GPO_GUID,
    'MACHINE',
    'Microsoft',
    'Windows NT',
    'SecEdit',
    'GptTmpl.inf',
  );
  const ini = join(sysvol, 'Policies', GPO_GUID, 'GPT.INI');
  const root = sdBytes(rootSddl);
  const staff = sdBytes('O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)');
  const holder = sdBytes('O:DAG:DAD:P(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)');
  const user = sdBytes('O:DAG:DAD:P(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;;RPLCLORC;;;PS)');
  const userAfter = serializeSecurityDescriptor(
    setDaclProtected(
      parseSecurityDescriptor(
        sdBytes(
          'O:DAG:DAD:P(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;;RPLCLORC;;;PS)(A;CIID;RPWPCRCCDCLCLORCWOWDSDDTSW;;;EA)',
        ),
      ),
      false,
    ),
  );
  const operations: Operation[] = [
    sdOperation(BASE_DN, root, withAces(root, [...descendantGrants, ...unexpire])),
    sdOperation(STAFF_OU, staff, withAces(staff, descendantGrants)),
    sdOperation(
      `CN=AdminSDHolder,CN=System,${BASE_DN}`,
      holder,
      withAces(
        holder,
        PROTECTED_ACCOUNT_RIGHTS.map((r) => grantSddl(r, CONNECTOR_SID, 'this-object')),
      ),
      'Grant MSOL_1 on AdminSDHolder',
      true,
    ),
    sdOperation(`CN=Admin Jo,${STAFF_OU}`, user, userAfter, 'Enable inheritance on Jo', true),
    attributeOperation({
      step: 'min-password-age',
      summary: 'Domain minPwdAge 1 day → 0',
      dn: BASE_DN,
      attribute: 'minPwdAge',
      before: ['-864000000000'],
      after: ['0'],
    }),
    attributeOperation({
      step: 'min-password-age',
      summary: 'PSO Admins: minimum password age 1 → 0',
      optIn: true,
      dn: `CN=Admins,CN=Password Settings Container,CN=System,${BASE_DN}`,
      attribute: 'msDS-MinimumPasswordAge',
      before: ['-864000000000'],
      after: ['0'],
    }),
    fileOperation({
      step: 'min-password-age',
      summary: 'Minimum password age 1 → 0 in GPO (GptTmpl.inf)',
      path: tmpl,
      before: gptTmpl(1),
      after: setMinimumPasswordAge(gptTmpl(1), 0, tmpl),
    }),
    fileOperation({
      step: 'min-password-age',
      summary: 'GPO version 3 → 4 (GPT.INI)',
      path: ini,
      before: gptIni(3),
      after: setGptIniVersion(gptIni(3), 4, ini),
    }),
    attributeOperation({
      step: 'min-password-age',
      summary: 'GPO versionNumber 3 → 4',
      dn: GPC_DN,
      attribute: 'versionNumber',
      before: ['3'],
      after: ['4'],
    }),
    adsyncSettingOperation({
      step: 'optional-features',
      summary: 'Turn on password writeback',
      target: 'PasswordWriteback',
      connector: 'contoso.onmicrosoft.com - AAD',
      adsync: 'remote:aadc01',
      powershell: setSettingScript('PasswordWriteback', 'contoso.onmicrosoft.com - AAD', true),
      rollbackPowershell: setSettingScript(
        'PasswordWriteback',
        'contoso.onmicrosoft.com - AAD',
        false,
      ),
      before: false,
      after: true,
    }),
  ];
  return {
    formatVersion: planFormatVersion,
    createdAt: '2026-11-28T09:00:00.000Z',
    source: { dc: 'ldaps://dc1.contoso.test', baseDn: BASE_DN, sysvol, adsync: 'remote:aadc01' },
    steps: ['optional-features', 'permissions', 'min-password-age'],
    operations,
    notes: [],
  };
}

/** Recomputes an edited operation's fingerprints (and SDDL/text) as an attacker would. */
export function rehash(operation: Operation): Operation {
  const edited = JSON.parse(JSON.stringify(operation)) as Operation;
  if (edited.kind === 'security-descriptor') {
    for (const side of ['before', 'after'] as const) {
      edited[side].sddl = toSddl(
        parseSecurityDescriptor(Buffer.from(edited[side].base64, 'base64')),
        parseSid(DOMAIN_SID),
      );
    }
  }
  if (edited.kind === 'file') {
    for (const side of ['before', 'after'] as const) {
      const bytes = Buffer.from(edited[side].base64, 'base64');
      edited[side].text =
        bytes[0] === 0xff ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8');
    }
  }
  return {
    ...edited,
    fingerprint: beforeFingerprint(edited),
    afterFingerprint: afterFingerprint(edited),
  } as Operation;
}

/** The error validatePlan refuses a plan with (the test fails if the plan is accepted). */
export function refusal(json: unknown): WizardError {
  try {
    validatePlan(json);
  } catch (error) {
    if (error instanceof WizardError) return error;
    throw error;
  }
  throw new Error('the plan was accepted');
}
