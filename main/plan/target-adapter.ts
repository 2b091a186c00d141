/**
 * The plan engine's reads and writes of a target, through its kind's adapter (the registry,
 * main/operations/registry.ts). The engine fingerprints what `read` returns exactly as the plan
 * did, so drift, read-back and "changed again since" all mean one thing.
 */
import { WizardError, ExitCode } from '../../shared/errors';
import type { Operation, OperationKind, OperationOf } from '../../shared/plan';
import type { TargetAdapter } from '../operations/kind';
import { howToReach } from '../operations/reach';
import { fingerprintImage, kindOf, type TargetAdapters } from '../operations/registry';

export function adapterFor<K extends OperationKind>(
  adapters: TargetAdapters,
  operation: OperationOf<K>,
): TargetAdapter<K> {
  const adapter = adapters[operation.kind] as TargetAdapter<K> | undefined;
  if (!adapter) {
    throw new WizardError(
      'adapter-missing',
      `The plan changes ${operation.kind} targets, which cannot be reached from this run.`,
      howToReach[kindOf(operation).reaches],
      ExitCode.usage,
    );
  }
  return adapter;
}

/** Reads an operation's target and returns its fingerprint (and the image read). */
export async function readFingerprint(
  adapters: TargetAdapters,
  operation: Operation,
): Promise<{ image: unknown; fingerprint: string }> {
  const adapter = adapterFor(adapters, operation) as TargetAdapter<OperationKind>;
  const image = await adapter.read(operation as never);
  return { image, fingerprint: fingerprintImage(operation.kind, image as never) };
}

export async function writeImage(
  adapters: TargetAdapters,
  operation: Operation,
  image: unknown,
  direction: 'apply' | 'rollback',
): Promise<void> {
  const adapter = adapterFor(adapters, operation) as TargetAdapter<OperationKind>;
  await adapter.write(operation as never, image as never, direction);
}

/** Is the state read (`actual`) what `intended` asked for? (Exact, unless the adapter knows better.) */
export function imageMatches(
  adapters: TargetAdapters,
  operation: Operation,
  actual: unknown,
  intended: unknown,
): boolean {
  const adapter = adapterFor(adapters, operation) as TargetAdapter<OperationKind>;
  if (adapter.matches)
    return adapter.matches(operation as never, actual as never, intended as never);
  return (
    fingerprintImage(operation.kind, actual as never) ===
    fingerprintImage(operation.kind, intended as never)
  );
}
