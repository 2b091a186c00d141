/**
 * One target of a run in the evidence pack: its before and after as the admin reads them (SDDL,
 * file text, attribute values, a Connect switch), the before-image the run journaled, and the
 * exact commands that put the before-image back by hand, without this tool.
 */
import type { Operation } from '../../shared/plan';
import { describeTarget } from '../../shared/plan';
import { textFile } from '../operations/by-hand';
import type { AddFile } from '../operations/kind';
import { kindOf } from '../operations/registry';

export interface TargetFiles {
  /** Folder inside the pack, e.g. `targets/01-security-descriptor`. */
  readonly folder: string;
  readonly files: ReadonlyMap<string, Buffer>;
  /** Markdown: how to restore this target by hand (empty when it was never written). */
  readonly rollbackByHand: string;
}

/**
 * The files and the by-hand rollback of operation `index`. `journaledBefore` is the image read
 * just before the write (undefined when the run never reached this target).
 */
export function targetFiles(
  operation: Operation,
  index: number,
  state: string,
  journaledBefore: unknown,
): TargetFiles {
  const folder = `targets/${String(index + 1).padStart(2, '0')}-${operation.kind}`;
  const files = new Map<string, Buffer>();
  const add: AddFile = (name, bytes) => files.set(`${folder}/${name}`, bytes);
  add(
    'operation.json',
    textFile(
      JSON.stringify({ state, described: describeTarget(operation), ...operation }, null, 2),
    ),
  );
  const steps = kindOf(operation).restoreByHand(
    operation,
    (journaledBefore ?? undefined) as never,
    add,
    folder,
  );
  const title = `### ${index + 1}. ${describeTarget(operation)} (${state})`;
  const rollbackByHand =
    steps.length === 0
      ? `${title}\n\nNever written by this run: nothing to restore.\n`
      : `${title}\n\n${operation.summary}\n\n${steps.join('\n')}\n`;
  return { folder, files, rollbackByHand };
}
