/**
 * Everything the Connect wizard's Optional features page shows, read in one PowerShell run
 * (remoting is slow to set up, so one round trip).
 */
import {
  entraConnectorId,
  parseCompanyFeatures,
  parseCompanyFeatureSignIn,
  parseConnectors,
  parseGlobalSettings,
  parsePasswordResetConfiguration,
  parseScheduler,
  type AdsyncConnector,
  type CompanyFeatures,
} from './parsers';
import { psQuote, type PowerShellRunner } from './powershell-runner';
import { WizardError } from '../../shared/errors';

export interface AdsyncState {
  readonly connectors: readonly AdsyncConnector[];
  /** Password writeback per Entra connector name. */
  readonly passwordWriteback: Readonly<Record<string, boolean>>;
  readonly companyFeatures: CompanyFeatures;
  /** Set-ADSyncAADCompanyFeature needs an interactive Entra admin sign-in (-AADUserName). */
  readonly companyFeatureNeedsSignIn: boolean;
  readonly optionalFeatures: Readonly<Record<string, boolean>>;
  readonly connectVersion?: string;
  readonly stagingModeEnabled: boolean;
}

export const readStateScript = [
  'Import-Module ADSync',
  "$connectors = @(Get-ADSyncConnector | Select-Object Name, @{ n = 'Identifier'; e = { $_.Identifier.ToString() } }, ConnectorTypeName, Subtype, ConnectivityParameters)",
  `$reset = @($connectors | Where-Object { $_.Identifier -eq ${psQuote(entraConnectorId)} } | ForEach-Object { @{ Connector = $_.Name; Configuration = (Get-ADSyncAADPasswordResetConfiguration -Connector $_.Name) } })`,
  "$signIn = @((Get-Command Set-ADSyncAADCompanyFeature).Parameters.Keys) -contains 'AADUserName'",
  '@{ Connectors = $connectors; PasswordReset = $reset; CompanyFeature = (Get-ADSyncAADCompanyFeature); CompanyFeatureSignIn = $signIn; GlobalSettings = (Get-ADSyncGlobalSettings); Scheduler = (Get-ADSyncScheduler) }',
].join('\n');

export async function readAdsyncState(runner: PowerShellRunner): Promise<AdsyncState> {
  const output = (await runner.run(readStateScript)) as Record<string, unknown> | null;
  if (output === null || typeof output !== 'object') {
    throw new WizardError(
      'adsync-unexpected-output',
      'The ADSync state read returned nothing.',
      'Run Get-ADSyncConnector on the Connect server to check the module works.',
    );
  }
  const resets = (
    Array.isArray(output.PasswordReset)
      ? output.PasswordReset
      : output.PasswordReset
        ? [output.PasswordReset]
        : []
  ) as {
    Connector?: unknown;
    Configuration?: unknown;
  }[];
  const globalSettings = parseGlobalSettings(output.GlobalSettings);
  return {
    connectors: parseConnectors(output.Connectors),
    passwordWriteback: Object.fromEntries(
      resets.map((reset) => [
        String(reset.Connector),
        parsePasswordResetConfiguration(reset.Configuration).enabled,
      ]),
    ),
    companyFeatures: parseCompanyFeatures(output.CompanyFeature),
    companyFeatureNeedsSignIn: parseCompanyFeatureSignIn(output.CompanyFeatureSignIn),
    optionalFeatures: globalSettings.optionalFeatures,
    ...(globalSettings.connectVersion ? { connectVersion: globalSettings.connectVersion } : {}),
    stagingModeEnabled: parseScheduler(output.Scheduler).stagingModeEnabled,
  };
}

/** The PowerShell that sets one switch (ADSync cmdlets ask for confirmation unless told not to). */
export function setSettingScript(
  setting: 'PasswordWriteback' | 'ForcePasswordChangeOnLogOn',
  connector: string,
  enabled: boolean,
): string {
  const value = enabled ? '$true' : '$false';
  return setting === 'PasswordWriteback'
    ? `Set-ADSyncAADPasswordResetConfiguration -Connector ${psQuote(connector)} -Enable ${value} -Confirm:$false`
    : `Set-ADSyncAADCompanyFeature -ForcePasswordChangeOnLogOn ${value} -Confirm:$false`;
}

/**
 * The command an admin runs on the Connect server where Set-ADSyncAADCompanyFeature signs an
 * Entra administrator in (Entra Connect 2.6.84.0 and later). The tool cannot run it, as it
 * runs PowerShell non-interactively; it shows it and verifies the result on the next read.
 */
export function signedInCompanyFeatureScript(enabled: boolean): string {
  return `Set-ADSyncAADCompanyFeature -ForcePasswordChangeOnLogOn ${enabled ? '$true' : '$false'} -AADUserName '<your Hybrid Identity Administrator UPN>'`;
}
