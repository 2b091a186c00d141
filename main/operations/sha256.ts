import { createHash } from 'node:crypto';

/** sha256 in lower-case hex: every fingerprint of a plan and a journal. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
