/**
 * An object's replPropertyMetaData (MS-DRSR 5.166 PROPERTY_META_DATA_EXT_VECTOR, as AD and
 * Samba store it: replPropertyMetaDataBlob version 1): per attribute, its version, when and on
 * which DC (invocation id) the last originating write was made. A password reset raises
 * unicodePwd's version on the DC that took it; replication carries the same version and origin
 * to every other DC, which is how convergence is proven rather than assumed.
 */
import { parseGuid } from '../../shared/sd';

/** Attribute ids (ATTRTYP, MS-ADA3) of the attributes writeback writes. */
export const AttributeId = {
  unicodePwd: 0x9005a,
  pwdLastSet: 0x90060,
} as const;

export interface AttributeMetadata {
  readonly attributeId: number;
  readonly version: number;
  /** ISO 8601, one-second resolution (NTTIME_1sec). */
  readonly originatingChangeTime: string;
  /** invocationId of the DC where the write originated. */
  readonly originatingInvocationId: string;
  readonly originatingUsn: bigint;
  readonly localUsn: bigint;
}

const headerBytes = 16;
const entryBytes = 48;
/** Seconds from 1601-01-01 (the NTTIME epoch) to 1970-01-01. */
const secondsFrom1601To1970 = 11_644_473_600n;

/** Parses the blob; throws on a version or length it does not know (never guesses). */
export function parseReplPropertyMetaData(blob: Uint8Array): AttributeMetadata[] {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.byteLength < headerBytes || view.getUint32(0, true) !== 1) {
    throw new Error('replPropertyMetaData is not a version 1 blob');
  }
  const count = view.getUint32(8, true);
  if (blob.byteLength < headerBytes + count * entryBytes) {
    throw new Error(`replPropertyMetaData holds ${count} entries but is ${blob.byteLength} bytes`);
  }
  const entries: AttributeMetadata[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = headerBytes + i * entryBytes;
    // NTTIME_1sec: whole seconds since 1601 (Samba's IDL; what AD and Samba store).
    const seconds = view.getBigUint64(at + 8, true);
    entries.push({
      attributeId: view.getUint32(at, true),
      version: view.getUint32(at + 4, true),
      originatingChangeTime: new Date(
        Number((seconds - secondsFrom1601To1970) * 1000n),
      ).toISOString(),
      originatingInvocationId: parseGuid(blob, at + 16),
      originatingUsn: view.getBigUint64(at + 32, true),
      localUsn: view.getBigUint64(at + 40, true),
    });
  }
  return entries;
}

export function metadataOf(
  entries: readonly AttributeMetadata[],
  attributeId: number,
): AttributeMetadata | undefined {
  return entries.find((entry) => entry.attributeId === attributeId);
}
