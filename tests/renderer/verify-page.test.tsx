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
      screen.getByRole('textbox', { name: /^Connect server/ }),
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

/** The Verify page on its own task, rendered. */
function renderVerify() {
  useWizard.setState({ step: 'verify', task: 'verify' });
  return render(
    <ApiContext.Provider value={api}>
      <App />
    </ApiContext.Provider>,
  );
}

describe('the Verify page’s Connect server', () => {
  it('is the one named on Optional features, is sent with the checks, and what is typed here is kept', async () => {
    const user = userEvent.setup();
    useWizard.setState({ connectServer: 'aadc01.contoso.test' });
    api.answer('verify.run', { ok: true, value: view });
    renderVerify();
    const field = screen.getByRole('textbox', { name: /^Connect server/ });
    expect((field as HTMLInputElement).value).toBe('aadc01.contoso.test');
    await user.click(screen.getByRole('button', { name: 'Run the checks' }));
    expect(api.calls('verify.run')[0]).toMatchObject({ connectServer: 'aadc01.contoso.test' });
    await user.clear(field);
    await user.type(field, 'aadc02.contoso.test');
    expect(useWizard.getState().connectServer).toBe('aadc02.contoso.test');
    await user.click(screen.getByRole('button', { name: 'Run the checks' }));
    expect(api.calls('verify.run')[1]).toMatchObject({ connectServer: 'aadc02.contoso.test' });
  });

  it('shows the commands to run by hand on the server named, each with a copy button, and saves the results', async () => {
    const user = userEvent.setup();
    useWizard.setState({ connectServer: 'aadc01.contoso.test' });
    api.answer('verify.run', {
      ok: true,
      value: {
        ...view,
        events: [],
        byHand: {
          server: 'aadc01.contoso.test',
          why: 'This computer cannot run Windows PowerShell, so aadc01.contoso.test was not read from here.',
          events: "Get-WinEvent -FilterHashtable @{ LogName = 'Application' }",
          connectivity: [
            "Test-NetConnection -ComputerName 'passwordreset.microsoftonline.com' -Port 443  # password reset service",
            "Test-NetConnection -ComputerName 'ssprdedicatedsbprodscu.servicebus.windows.net' -Port 443  # Service Bus relay",
          ].join('\n'),
        },
      } satisfies VerifyView,
    });
    api.answer('verify.save', { ok: true, value: { path: '/reports/writeback-verify-1.html' } });
    renderVerify();
    await user.click(screen.getByRole('button', { name: 'Run the checks' }));
    expect(
      await screen.findByRole('heading', { name: 'Run these on aadc01.contoso.test' }),
    ).toBeTruthy();
    expect(screen.getByText(/Get-WinEvent -FilterHashtable/)).toBeTruthy();
    expect(
      screen.getAllByRole('button', { name: /^Copy: Test-NetConnection -ComputerName/ }),
    ).toHaveLength(1);
    expect(screen.getByText(/ssprdedicatedsbprodscu/).textContent).toContain('passwordreset');
    await user.click(screen.getByRole('button', { name: 'Save results as HTML' }));
    expect(api.calls('verify.save')).toEqual([{ format: 'html' }]);
    expect(
      await screen.findByText('Results saved to /reports/writeback-verify-1.html.'),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save results as JSON' }));
    expect(api.calls('verify.save')[1]).toEqual({ format: 'json' });
  });
});

const connectedDirectory = {
  url: 'ldaps://dc1.contoso.test',
  bindUser: 'admin@contoso.test',
  dcHostName: 'dc1.contoso.test',
  defaultNamingContext: 'DC=contoso,DC=test',
  domainFunctionality: 7,
  forestFunctionality: 7,
  domains: [{ dn: 'DC=contoso,DC=test', dnsName: 'contoso.test', writableDcs: [] }],
  tls: { protocol: 'ldaps' as const, trust: 'system-and-ca' as const },
};

describe('why the canary cannot start', () => {
  it('says exactly what is missing: no account typed, not connected, not signed in (with the role and permission)', () => {
    renderVerify();
    const show = screen.getByRole('button', { name: 'Show the canary plan' });
    expect((show as HTMLButtonElement).disabled).toBe(true);
    const why = document.getElementById('canary-missing')!;
    expect(show.getAttribute('aria-describedby')).toBe('canary-missing');
    expect(why.textContent).toContain('Type the test account’s user principal name.');
    expect(why.textContent).toContain('not connected to a domain controller');
    expect(why.textContent).toContain('not signed in to Entra ID');
    expect(why.textContent).toContain('Authentication Administrator');
    expect(why.textContent).toContain('UserAuthenticationMethod.ReadWrite.All');
  });

  it('the Entra page says which role and permission the canary needs', () => {
    useWizard.setState({ step: 'entra', task: 'verify' });
    render(
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>,
    );
    const note = document.getElementById('canary-role')!;
    expect(note.textContent).toMatch(/canary reset on Verify/);
    expect(note.textContent).toMatch(/Authentication Administrator or above/);
    expect(note.textContent).toContain('UserAuthenticationMethod.ReadWrite.All');
  });

  it('shows AD’s refusal of the account as soon as it is typed, before any Entra sign-in', async () => {
    const user = userEvent.setup();
    useWizard.setState({ connected: connectedDirectory });
    api.answer('verify.canaryAccount', {
      ok: true,
      value: {
        accepted: false,
        reason:
          'The canary admin@contoso.test is refused: it has adminCount=1: an administrator or protected account.',
        fix: 'Name an ordinary, enabled, synchronized test account in Test account.',
      },
    });
    renderVerify();
    await user.type(screen.getByRole('textbox', { name: /^Test account/ }), 'admin@contoso.test');
    const why = document.getElementById('canary-missing')!;
    await screen.findByText(/it has adminCount=1/);
    expect(api.calls('verify.canaryAccount')).toEqual([{ upn: 'admin@contoso.test' }]);
    expect(why.textContent).toContain('refused: it has adminCount=1');
    expect(why.textContent).toContain('not signed in to Entra ID');
    expect(why.textContent).not.toContain('Type the test account');
    expect(why.textContent).not.toContain('not connected');
  });

  it('checks the DC addresses line by line: says what is wrong, and the label shows the form the placeholder does', async () => {
    const user = userEvent.setup();
    useWizard.setState({ connected: connectedDirectory });
    renderVerify();
    await user.click(screen.getByText('Domain controller addresses'));
    const box = screen.getByRole('textbox', { name: /cannot reach by name/ });
    expect(box.getAttribute('placeholder')).toMatch(/^[\w.-]+=ldaps:\/\//);
    expect(document.body.textContent).toContain('as name=ldaps://address');
    await user.type(box, 'ldaps://127.0.0.73{enter}dc2.contoso.test=http://x');
    const alert = screen.getByRole('alert', { name: /Domain controller addresses to correct/ });
    expect(alert.textContent).toMatch(/Line 1 \(ldaps:\/\/127\.0\.0\.73\): it has no "="/);
    expect(alert.textContent).toMatch(/Line 2 .*is not LDAPS/);
    expect(screen.getByRole('button', { name: 'Show the canary plan' })).toHaveProperty(
      'disabled',
      true,
    );
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
    api.answer('verify.canaryAccount', {
      ok: true,
      value: { accepted: true, dn: plan.target, userPrincipalName: 'canary@contoso.test' },
    });
    api.answer('verify.canaryPlan', { ok: true, value: plan });
    api.answer('verify.canaryRun', { ok: true, value: done });
    render(
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>,
    );
    await user.type(screen.getByLabelText(/Test account/), 'canary@contoso.test');
    expect(await screen.findByText(plan.target, { selector: 'code' })).toBeTruthy();
    expect(document.getElementById('canary-missing')).toBeNull();
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
