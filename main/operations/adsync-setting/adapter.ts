/**
 * The target adapter for AD Connect switches: read through ADSync, written with the command
 * rebuilt from the plan's validated fields, each where its plan was made (the location is in
 * the validated plan or journal), so a plan made over remoting is applied over remoting.
 */
import type { AdsyncSettingOperation } from '../../../shared/plan';
import type { TargetAdapter } from '../kind';
import {
  readAdsyncState,
  setSettingScript,
  signedInCompanyFeatureScript,
} from '../../adsync/adsync-state';
import { describeLocation, type PowerShellRunner } from '../../adsync/powershell-runner';
import { WizardError, ExitCode } from '../../../shared/errors';

export function adsyncSettingAdapter(
  connectServer: (location: string) => PowerShellRunner,
): TargetAdapter<'adsync-setting'> {
  const runnerFor = (operation: AdsyncSettingOperation) => connectServer(operation.adsync);
  return {
    kind: 'adsync-setting',
    async read(operation) {
      const runner = runnerFor(operation);
      const state = await readAdsyncState(runner);
      if (operation.target === 'PasswordWriteback') {
        const enabled = state.passwordWriteback[operation.connector];
        if (enabled === undefined) {
          throw new WizardError(
            'adsync-connector-missing',
            `The Entra connector "${operation.connector}" is not on ${describeLocation(runner.location)}.`,
            'Plan again against the Connect server that holds it.',
          );
        }
        return { enabled };
      }
      if (state.companyFeatureNeedsSignIn) {
        // Read before anything is written (apply and rollback), so the run stops whole.
        throw new WizardError(
          'adsync-admin-sign-in-required',
          `Set-ADSyncAADCompanyFeature on ${describeLocation(runner.location)} (Connect ${state.connectVersion ?? 'version not reported'}) now signs an Entra administrator in interactively (-AADUserName), which this tool's non-interactive PowerShell cannot do; the Connect server was probably upgraded since the plan was made.`,
          `On the Connect server, as a Hybrid Identity Administrator, run ${signedInCompanyFeatureScript(operation.after.enabled)} and sign in when asked (to undo, run it with ${operation.before.enabled ? '$true' : '$false'}); then plan again: the plan leaves this switch to you.`,
          ExitCode.drift,
        );
      }
      return { enabled: state.companyFeatures.ForcePasswordChangeOnLogOn ?? false };
    },
    async write(operation, image) {
      const runner = runnerFor(operation);
      // The script is rebuilt from the validated fields, never taken as text from the plan file.
      await runner.run(
        `Import-Module ADSync\n${setSettingScript(operation.target, operation.connector, image.enabled)}\n$null`,
      );
    },
  };
}
