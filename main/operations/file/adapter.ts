/**
 * Files (GptTmpl.inf, GPT.INI): read whole, written whole and atomically (temporary file in
 * the same folder, fsync, rename), so SYSVOL never holds a half-written policy file.
 */
import { fileProblem } from '../../platform/file-problem';
import { readFile } from 'node:fs/promises';
import { WizardError } from '../../../shared/errors';
import type { FileOperation } from '../../../shared/plan';
import { writeFileAtomic } from '../../sysvol/atomic-write';
import { decodeText } from './decode-text';
import type { TargetAdapter } from '../kind';
import { field } from '../../../shared/fields';

export function fileAdapter(): TargetAdapter<'file'> {
  return {
    kind: 'file',
    async read(operation: FileOperation) {
      let bytes: Buffer;
      try {
        bytes = await readFile(operation.target);
      } catch (error) {
        throw new WizardError(
          'file-unreadable',
          `Cannot read ${operation.target}: ${fileProblem(error)}.`,
          `Check that ${field('sysvol')} points at the domain SYSVOL folder and that this account may read it.`,
          undefined,
          { cause: error },
        );
      }
      return { base64: bytes.toString('base64'), text: decodeText(bytes) };
    },
    async write(operation: FileOperation, image) {
      try {
        await writeFileAtomic(operation.target, Buffer.from(image.base64, 'base64'));
      } catch (error) {
        throw new WizardError(
          'file-unwritable',
          `Cannot write ${operation.target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. The file was left as it was.`,
          "Run as an account that may change the GPO in SYSVOL (Domain Admins or the GPO's editors).",
          undefined,
          { cause: error },
        );
      }
    },
  };
}
