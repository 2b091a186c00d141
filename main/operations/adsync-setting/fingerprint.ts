import type { ImageOf } from '../../../shared/plan';
import { sha256Hex } from '../sha256';

/** The switch's state, as canonical JSON. */
export const adsyncSettingFingerprint = (image: ImageOf<'adsync-setting'>): string =>
  sha256Hex(JSON.stringify({ enabled: image.enabled }));
