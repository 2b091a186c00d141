/** An AD Connect setting: a switch on the Entra connector or a tenant feature, set through ADSync. */
import { z } from 'zod';
import { commonFields, type OperationKindFacts } from '../operation-fields';
import { plainLine } from '../plain';

const settingState = z.strictObject({ enabled: z.boolean() });

export const adsyncSettingOperation = z.strictObject({
  kind: z.literal('adsync-setting'),
  ...commonFields,
  /** The setting's name, e.g. `PasswordWriteback` or `ForcePasswordChangeOnLogOn`. */
  target: z.enum(['PasswordWriteback', 'ForcePasswordChangeOnLogOn']),
  /** The Entra connector's name (the one ending "- AAD"). */
  connector: plainLine().min(1).max(256),
  /** Where ADSync is reached: `local` or `remote:<host>`. */
  adsync: z.string().regex(/^(local|remote:[A-Za-z0-9.-]+)$/),
  before: settingState,
  after: settingState,
  /** The PowerShell that makes `after` true (shown, and run by the adapter). */
  powershell: z.string().min(1).max(2000),
  /** The PowerShell that restores `before` (run by rollback). */
  rollbackPowershell: z.string().min(1).max(2000),
});
export type AdsyncSettingOperation = z.infer<typeof adsyncSettingOperation>;

export const adsyncSettingFacts: OperationKindFacts<typeof adsyncSettingOperation> = {
  schema: adsyncSettingOperation,
  targetKey: (operation) => `adsync:${operation.adsync}:${operation.connector}:${operation.target}`,
  describeTarget: (operation) => `${operation.target} on ${operation.connector}`,
  changeView: (operation) => ({
    shape: 'before-after',
    what: 'Setting',
    name: operation.target,
    before: operation.before.enabled ? 'On' : 'Off',
    after: operation.after.enabled ? 'On' : 'Off',
  }),
};
