/**
 * The Optional features step (docs/product.md, "The wizard", page 5): what the Connect wizard's Optional features
 * page shows, and the plan that turns Password writeback on for each Entra connector. Once
 * writeback is on (or planned), syncing "User must change password at next logon" is offered
 * as an opt-in. Where no Connect server is reachable, the step says so and shows the commands.
 */
import type { Check } from '../../../shared/checks';
import type { Operation } from '../../../shared/plan';
import {
  readAdsyncState,
  setSettingScript,
  signedInCompanyFeatureScript,
  type AdsyncState,
} from '../../adsync/adsync-state';
import { describeLocation, type PowerShellRunner } from '../../adsync/powershell-runner';
import { adsyncSettingOperation } from '../../operations/adsync-setting';
import {
  findingsToNotes,
  type Finding,
  type Inspection,
  type PlanningStep,
  type StepPlan,
} from '../step';
import { field } from '../../../shared/fields';
import { pageTitles } from '../../../shared/wizard-pages';

export interface OptionalFeaturesOptions {
  /** The ADSync runner, or undefined for `--adsync none`. */
  readonly runner: PowerShellRunner | undefined;
  /** Opt-in: also sync "User must change password at next logon" (ForcePasswordChangeOnLogOn). */
  readonly syncForcePasswordChange: boolean;
}

/** The switches of the Connect wizard's Optional features page, by their global setting name. */
const wizardFeatures: readonly (readonly [title: string, setting: string])[] = [
  ['Exchange hybrid deployment', 'HybridExchange'],
  ['Exchange mail public folders', 'ExchangeMailPublicFolder'],
  ['Entra app and attribute filtering', 'FilterAAD'],
  ['Group writeback', 'GroupWriteBack'],
  ['Device writeback', 'DeviceWriteUp'],
  ['Directory extension attribute sync', 'DirectoryExtension'],
];

export type OptionalFeaturesState =
  | { readonly reachable: false }
  | { readonly reachable: true; readonly adsync: AdsyncState; readonly location: string };

const manualCommands = (connector: string) => [
  'Import-Module ADSync',
  "Get-ADSyncConnector | Where-Object { $_.Identifier -eq 'b891884f-051e-4a83-95af-2544101c9083' } | Select-Object Name",
  `Get-ADSyncAADPasswordResetConfiguration -Connector '${connector}'`,
  setSettingScript('PasswordWriteback', connector, true),
  'Get-ADSyncScheduler | Select-Object StagingModeEnabled',
];

export const optionalFeaturesStep: PlanningStep<OptionalFeaturesState, OptionalFeaturesOptions> = {
  id: 'optional-features',
  title: pageTitles['optional-features'],

  async inspect(options): Promise<Inspection<OptionalFeaturesState>> {
    if (!options.runner) {
      return {
        step: 'optional-features',
        state: { reachable: false },
        checks: [
          {
            id: 'adsync.reachable',
            title: 'AD Connect server',
            status: 'unknown',
            message: `No AD Connect server was reached (${field('adsync', 'none')}).`,
            fix: `Run these commands on the Connect server, or name the Connect server: ${field('adsync', 'remote:<server>')}.`,
          },
        ],
        findings: [
          {
            level: 'warning',
            message:
              'No AD Connect server is reachable from here: Password writeback cannot be read or turned on by this run. On the Connect server, as a member of ADSyncAdmins, run these. The second prints the Entra connector’s name (the one ending " - AAD", e.g. "contoso.onmicrosoft.com - AAD"): put it in place of <Entra connector name>. The last must print StagingModeEnabled False: a server in staging mode writes no password back.',
            commands: manualCommands('<Entra connector name>'),
          },
        ],
      };
    }
    const adsync = await readAdsyncState(options.runner);
    return {
      step: 'optional-features',
      state: { reachable: true, adsync, location: describeLocation(options.runner.location) },
      checks: checksFor(adsync),
      findings: findingsFor(adsync),
    };
  },

  plan(inspection, options): StepPlan {
    const notes = findingsToNotes('optional-features', inspection.findings);
    if (!inspection.state.reachable) {
      if (options.syncForcePasswordChange) notes.push(forceChangeByHand());
      return { operations: [], notes };
    }
    const { adsync, location } = inspection.state;
    const operations: Operation[] = [];
    const entra = adsync.connectors.filter((c) => c.isEntra);
    for (const connector of entra) {
      if (adsync.passwordWriteback[connector.name] === false) {
        operations.push(
          adsyncSettingOperation({
            step: 'optional-features',
            summary: `Password writeback: off → on for "${connector.name}"`,
            target: 'PasswordWriteback',
            connector: connector.name,
            adsync: location,
            before: false,
            after: true,
            powershell: setSettingScript('PasswordWriteback', connector.name, true),
            rollbackPowershell: setSettingScript('PasswordWriteback', connector.name, false),
          }),
        );
      }
    }
    const forceChange = adsync.companyFeatures.ForcePasswordChangeOnLogOn;
    if (entra.length > 0 && forceChange === false && adsync.companyFeatureNeedsSignIn) {
      // Entra Connect 2.6.84.0+: the cmdlet signs an admin in interactively; not ours to run.
      notes.push({
        step: 'optional-features',
        level: options.syncForcePasswordChange ? 'warning' : 'info',
        message: `${
          options.syncForcePasswordChange
            ? 'Sync "User must change password at next logon" is not in this plan: on'
            : 'Optional: sync "User must change password at next logon" to Entra ID (ForcePasswordChangeOnLogOn). On'
        } this Connect server (${adsync.connectVersion ?? 'version not reported'}) Set-ADSyncAADCompanyFeature signs an Entra administrator in interactively (-AADUserName), which this tool's non-interactive PowerShell cannot do. On the Connect server, as a Hybrid Identity Administrator, run these and sign in when asked; then plan again to confirm it is on:`,
        commands: [
          'Import-Module ADSync',
          signedInCompanyFeatureScript(true),
          'Get-ADSyncAADCompanyFeature | Select-Object ForcePasswordChangeOnLogOn',
        ],
      });
    } else if (entra.length > 0 && forceChange === false) {
      if (options.syncForcePasswordChange) {
        operations.push(
          adsyncSettingOperation({
            step: 'optional-features',
            summary: 'Sync "User must change password at next logon": off → on',
            optIn: true,
            target: 'ForcePasswordChangeOnLogOn',
            connector: entra[0]!.name,
            adsync: location,
            before: false,
            after: true,
            powershell: setSettingScript('ForcePasswordChangeOnLogOn', entra[0]!.name, true),
            rollbackPowershell: setSettingScript(
              'ForcePasswordChangeOnLogOn',
              entra[0]!.name,
              false,
            ),
          }),
        );
      } else {
        notes.push({
          step: 'optional-features',
          level: 'info',
          message: `Optional: sync "User must change password at next logon" to Entra ID (ForcePasswordChangeOnLogOn). Plan ${field('syncForcePasswordChange')} to include it.`,
        });
      }
    }
    return { operations, notes };
  },
};

