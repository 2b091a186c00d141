/** An AD Connect switch as Optional features plans it, with the PowerShell that sets and restores it. */
import type { AdsyncSettingOperation } from '../../../shared/plan';
import { commonOf, type Common } from '../common';
import { adsyncSettingFingerprint } from './fingerprint';

export function adsyncSettingOperation(
  input: Common &
    Pick<
      AdsyncSettingOperation,
      'target' | 'connector' | 'adsync' | 'powershell' | 'rollbackPowershell'
    > & {
      readonly before: boolean;
      readonly after: boolean;
    },
): AdsyncSettingOperation {
  const before = { enabled: input.before };
  const after = { enabled: input.after };
  return {
    kind: 'adsync-setting',
    ...commonOf(input),
    target: input.target,
    connector: input.connector,
    adsync: input.adsync,
    powershell: input.powershell,
    rollbackPowershell: input.rollbackPowershell,
    equivalentCommand: input.powershell,
    before,
    after,
    fingerprint: adsyncSettingFingerprint(before),
    afterFingerprint: adsyncSettingFingerprint(after),
  };
}
