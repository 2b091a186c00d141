/** A DACL restored by hand: PowerShell's Set-Acl, or ldapmodify with the SD flags control. */
import type { ImageOf, SecurityDescriptorOperation } from '../../../shared/plan';
import { psQuote } from '../../adsync/powershell-runner';
import { daclOnlyControl, ldifDn, textFile } from '../by-hand';
import type { AddFile } from '../kind';

export function restoreDaclByHand(
  operation: SecurityDescriptorOperation,
  before: ImageOf<'security-descriptor'> | undefined,
  add: AddFile,
  folder: string,
): string[] {
  add('plan-before.sddl', textFile(operation.before.sddl));
  add('plan-after.sddl', textFile(operation.after.sddl));
  if (before === undefined) return [];
  add('journal-before.sddl', textFile(before.sddl));
  add(
    'rollback.ldif',
    textFile(
      [
        ldifDn(operation.target),
        'changetype: modify',
        'replace: nTSecurityDescriptor',
        `nTSecurityDescriptor:: ${before.base64}`,
        '-',
        '',
      ].join('\n'),
    ),
  );
  // -LiteralPath: -Path would read [ ] * ? in a DN as wildcards and match another object, or none.
  const path = psQuote(`AD:${operation.target}`);
  return [
    'On a Windows machine with the ActiveDirectory module (DACL only):',
    `    Import-Module ActiveDirectory; $acl = Get-Acl -LiteralPath ${path}; $acl.SetSecurityDescriptorSddlForm(${psQuote(before.sddl)}, 'Access'); Set-Acl -LiteralPath ${path} -AclObject $acl`,
    'Or with OpenLDAP (the SD flags control writes the DACL only):',
    `    ldapmodify -H ldaps://<dc> -D <admin> -W -e '${daclOnlyControl}' -f ${folder}/rollback.ldif`,
  ];
}
