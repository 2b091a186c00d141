/**
 * Fingerprints: sha256 of the exact state read, computed the same way at plan time, at apply
 * time (drift), after the write (read back) and at rollback (changed again since?).
 */
import { createHash } from 'node:crypto';
import type { ImageOf, Operation, OperationKind } from '../../shared/plan';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The fingerprint of an image (a before or after) of an operation of this kind. */
export function fingerprintImage<K extends OperationKind>(kind: K, image: ImageOf<K>): string {
  switch (kind) {
    case 'security-descriptor':
    case 'file':
      // The bytes themselves: the SDDL and the text are for people, the bytes are the state.
      return sha256Hex(Buffer.from((image as { base64: string }).base64, 'base64'));
    case 'attribute':
      // LDAP values are a set: the server may return them in any order.
      return sha256Hex(JSON.stringify([...(image as string[])].sort()));
    case 'adsync-setting':
      return sha256Hex(JSON.stringify({ enabled: (image as { enabled: boolean }).enabled }));
    default:
      throw new Error(`Unknown operation kind ${String(kind)}`);
  }
}

export function beforeFingerprint(operation: Operation): string {
  return fingerprintImage(operation.kind, operation.before as ImageOf<typeof operation.kind>);
}

export function afterFingerprint(operation: Operation): string {
  return fingerprintImage(operation.kind, operation.after as ImageOf<typeof operation.kind>);
}

/** Canonical JSON (sorted keys) so a plan's hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash of a plan's operations: the journal's run header names the plan by it. */
export function planHash(operations: readonly Operation[]): string {
  return sha256Hex(canonicalJson(operations));
}
