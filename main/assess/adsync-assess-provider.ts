/**
 * The AD Connect server's side of `writeback assess`: what the Optional features step reads
 * (Password writeback per Entra connector, staging mode, the Connect version), as checks. With
 * --adsync none the step's own "not reached" check says so and which commands to run there.
 */
import type { PowerShellRunner } from '../adsync/powershell-runner';
import { optionalFeaturesStep } from '../steps/optional-features';
import type { AssessProvider } from './assess-provider';

export function adsyncAssessProvider(runner: PowerShellRunner | undefined): AssessProvider {
  return {
    name: 'adsync',
    title: 'AD Connect server',
    async assess() {
      const inspection = await optionalFeaturesStep.inspect({
        runner,
        syncForcePasswordChange: false,
      });
      const { state } = inspection;
      return {
        checks: inspection.checks,
        blockers: [],
        // Connector names, switches and the version: nothing secret crosses into the report.
        facts: state.reachable
          ? {
              reachable: true,
              location: state.location,
              connectVersion: state.adsync.connectVersion,
              stagingModeEnabled: state.adsync.stagingModeEnabled,
              passwordWriteback: state.adsync.passwordWriteback,
              companyFeatures: state.adsync.companyFeatures,
              optionalFeatures: state.adsync.optionalFeatures,
            }
          : { reachable: false },
      };
    },
  };
}
