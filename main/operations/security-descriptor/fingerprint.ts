import type { ImageOf } from '../../../shared/plan';
import { sha256Hex } from '../sha256';

/** The descriptor's bytes: the SDDL is for people, the bytes are the state. */
export const securityDescriptorFingerprint = (image: ImageOf<'security-descriptor'>): string =>
  sha256Hex(Buffer.from(image.base64, 'base64'));
