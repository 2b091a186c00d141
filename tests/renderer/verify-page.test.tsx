/**
 * The Verify page: Welcome offers it as its own task; it asks main for the Connect server's
 * events since the chosen time and its connectivity, and shows each check and each event with
 * the step that fixes it.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CanaryPlanView, CanaryView, VerifyView } from '../../shared/ipc';
import { ApiContext } from '../../renderer/src/api';
import { App } from '../../renderer/src/app';
import { useWizard } from '../../renderer/src/store';
import { fakeApi, type FakeApi } from './fake-api';

let api: FakeApi;
const initial = useWizard.getState();

beforeEach(() => {
  useWizard.setState(initial, true);
  api = fakeApi();
});

const view: VerifyView = {
  generatedAt: '2026-11-28T10:00:00.000Z',
  checks: [
    {
      id: 'verify.events',
      title: "The Connect server's writeback events",
      status: 'fail',
      message: '1 failure event(s) since 2026-11-27T10:00:00.000Z',
      fix: 'Run the Permissions step for this user. (Permissions)',
    },
  ],
  events: [
    {
      at: '2026-11-28T09:14:52.123Z',
      id: 33004,
      source: 'PasswordResetService',
      name: 'ADPermissionsError',
      outcome: 'failure',
      meaning: "The AD DS connector account may not set this user's password.",
      fix: 'Run the Permissions step for this user.',
      step: 'Permissions',
      user: { upn: 'alice.adams@contoso.test' },
    },
  ],
};

describe('the Verify page', () => {
  it('is a task of its own, runs the checks on the Connect server and shows each event with its step', async () => {
    const user = userEvent.setup();
    api.answer('verify.run', { ok: true, value: view });
    render(
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>,
    );
    await user.click(screen.getByRole('radio', { name: /Verify an existing deployment/ }));
    // Signing in and connecting serve only the canary: both pages can be passed by.
    for (const page of ['Connect to Microsoft Entra ID', 'Connect directories', 'Verify']) {
      await user.click(screen.getByRole('button', { name: 'Next' }));
      expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(page);
    }
    await user.type(
      screen.getByLabelText(/Connect server \(from a jump box/),
      'aadc01.contoso.test',
    );
    await user.click(screen.getByRole('button', { name: 'Run the checks' }));
    const [input] = api.calls('verify.run') as {
      events: boolean;
      connectivity: boolean;
      since: string;
      connectServer: string;
    }[];
    expect(input).toMatchObject({
      events: true,
      connectivity: true,
      connectServer: 'aadc01.contoso.test',
    });
    expect(Date.now() - Date.parse(input!.since)).toBeGreaterThan(23 * 3_600_000);
    expect(await screen.findByText("The Connect server's writeback events")).toBeTruthy();
    expect(
      screen.getByText(
        /PasswordResetService 33004 ADPermissionsError \(alice.adams@contoso.test\)/,
      ),
    ).toBeTruthy();
    expect(
      screen.getByText('Run the Permissions step for this user. (Permissions)', { selector: 'td' }),
    ).toBeTruthy();
  });
});

const plan: CanaryPlanView = {
  planId: 'a'.repeat(32),
  target: 'CN=Canary,OU=Test,DC=contoso,DC=test',
  userPrincipalName: 'canary@contoso.test',
  attribute: 'pwdLastSet',
  before: [
    { dc: 'dc1.contoso.test', pwdLastSet: '0', unicodePwdVersion: 1 },
    { dc: 'dc2.contoso.test', pwdLastSet: '0', unicodePwdVersion: 1 },
  ],
  after: 'changed by writeback',
  irreversible: 'A password cannot be rolled back: the canary account keeps a new random password.',
  summary:
    'Reset the password of canary@contoso.test in Entra ID and watch it reach AD on 2 writable DC(s)',
};

const done: CanaryView = {
  generatedAt: '2026-11-28T10:05:00.000Z',
  checks: [
    {
      id: 'verify.canary',
      title: 'Canary reset of canary@contoso.test',
      status: 'pass',
      message: 'The reset made in Entra ID reached dc1.contoso.test 1.2 s after the request',
      fix: '',
    },
  ],
  ok: true,
  cancelled: false,
  requestedAt: '2026-11-28T10:04:50.000Z',
  operationStatus: 'succeeded',
  dcs: [
    {
      dc: 'dc1.contoso.test',
      before: '0',
      after: '1',
      seenAfterMs: 1200,
      convergedAfterMs: 0,
      originating: true,
    },
    {
      dc: 'dc2.contoso.test',
      before: '0',
      after: '1',
      seenAfterMs: 4700,
      convergedAfterMs: 3500,
      originating: false,
    },
  ],
  events: [],
  journal: '/journals/canary/canary-1.jsonl',
};

describe('the canary on the Verify page', () => {
  it('shows the plan (before → changed by writeback, not reversible), resets only after the confirmation, then each DC', async () => {
    const user = userEvent.setup();
    useWizard.setState({
      step: 'verify',
      task: 'verify',
      connected: {
        url: 'ldaps://dc1.contoso.test',
        bindUser: 'admin@contoso.test',
        dcHostName: 'dc1.contoso.test',
        defaultNamingContext: 'DC=contoso,DC=test',
        domainFunctionality: 7,
        forestFunctionality: 7,
        domains: [{ dn: 'DC=contoso,DC=test', dnsName: 'contoso.test', writableDcs: [] }],
        tls: { protocol: 'ldaps', trust: 'system-and-ca' },
      },
      entra: { cloud: 'global', account: { username: 'ada@contoso.test', tenantId: 't' } },
    });
    api.answer('verify.canaryPlan', { ok: true, value: plan });
    api.answer('verify.canaryRun', { ok: true, value: done });
    render(
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>,
    );
    await user.type(screen.getByLabelText(/Test account/), 'canary@contoso.test');
    await user.click(screen.getByRole('button', { name: 'Show the canary plan' }));
    expect(api.calls('verify.canaryPlan')).toEqual([{ upn: 'canary@contoso.test' }]);
    const table = await screen.findByRole('table', { name: /pwdLastSet of/ });
    expect(within(table).getAllByText('changed by writeback')).toHaveLength(2);
    expect(within(table).getAllByText(/must change the password at next logon/)).toHaveLength(2);
    expect(screen.getAllByText(/A password cannot be rolled back/).length).toBeGreaterThan(0);
    expect(api.calls('verify.canaryRun')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Reset the password…' }));
    const dialog = screen.getByRole('dialog');
    const reset = within(dialog).getByRole('button', { name: 'Reset the password' });
    expect((reset as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(dialog).getByRole('checkbox'));
    await user.click(reset);
    expect(api.calls('verify.canaryRun')).toEqual([
      { planId: plan.planId, confirmedTarget: plan.target, timeoutMinutes: 15 },
    ]);
    const dcs = await screen.findByRole('table', { name: /new password on each writable/ });
    expect(within(dcs).getByText('4.7 s')).toBeTruthy();
    expect(within(dcs).getByText('3.5 s')).toBeTruthy();
    expect(within(dcs).getByText('Yes')).toBeTruthy();
  });
});
