/**
 * A target adapter reads and writes one kind of target (a DACL, an attribute, a file, an AD
 * Connect setting). The engine fingerprints what `read` returns exactly as the plan did, so
 * drift, read-back and "changed again since" all mean one thing.
 */
import { WizardError, ExitCode } from '../../shared/errors';
import type { ImageOf, Operation, OperationKind, OperationOf } from '../../shared/plan';
import { fingerprintImage } from './fingerprint';
import { field } from '../../shared/fields';

export interface TargetAdapter<K extends OperationKind> {
  readonly kind: K;
  /** The target's current state, as the same image shape the plan holds. */
  read(operation: OperationOf<K>): Promise<ImageOf<K>>;
  /** Makes the target hold `image` (the after when applying, the before when rolling back). */
  write(
    operation: OperationOf<K>,
    image: ImageOf<K>,
    direction: 'apply' | 'rollback',
  ): Promise<void>;
  /**
   * Whether the state read back is what was written, where the server may legitimately add to
   * it (a DC computes inherited ACEs itself). Without it, the fingerprints must be equal.
   */
  matches?(operation: OperationOf<K>, actual: ImageOf<K>, intended: ImageOf<K>): boolean;
}

export type TargetAdapters = { readonly [K in OperationKind]?: TargetAdapter<K> };

/** What reaches each kind of target, and what to give to reach it. */
const howToReach: Record<OperationKind, string> = {
  'security-descriptor': `Give ${field('dc')}, ${field('bindUser')} and ${field('password')} so the directory can be reached.`,
  attribute: `Give ${field('dc')}, ${field('bindUser')} and ${field('password')} so the directory can be reached.`,
  file: `Give ${field('sysvol')} with the domain SYSVOL folder.`,
  'adsync-setting': `Run on the AD Connect server (${field('adsync', 'local')}) or give ${field('adsync', 'remote:<host>')}.`,
};

export function adapterFor<K extends OperationKind>(
  adapters: TargetAdapters,
  operation: OperationOf<K>,
): TargetAdapter<K> {
  const adapter = adapters[operation.kind] as TargetAdapter<K> | undefined;
  if (!adapter) {
    throw new WizardError(
      'adapter-missing',
      `The plan changes ${operation.kind} targets, which cannot be reached from this run.`,
      howToReach[operation.kind],
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
