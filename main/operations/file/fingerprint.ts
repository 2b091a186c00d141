import type { ImageOf } from '../../../shared/plan';
import { sha256Hex } from '../sha256';

/** The bytes themselves: the text is for people, the bytes are the state. */
export const fileFingerprint = (image: ImageOf<'file'>): string =>
  sha256Hex(Buffer.from(image.base64, 'base64'));
