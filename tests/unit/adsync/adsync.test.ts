import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode, WizardError } from '../../../shared/errors';
import { readAdsyncState } from '../../../main/adsync/adsync-state';
import { adsyncSettingAdapter } from '../../../main/operations/adsync-setting';
import { oneConnectServer } from '../../../main/operations/reach';
import {
  parseConnectVersion,
  parseConnectors,
  parseGlobalSettings,
  parseScheduler,
} from '../../../main/adsync/parsers';
import {
  parseAdsyncOption,
  PowerShellRunner,
  psQuote,
  type SpawnResult,
} from '../../../main/adsync/powershell-runner';
import { optionalFeaturesStep } from '../../../main/steps/optional-features';
import { adsyncAssessProvider } from '../../../main/assess/adsync-assess-provider';
import { runAssessment } from '../../../main/assess/assess-provider';
import { validatePlan } from '../../../main/plan/plan-file';
import { planFormatVersion } from '../../../shared/plan';
import { cliWords } from '../../../main/cli/words';
import { wordFields } from '../../../shared/fields';

const fixture = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL('./fixtures/read-state.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

/** A fake powershell.exe: checks the command line, decodes the script, answers from a handler. */
function fakePowerShell(answer: (script: string) => SpawnResult) {
  const scripts: string[] = [];
  const spawner = async (command: string, args: readonly string[]) => {
    expect(command).toBe('powershell.exe');
    expect(args.slice(0, 2)).toEqual(['-NoProfile', '-NonInteractive']);
    const script = Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString(
      'utf16le',
    );
    scripts.push(script);
    return answer(script);
  };
  return { spawner, scripts };
}

const ok = (json: unknown): SpawnResult => ({
  exitCode: 0,
  stdout: '\uFEFF' + JSON.stringify(json) + '\r\n',
  stderr: '',
});
const failed = (record: object): SpawnResult => ({
  exitCode: 1,
  stdout: '',
  stderr: 'WRITEBACK-ERROR:' + JSON.stringify(record) + '\r\n',
});

describe('ADSync parsers', () => {
  it('reads connectors, the AD DS connector account and the Entra connector', () => {
    const connectors = parseConnectors(fixture().Connectors);
    expect(connectors).toEqual([
      {
        name: 'contoso.test',
        identifier: 'd1b2c3a4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        isEntra: false,
        isActiveDirectory: true,
        connectorAccount: 'CONTOSO\\MSOL_0a1b2c3d4e5f',
      },
      {
        name: 'contoso.onmicrosoft.com - AAD',
        identifier: 'b891884f-051e-4a83-95af-2544101c9083',
        isEntra: true,
        isActiveDirectory: false,
      },
    ]);
    // A single connector comes as a bare object; a GUID may come as { Guid }.
    const single = {
      Name: 'x - AAD',
      Identifier: { Guid: 'B891884F-051E-4A83-95AF-2544101C9083' },
      ConnectorTypeName: 'Extensible2',
    };
    expect(parseConnectors(single)[0]!.isEntra).toBe(true);
  });

  it('reads optional features, the Connect version and staging mode', () => {
    const settings = parseGlobalSettings(fixture().GlobalSettings);
    expect(settings.connectVersion).toBe('2.3.20.0');
    expect(settings.optionalFeatures).toMatchObject({
      HybridExchange: true,
      GroupWriteBack: false,
      FilterAAD: false,
    });
    expect(parseScheduler(fixture().Scheduler)).toEqual({
      stagingModeEnabled: false,
      syncCycleEnabled: true,
    });
    expect(
      parseConnectVersion({
        Major: 2,
        Minor: 4,
        Build: 27,
        Revision: 0,
        MajorRevision: 0,
        MinorRevision: 0,
      }),
    ).toBe('2.4.27.0');
  });

  it('says which cmdlet returned what it does not understand', () => {
    expect(() => parseScheduler({ SyncCycleEnabled: true })).toThrow(
      /Get-ADSyncScheduler .*StagingModeEnabled/,
    );
    expect(() =>
      parseGlobalSettings({
        Parameters: [{ Name: 'Microsoft.OptionalFeature.FilterAAD', Value: 'maybe' }],
      }),
    ).toThrow(/FilterAAD is "maybe"/);
    expect(() => parseConnectVersion('two')).toThrow(/not a version/);
  });
});

describe('PowerShell runner', () => {
  it('reads the whole state in one run, and returns the parsed JSON', async () => {
    const ps = fakePowerShell(() => ok(fixture()));
    const state = await readAdsyncState(new PowerShellRunner(ps.spawner, { kind: 'local' }));
    expect(ps.scripts).toHaveLength(1);
    // The read asks the cmdlet itself whether it takes -AADUserName (case-insensitive -contains).
    expect(ps.scripts[0]).toContain('ConvertTo-Json -InputObject $result -Depth 6');
    expect(ps.scripts[0]).toContain("$ErrorActionPreference = 'Stop'");
    expect(state.passwordWriteback).toEqual({ 'contoso.onmicrosoft.com - AAD': false });
    expect(state.stagingModeEnabled).toBe(false);
    expect(state.companyFeatures.ForcePasswordChangeOnLogOn).toBe(false);
  });

  it('runs remotely through Invoke-Command, quoting the host', async () => {
    const ps = fakePowerShell(() => ok(null));
    await new PowerShellRunner(ps.spawner, { kind: 'remote', host: 'connect01.contoso.test' }).run(
      'Get-ADSyncScheduler',
    );
    expect(ps.scripts[0]).toContain(
      "Invoke-Command -ComputerName 'connect01.contoso.test' -ErrorAction Stop -ScriptBlock {",
    );
    expect(psQuote("O'Brien - AAD")).toBe("'O''Brien - AAD'");
    expect(parseAdsyncOption('remote:connect01')).toEqual({ kind: 'remote', host: 'connect01' });
    expect(() => parseAdsyncOption('remote:a;b')).toThrow(/local, none or remote/);
  });

  it.each([
    [
      {
        message:
          "The term 'Get-ADSyncConnector' is not recognized as the name of a cmdlet, function, script file, or operable program.",
        errorId: 'CommandNotFoundException',
        exception: 'System.Management.Automation.CommandNotFoundException',
      },
      'adsync-module-missing',
      ExitCode.connect,
      /Entra Connect server/,
    ],
    [
      {
        message:
          'Connecting to remote server connect01 failed with the following error message : WinRM cannot complete the operation.',
        errorId: 'CannotConnect,PSSessionStateBroken',
        exception: 'System.Management.Automation.Remoting.PSRemotingTransportException',
      },
      'adsync-remote-unreachable',
      ExitCode.connect,
      /Enable-PSRemoting/,
    ],
    [
      {
        message: 'Access is denied.',
        errorId:
          'System.UnauthorizedAccessException,Microsoft.IdentityManagement.PowerShell.Cmdlet.GetADSyncConnectorCmdlet',
        exception: 'System.UnauthorizedAccessException',
      },
      'adsync-access-denied',
      ExitCode.connect,
      /ADSyncAdmins/,
    ],
    [
      {
        message: 'The connector "x - AAD" does not exist.',
        errorId:
          'Microsoft.IdentityManagement.PowerShell.Cmdlet.SetADSyncAADPasswordResetConfigurationCmdlet',
        exception: 'System.ArgumentException',
      },
      'adsync-command-failed',
      ExitCode.failed,
      /Connect server/,
    ],
    [
      {
        message:
          'Cannot process command because of one or more missing mandatory parameters: AADUserName.',
        errorId:
          'MissingMandatoryParameter,Microsoft.IdentityManagement.PowerShell.Cmdlet.SetADSyncAADCompanyFeatureCmdlet',
        exception: 'System.Management.Automation.ParameterBindingException',
      },
      'adsync-admin-sign-in-required',
      ExitCode.failed,
      /-AADUserName .*sign in when asked/,
    ],
  ])('turns error records into clear messages (%#)', async (record, code, exitCode, fix) => {
    const ps = fakePowerShell(() => failed(record));
    const error = await new PowerShellRunner(ps.spawner, { kind: 'local' })
      .run('Get-ADSyncConnector')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WizardError);
    expect(error).toMatchObject({ code, exitCode });
    expect((error as WizardError).message).toContain(record.message);
    expect((error as WizardError).fix).toMatch(fix);
  });

  it('says so when PowerShell cannot be started or prints something that is not JSON', async () => {
    const missing = new PowerShellRunner(
      async () => Promise.reject(Object.assign(new Error('spawn'), { code: 'ENOENT' })),
      { kind: 'local' },
    );
    await expect(missing.run('x')).rejects.toMatchObject({
      code: 'powershell-missing',
      exitCode: ExitCode.connect,
    });
    const chatty = new PowerShellRunner(
      fakePowerShell(() => ({ exitCode: 0, stdout: 'Welcome to the server!\r\n', stderr: '' }))
        .spawner,
      { kind: 'local' },
    );
    await expect(chatty.run('x')).rejects.toThrow(/did not return JSON .*Welcome/);
  });
});

