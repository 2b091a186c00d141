/**
 * The `file` kind: a GPO's GptTmpl.inf or GPT.INI in SYSVOL, read and written whole (the
 * Minimum password age step).
 */
import { fileOperation as fileSchema } from '../../../shared/plan';
import { psQuote } from '../../adsync/powershell-runner';
import { unifiedDiff } from '../../sysvol/text-diff';
import { textFile } from '../by-hand';
import type { OperationKindModule } from '../kind';
import { fileAdapter } from './adapter';
import { decodeText } from './decode-text';
import { fileFingerprint } from './fingerprint';
import { fileMeaning } from './meaning';

export { fileOperation } from './build';
export { fileAdapter } from './adapter';

export const fileKind: OperationKindModule<'file'> = {
  kind: 'file',
  image: fileSchema.shape.before,
  reaches: 'sysvol',
  fingerprint: fileFingerprint,
  checkConsistency(operation, refuse) {
    for (const side of ['before', 'after'] as const) {
      if (decodeText(Buffer.from(operation[side].base64, 'base64')) !== operation[side].text) {
        refuse(`${side}.text`, 'does not match the file bytes');
      }
    }
  },
  judge: (plan) => (operation, refuse) => fileMeaning(operation, plan.source.sysvol, refuse),
  changeLines: (operation) =>
    unifiedDiff(operation.target, operation.before.text, operation.after.text)
      .trimEnd()
      .split('\n')
      .map((line) => line.replace(/\r$/, ''))
      .filter((line) => !/^(====|--- |\+\+\+ )/.test(line)),
  restoreByHand(operation, before, add, folder) {
    add('plan-before.txt', textFile(operation.before.text));
    add('plan-after.txt', textFile(operation.after.text));
    if (before === undefined) return [];
    add('journal-before.bin', Buffer.from(before.base64, 'base64'));
    return [
      "Copy the exact bytes back over the file (its ACL stays the file's own):",
      `    Copy-Item -LiteralPath ${psQuote(`${folder}/journal-before.bin`)} -Destination ${psQuote(operation.target)} -Force`,
      `    cp ${folder}/journal-before.bin '${operation.target.replace(/'/g, "'\\''")}'`,
    ];
  },
  adapter: () => fileAdapter(),
};