/**
 * The opt-in when no Connect server was reached: the exact commands to run there. On Connect
 * 2.6.84.0 and later the cmdlet signs an administrator in (-AADUserName); earlier versions take
 * the switch alone, so both are given.
 */
function forceChangeByHand() {
  return {
    step: 'optional-features' as const,
    level: 'warning' as const,
    message:
      'Sync "User must change password at next logon" (ForcePasswordChangeOnLogOn) is not in this plan: no Connect server was reached. Once Password writeback is on, run these on the Connect server as a Hybrid Identity Administrator (on Connect 2.6.84.0 and later the second signs you in; on earlier versions leave out -AADUserName), then check that the last prints True:',
    commands: [
      'Import-Module ADSync',
      signedInCompanyFeatureScript(true),
      'Get-ADSyncAADCompanyFeature | Select-Object ForcePasswordChangeOnLogOn',
    ],
  };
}

function checksFor(adsync: AdsyncState): Check[] {
  const entra = adsync.connectors.filter((c) => c.isEntra);
  const writebackOn = entra.filter((c) => adsync.passwordWriteback[c.name]);
  return [
    {
      id: 'adsync.password-writeback',
      title: 'Password writeback (AD Connect)',
      status: entra.length === 0 ? 'fail' : writebackOn.length === entra.length ? 'pass' : 'warn',
      message:
        entra.length === 0
          ? 'This AD Connect server has no Entra connector.'
          : entra
              .map((c) => `${c.name}: ${adsync.passwordWriteback[c.name] ? 'on' : 'off'}`)
              .join('; '),
      fix:
        entra.length === 0
          ? 'Run the Connect wizard and connect it to your tenant.'
          : writebackOn.length === entra.length
            ? ''
            : 'Apply the plan to turn Password writeback on.',
    },
    {
      id: 'adsync.staging-mode',
      title: 'Staging mode',
      status: adsync.stagingModeEnabled ? 'warn' : 'pass',
      message: adsync.stagingModeEnabled
        ? 'This server is in staging mode: a staging server does not perform password writeback.'
        : 'This server is active (not in staging mode).',
      fix: adsync.stagingModeEnabled
        ? 'Turn writeback on on the active Connect server too (or switch this one out of staging mode).'
        : '',
    },
    {
      id: 'adsync.version',
      title: 'AD Connect version',
      status: adsync.connectVersion ? 'pass' : 'unknown',
      message: adsync.connectVersion
        ? `Microsoft Entra Connect ${adsync.connectVersion}`
        : 'The Connect version was not reported.',
      fix: '',
    },
  ];
}

function findingsFor(adsync: AdsyncState): Finding[] {
  const onOff = (on: boolean | undefined) =>
    on === undefined ? 'not reported' : on ? 'on' : 'off';
  const entra = adsync.connectors.filter((c) => c.isEntra);
  const lines = [
    ...wizardFeatures.map(
      ([title, setting]) => `${title}: ${onOff(adsync.optionalFeatures[setting])}`,
    ),
    `Password hash synchronization: ${onOff(adsync.companyFeatures.PasswordHashSync)}`,
    `Password writeback: ${entra.map((c) => onOff(adsync.passwordWriteback[c.name])).join(', ') || 'no Entra connector'}`,
  ];
  const findings: Finding[] = [
    { level: 'info', message: `AD Connect optional features: ${lines.join('; ')}.` },
  ];
  if (adsync.stagingModeEnabled) {
    findings.push({
      level: 'warning',
      message:
        'This AD Connect server is in staging mode: a staging server does not perform password writeback. Turn it on on the active server as well.',
    });
  }
  return findings;
}