describe('Optional features step', () => {
  it('plans Password writeback off → on with the Set cmdlet, and offers the opt-in', async () => {
    const runner = new PowerShellRunner(fakePowerShell(() => ok(fixture())).spawner, {
      kind: 'local',
    });
    const inspection = await optionalFeaturesStep.inspect({
      runner,
      syncForcePasswordChange: false,
    });
    expect(inspection.findings[0]!.message).toContain('Exchange hybrid deployment: on');
    expect(inspection.checks.find((c) => c.id === 'adsync.password-writeback')!.status).toBe(
      'warn',
    );
    const plan = optionalFeaturesStep.plan(inspection, { runner, syncForcePasswordChange: false });
    expect(plan.operations).toHaveLength(1);
    expect(plan.operations[0]).toMatchObject({
      kind: 'adsync-setting',
      target: 'PasswordWriteback',
      before: { enabled: false },
      after: { enabled: true },
      powershell:
        "Set-ADSyncAADPasswordResetConfiguration -Connector 'contoso.onmicrosoft.com - AAD' -Enable $true -Confirm:$false",
    });
    expect(
      plan.notes.some((n) =>
        wordFields(n.message, cliWords).includes('--sync-force-password-change'),
      ),
    ).toBe(true);
    const withOptIn = optionalFeaturesStep.plan(inspection, {
      runner,
      syncForcePasswordChange: true,
    });
    expect(withOptIn.operations[1]).toMatchObject({
      optIn: true,
      target: 'ForcePasswordChangeOnLogOn',
      powershell: 'Set-ADSyncAADCompanyFeature -ForcePasswordChangeOnLogOn $true -Confirm:$false',
    });
    // The operations make a valid plan, and one whose PowerShell was edited is refused.
    const edited = JSON.parse(JSON.stringify(withOptIn.operations)) as { powershell: string }[];
    edited[0]!.powershell = 'Remove-ADSyncConnector -Name x';
    expect(() =>
      validatePlan({
        formatVersion: planFormatVersion,
        createdAt: new Date().toISOString(),
        source: { adsync: 'local' },
        steps: ['optional-features'],
        operations: edited,
        notes: [],
      }),
    ).toThrow(/operation 0 .*field powershell/);
    validatePlan({
      formatVersion: planFormatVersion,
      createdAt: new Date().toISOString(),
      source: { adsync: 'local' },
      steps: ['optional-features'],
      operations: withOptIn.operations,
      notes: withOptIn.notes,
    });
  });

  it('warns that a staging server does not perform writeback', async () => {
    const staging = fixture();
    (staging.Scheduler as Record<string, unknown>).StagingModeEnabled = true;
    const runner = new PowerShellRunner(fakePowerShell(() => ok(staging)).spawner, {
      kind: 'local',
    });
    const inspection = await optionalFeaturesStep.inspect({
      runner,
      syncForcePasswordChange: false,
    });
    expect(
      inspection.findings.some(
        (f) =>
          f.level === 'warning' &&
          /staging server does not perform password writeback/.test(f.message),
      ),
    ).toBe(true);
  });

  it('with --adsync none, says so and shows the exact commands', async () => {
    const inspection = await optionalFeaturesStep.inspect({
      runner: undefined,
      syncForcePasswordChange: false,
    });
    const plan = optionalFeaturesStep.plan(inspection, {
      runner: undefined,
      syncForcePasswordChange: false,
    });
    expect(plan.operations).toEqual([]);
    expect(plan.notes[0]!.message).toMatch(/No AD Connect server is reachable/);
    expect(plan.notes[0]!.commands).toContain(
      "Set-ADSyncAADPasswordResetConfiguration -Connector '<Entra connector name>' -Enable $true -Confirm:$false",
    );
  });

  it('with no Connect server reached, the "must change password" opt-in gives the exact commands', async () => {
    const inspection = await optionalFeaturesStep.inspect({
      runner: undefined,
      syncForcePasswordChange: true,
    });
    const plan = optionalFeaturesStep.plan(inspection, {
      runner: undefined,
      syncForcePasswordChange: true,
    });
    expect(plan.operations).toEqual([]);
    const note = plan.notes.find((n) => /ForcePasswordChangeOnLogOn/.test(n.message));
    expect(note?.level).toBe('warning');
    expect(note?.commands).toContain(
      "Set-ADSyncAADCompanyFeature -ForcePasswordChangeOnLogOn $true -AADUserName '<your Hybrid Identity Administrator UPN>'",
    );
    // Without the opt-in, no such note.
    const without = optionalFeaturesStep.plan(inspection, {
      runner: undefined,
      syncForcePasswordChange: false,
    });
    expect(without.notes.some((n) => /ForcePasswordChangeOnLogOn/.test(n.message))).toBe(false);
  });

  it('on Connect builds whose Set-ADSyncAADCompanyFeature signs an admin in, leaves that switch to the admin', async () => {
    const state = fixture();
    state.CompanyFeatureSignIn = true;
    const ps = fakePowerShell(() => ok(state));
    const runner = new PowerShellRunner(ps.spawner, { kind: 'local' });
    const inspection = await optionalFeaturesStep.inspect({
      runner,
      syncForcePasswordChange: true,
    });
    expect(ps.scripts[0]).toContain(
      "@((Get-Command Set-ADSyncAADCompanyFeature).Parameters.Keys) -contains 'AADUserName'",
    );
    const plan = optionalFeaturesStep.plan(inspection, { runner, syncForcePasswordChange: true });
    // Password writeback is still planned (its cmdlet runs unattended); the opt-in is not.
    expect(plan.operations.map((o) => o.kind === 'adsync-setting' && o.target)).toEqual([
      'PasswordWriteback',
    ]);
    const note = plan.notes.find((n) => n.message.includes('signs an Entra administrator in'))!;
    expect(note.level).toBe('warning');
    expect(note.message).toMatch(/is not in this plan: on this Connect server \(2\.3\.20\.0\)/);
    expect(note.commands).toContain(
      "Set-ADSyncAADCompanyFeature -ForcePasswordChangeOnLogOn $true -AADUserName '<your Hybrid Identity Administrator UPN>'",
    );
    // Without the opt-in, the same commands are offered as information.
    const offered = optionalFeaturesStep.plan(inspection, {
      runner,
      syncForcePasswordChange: false,
    });
    expect(offered.notes.find((n) => n.commands?.length)!.level).toBe('info');

    // A plan made before the server was upgraded stops at the read, before any write.
    const older = fixture();
    const oldRunner = new PowerShellRunner(fakePowerShell(() => ok(older)).spawner, {
      kind: 'local',
    });
    const oldPlan = optionalFeaturesStep.plan(
      await optionalFeaturesStep.inspect({ runner: oldRunner, syncForcePasswordChange: true }),
      { runner: oldRunner, syncForcePasswordChange: true },
    );
    const forceChange = oldPlan.operations.find(
      (o) => o.kind === 'adsync-setting' && o.target === 'ForcePasswordChangeOnLogOn',
    )!;
    if (forceChange.kind !== 'adsync-setting') throw new Error('expected an adsync-setting');
    const upgraded = fakePowerShell(() => ok(state));
    const adapter = adsyncSettingAdapter(
      oneConnectServer(new PowerShellRunner(upgraded.spawner, { kind: 'local' })),
    );
    await expect(adapter.read(forceChange)).rejects.toMatchObject({
      code: 'adsync-admin-sign-in-required',
      exitCode: ExitCode.drift,
      fix: expect.stringMatching(
        /-ForcePasswordChangeOnLogOn \$true -AADUserName .*run it with \$false/,
      ),
    });
    expect(upgraded.scripts.some((s) => s.includes('-ForcePasswordChangeOnLogOn'))).toBe(false);
  });

  it('refuses a state read without the sign-in fact rather than guessing it', async () => {
    const state = fixture();
    delete state.CompanyFeatureSignIn;
    const runner = new PowerShellRunner(fakePowerShell(() => ok(state)).spawner, {
      kind: 'local',
    });
    await expect(readAdsyncState(runner)).rejects.toThrow(
      /Get-Command Set-ADSyncAADCompanyFeature returned something this tool does not understand/,
    );
  });

  it('the adapter reads the switch and writes it with -Confirm:$false', async () => {
    let enabled = false;
    const ps = fakePowerShell((script) => {
      if (script.includes('Set-ADSyncAADPasswordResetConfiguration')) {
        enabled = script.includes('-Enable $true');
        return ok(null);
      }
      const state = fixture();
      state.PasswordReset = [
        { Connector: 'contoso.onmicrosoft.com - AAD', Configuration: { Enabled: enabled } },
      ];
      return ok(state);
    });
    const runner = new PowerShellRunner(ps.spawner, { kind: 'local' });
    const inspection = await optionalFeaturesStep.inspect({
      runner,
      syncForcePasswordChange: false,
    });
    const operation = optionalFeaturesStep.plan(inspection, {
      runner,
      syncForcePasswordChange: false,
    }).operations[0]!;
    if (operation.kind !== 'adsync-setting')
      throw new Error('expected an adsync-setting operation');
    const adapter = adsyncSettingAdapter(oneConnectServer(runner));
    await adapter.write(operation, operation.after, 'apply');
    expect(await adapter.read(operation)).toEqual({ enabled: true });
    expect(ps.scripts.some((s) => s.includes('-Confirm:$false'))).toBe(true);
  });
});

