/**
 * The `adsync-setting` kind: a switch on the Connect server (password writeback on the Entra
 * connector, a tenant company feature), set through the ADSync cmdlets (Optional features).
 */
import { adsyncSettingOperation as adsyncSettingSchema } from '../../../shared/plan';
import { setSettingScript } from '../../adsync/adsync-state';
import { textFile } from '../by-hand';
import type { OperationKindModule } from '../kind';
import { adsyncSettingAdapter } from './adapter';
import { adsyncSettingFingerprint } from './fingerprint';
import { adsyncMeaning } from './meaning';

export { adsyncSettingOperation } from './build';
export { adsyncSettingAdapter } from './adapter';

export const adsyncSettingKind: OperationKindModule<'adsync-setting'> = {
  kind: 'adsync-setting',
  image: adsyncSettingSchema.shape.before,
  reaches: 'connect-server',
  fingerprint: adsyncSettingFingerprint,
  checkConsistency(operation, refuse) {
    // The commands shown must be the ones the adapter runs for this setting and connector.
    if (
      operation.powershell !==
      setSettingScript(operation.target, operation.connector, operation.after.enabled)
    ) {
      refuse(
        'powershell',
        `is not the command that sets ${operation.target} on ${operation.connector}`,
      );
    }
    if (
      operation.rollbackPowershell !==
      setSettingScript(operation.target, operation.connector, operation.before.enabled)
    ) {
      refuse('rollbackPowershell', `is not the command that restores ${operation.target}`);
    }
  },
  judge: (plan) => (operation, refuse) => adsyncMeaning(operation, plan.source.adsync, refuse),
  changeLines: (operation) => [
    `- ${operation.target}: ${operation.before.enabled ? 'on' : 'off'}`,
    `+ ${operation.target}: ${operation.after.enabled ? 'on' : 'off'}`,
    `PowerShell: ${operation.powershell}`,
  ],
  restoreByHand(operation, before, add) {
    add('plan-before.json', textFile(JSON.stringify(operation.before)));
    add('plan-after.json', textFile(JSON.stringify(operation.after)));
    if (before === undefined) return [];
    add('journal-before.json', textFile(JSON.stringify(before)));
    return [
      `On the Connect server (${operation.adsync}), as an ADSyncAdmins member:`,
      `    ${operation.rollbackPowershell}`,
    ];
  },
  adapter: (reach) => (reach.connectServer ? adsyncSettingAdapter(reach.connectServer) : undefined),
};
