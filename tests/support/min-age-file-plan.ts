/**
 * The smallest real writeback plan that needs no DC: the Minimum password age step's edit of the
 * Default Domain Policy's GptTmpl.inf, in a SYSVOL folder the test owns. Tests of apply,
 * rollback, journals and evidence packs run it for real on the file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planFormatVersion, type Plan } from '../../shared/plan';
import { fileOperation } from '../../main/operations/file';

export const defaultDomainPolicyGuid = '{31B2F340-016D-11D2-945F-00C04FB984F9}';

/** `<sysvol>/Policies/{31B2…}/MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf`, written. */
export function writeGptTmpl(sysvol: string, bytes: Buffer): string {
  const secEdit = join(
    sysvol,
    'Policies',
    defaultDomainPolicyGuid,
    'MACHINE',
    'Microsoft',
    'Windows NT',
    'SecEdit',
  );
  mkdirSync(secEdit, { recursive: true });
  const inf = join(secEdit, 'GptTmpl.inf');
  writeFileSync(inf, bytes);
  return inf;
}

/** A plan setting the file's MinimumPasswordAge from 1 to 0 days (plain ASCII unless given). */
export function minAgeFilePlan(
  sysvol: string,
  before = Buffer.from('[System Access]\r\nMinimumPasswordAge = 1\r\n'),
  after = Buffer.from('[System Access]\r\nMinimumPasswordAge = 0\r\n'),
): { plan: Plan; inf: string } {
  const inf = writeGptTmpl(sysvol, before);
  const plan: Plan = {
    formatVersion: planFormatVersion,
    createdAt: new Date().toISOString(),
    source: { sysvol },
    steps: ['min-password-age'],
    operations: [
      fileOperation({
        step: 'min-password-age',
        summary: 'Minimum password age 1 → 0 days',
        path: inf,
        before,
        after,
      }),
    ],
    notes: [],
  };
  return { plan, inf };
}