describe('writeback assess: the AD Connect server', () => {
  it('reports what the Optional features page shows, as checks and plain facts', async () => {
    const runner = new PowerShellRunner(fakePowerShell(() => ok(fixture())).spawner, {
      kind: 'remote',
      host: 'connect01.contoso.test',
    });
    const report = await runAssessment([adsyncAssessProvider(runner)]);
    expect(report.exitCode).toBe(ExitCode.done);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['adsync.password-writeback', 'warn'],
      ['adsync.staging-mode', 'pass'],
      ['adsync.version', 'pass'],
    ]);
    expect(report.facts['adsync']).toEqual({
      reachable: true,
      location: 'remote:connect01.contoso.test',
      connectVersion: '2.3.20.0',
      stagingModeEnabled: false,
      passwordWriteback: { 'contoso.onmicrosoft.com - AAD': false },
      companyFeatures: expect.objectContaining({ ForcePasswordChangeOnLogOn: false }),
      optionalFeatures: expect.objectContaining({ HybridExchange: true }),
    });
    // The connectors' parameters (forest-login-password among them) never reach the report.
    expect(JSON.stringify(report)).not.toContain('forest-login');
  });

  it('a Connect server it cannot reach is one unknown check and exit 3, not a crash', async () => {
    const runner = new PowerShellRunner(
      async () => Promise.reject(Object.assign(new Error('spawn'), { code: 'ENOENT' })),
      { kind: 'local' },
    );
    const report = await runAssessment([adsyncAssessProvider(runner)]);
    expect(report.exitCode).toBe(ExitCode.connect);
    expect(report.checks).toEqual([
      expect.objectContaining({ id: 'adsync.connection', status: 'unknown' }),
    ]);
  });
});
