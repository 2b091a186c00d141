/** What an ADSync switch operation does: a writeback plan only turns switches on, where it read them. */
import type { AdsyncSettingOperation } from '../../../shared/plan';
import type { Refuse } from '../kind';

export function adsyncMeaning(
  operation: AdsyncSettingOperation,
  readOn: string | undefined,
  refuse: Refuse,
): string {
  if (readOn === undefined || operation.adsync !== readOn) {
    refuse(
      `changes ADSync on ${operation.adsync}, but the plan read ADSync on ${readOn ?? 'no Connect server'}`,
    );
  }
  if (!operation.after.enabled) refuse(`turns ${operation.target} off`);
  return `turns on ${operation.target} for ${operation.connector} on ${operation.adsync}`;
}
