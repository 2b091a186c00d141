import type { ImageOf } from '../../../shared/plan';
import { sha256Hex } from '../sha256';

/** LDAP values are a set: the server may return them in any order. */
export const attributeFingerprint = (image: ImageOf<'attribute'>): string =>
  sha256Hex(JSON.stringify([...image].sort()));
