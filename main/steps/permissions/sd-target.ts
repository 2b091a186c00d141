/**
 * The security-descriptor target: re-read every target and refuse on drift before anything
 * is written; write the DACL only; read back and confirm; restore a before-image on rollback,
 * refusing where the target changed again since. Used until main/plan's engine takes it as
 * its `security-descriptor` adapter.
 */
import { ExitCode, WizardError } from '../../../shared/errors';
import { AceFlag, aceKey, parseSecurityDescriptor, SdControl, type Ace } from '../../../shared/sd';
import type { PermissionsDirectory } from './directory-port';
import { fingerprintOf, fromBase64, toBase64, type PermissionsChange } from './operation';

/** What was written, for the journal and for rollback. */
export interface AppliedSecurityDescriptor {
  readonly target: string;
  readonly beforeBase64: string;
  /** The bytes the DC holds after the write (it may add inherited ACEs when inheritance is enabled). */
  readonly afterBase64: string;
}

const explicitKeys = (aces: readonly Ace[]): string[] =>
  aces
    .filter((ace) => !(ace.flags & AceFlag.inherited))
    .map(aceKey)
    .sort();

/**
 * Whether what the DC now holds is what the operation wrote: the same explicit ACEs and the
 * same "protected" flag. Inherited ACEs are the DC's to compute (MS-ADTS 3.1.1.5.3.3.5).
 */
export function matchesIntended(actual: Uint8Array, intended: Uint8Array): boolean {
  const a = parseSecurityDescriptor(actual);
  const b = parseSecurityDescriptor(intended);
  const keysA = explicitKeys(a.dacl?.aces ?? []);
  const keysB = explicitKeys(b.dacl?.aces ?? []);
  return (
    (a.control & SdControl.daclProtected) === (b.control & SdControl.daclProtected) &&
    keysA.length === keysB.length &&
    keysA.every((key, i) => key === keysB[i])
  );
}

function drift(targets: readonly string[]): WizardError {
  return new WizardError(
    'permissions-drift',
    `The permissions of ${targets.join('; ')} changed since the plan was made; nothing was written.`,
    'Make the plan again (writeback plan --steps permissions) and review the new diff.',
    ExitCode.drift,
  );
}

/** Re-reads every target; refuses (exit 4) naming those that differ from their fingerprint. */
export async function checkNoDrift(
  dir: PermissionsDirectory,
  operations: readonly PermissionsChange[],
): Promise<void> {
  const drifted: string[] = [];
  for (const op of operations) {
    const current = await dir.readSecurityDescriptor(op.target);
    if (fingerprintOf(current) !== op.fingerprint) drifted.push(op.target);
  }
  if (drifted.length > 0) throw drift(drifted);
}

/**
 * Applies the operations one at a time after the drift check. `record` is called with the
 * before-image BEFORE each write (the journal must hold it first) and again after the read-back.
 */
export async function applyPermissionsChanges(
  dir: PermissionsDirectory,
  operations: readonly PermissionsChange[],
  record: (event: {
    phase: 'before' | 'applied';
    applied: AppliedSecurityDescriptor;
  }) => Promise<void> | void = () => {},
): Promise<AppliedSecurityDescriptor[]> {
  await checkNoDrift(dir, operations);
  const done: AppliedSecurityDescriptor[] = [];
  for (const op of operations) {
    const before = await dir.readSecurityDescriptor(op.target);
    if (fingerprintOf(before) !== op.fingerprint) throw drift([op.target]);
    await record({
      phase: 'before',
      applied: { target: op.target, beforeBase64: toBase64(before), afterBase64: '' },
    });
    const intended = fromBase64(op.after.sdBase64);
    await dir.writeSecurityDescriptor(op.target, intended);
    const actual = await dir.readSecurityDescriptor(op.target);
    if (!matchesIntended(actual, intended)) {
      throw new WizardError(
        'permissions-readback-differs',
        `After writing the permissions of ${op.target}, the DC holds something other than planned.`,
        'Roll back with the journal, then make the plan again.',
        ExitCode.partial,
      );
    }
    const applied = {
      target: op.target,
      beforeBase64: toBase64(before),
      afterBase64: toBase64(actual),
    };
    await record({ phase: 'applied', applied });
    done.push(applied);
  }
  return done;
}

/**
 * Restores each target to its before-image, last applied first, refusing (exit 4) where a
 * target no longer holds what was written. Confirms byte for byte by reading back.
 */
export async function rollbackSecurityDescriptors(
  dir: PermissionsDirectory,
  applied: readonly AppliedSecurityDescriptor[],
): Promise<void> {
  const drifted: string[] = [];
  for (const item of applied) {
    const current = await dir.readSecurityDescriptor(item.target);
    if (toBase64(current) !== item.afterBase64 && toBase64(current) !== item.beforeBase64)
      drifted.push(item.target);
  }
  if (drifted.length > 0) throw drift(drifted);
  for (const item of [...applied].reverse()) {
    const current = await dir.readSecurityDescriptor(item.target);
    if (toBase64(current) === item.beforeBase64) continue;
    await dir.writeSecurityDescriptor(item.target, fromBase64(item.beforeBase64));
    const back = await dir.readSecurityDescriptor(item.target);
    if (toBase64(back) !== item.beforeBase64) {
      throw new WizardError(
        'permissions-restore-differs',
        `The permissions of ${item.target} read back differently from their before-image after the restore.`,
        'Compare them with the journal’s before-image (writeback sd decode) and restore by hand if needed.',
        ExitCode.partial,
      );
    }
  }
}
