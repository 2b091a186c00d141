/**
 * Fingerprints: sha256 of the exact state read, computed the same way at plan time, at apply
 * time (drift), after the write (read back) and at rollback (changed again since?). Each kind
 * says how its images are hashed (main/operations/<kind>/fingerprint.ts).
 */
import type { ImageOf, Operation } from '../../shared/plan';
import { fingerprintImage } from '../operations/registry';
import { sha256Hex } from '../operations/sha256';

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
