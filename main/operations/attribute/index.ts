/**
 * The `attribute` kind: one LDAP attribute of one object, replaced whole (minPwdAge on the
 * domain head, msDS-MinimumPasswordAge on a PSO, a GPO's versionNumber and extension names).
 */
import { attributeOperation as attributeSchema } from '../../../shared/plan';
import { psQuote } from '../../adsync/powershell-runner';
import { ldifDn, ldifValue, textFile } from '../by-hand';
import type { OperationKindModule } from '../kind';
import { requireBaseDn } from '../domain-scope';
import { attributeAdapter } from './adapter';
import { attributeFingerprint } from './fingerprint';
import { checkGpoPairs } from './gpo-pairing';
import { attributeMeaning } from './meaning';

export { attributeOperation } from './build';

export const attributeKind: OperationKindModule<'attribute'> = {
  kind: 'attribute',
  image: attributeSchema.shape.before,
  reaches: 'directory',
  fingerprint: attributeFingerprint,
  // Values are plain strings: nothing in an attribute operation describes anything else.
  checkConsistency: () => undefined,
  judge: (plan) => (operation, refuse) =>
    attributeMeaning(operation, requireBaseDn(plan, refuse), refuse),
  checkPlan: checkGpoPairs,
  changeLines: (operation) => [
    `- ${operation.attribute}: ${operation.before.join(' | ') || '(not set)'}`,
    `+ ${operation.attribute}: ${operation.after.join(' | ') || '(not set)'}`,
  ],
  restoreByHand(operation, before, add, folder) {
    add('plan-before.txt', textFile(operation.before.join('\n')));
    add('plan-after.txt', textFile(operation.after.join('\n')));
    if (before === undefined) return [];
    add('journal-before.txt', textFile(before.join('\n')));
    add(
      'rollback.ldif',
      textFile(
        [
          ldifDn(operation.target),
          'changetype: modify',
          `replace: ${operation.attribute}`,
          ...before.map((v) => ldifValue(operation.attribute, v)),
          '-',
          '',
        ].join('\n'),
      ),
    );
    const identity = psQuote(operation.target);
    const name = psQuote(operation.attribute);
    return [
      before.length === 0
        ? `    Set-ADObject -Server <dc> -Identity ${identity} -Clear ${name}`
        : `    Set-ADObject -Server <dc> -Identity ${identity} -Replace @{ ${name} = @(${before.map((v) => psQuote(v)).join(', ')}) }`,
      'Or with OpenLDAP:',
      `    ldapmodify -H ldaps://<dc> -D <admin> -W -f ${folder}/rollback.ldif`,
    ];
  },
  // Policy (minPwdAge, a PSO, a GPO's version) is written on the PDC emulator when the run has it.
  adapter: (reach) => {
    const directory = reach.policyDirectory ?? reach.directory;
    return directory ? attributeAdapter(directory) : undefined;
  },
};
