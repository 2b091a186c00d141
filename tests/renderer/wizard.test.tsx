/**
 * The wizard's behaviour in jsdom with a fake engine: the Connect wizard's step list, a page
 * that cannot go on saying why, focus on the new page's heading, the connect form clearing the
 * password once sent and showing the engine's message and fix, the confirmation dialog (targets
 * listed, Apply only after the acknowledgement, Escape cancels, focus kept inside).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiContext } from '../../renderer/src/api';
import { App } from '../../renderer/src/app';
import { ConfirmDialog } from '../../renderer/src/components/confirm-dialog';
import { useWizard } from '../../renderer/src/store';
import { pageTitles, wizardPages } from '../../shared/wizard-pages';
import { fakeApi, type FakeApi } from './fake-api';

let api: FakeApi;
const initial = useWizard.getState();

beforeEach(() => {
  useWizard.setState(initial, true);
  api = fakeApi();
});

const renderApp = () =>
  render(
    <ApiContext.Provider value={api}>
      <App />
    </ApiContext.Provider>,
  );

describe('the wizard frame', () => {
  it('lists the Connect wizard’s steps with the current one marked', () => {
    renderApp();
    const items = screen.getByRole('navigation', { name: 'Wizard steps' }).querySelectorAll('li');
    expect([...items].map((li) => li.textContent)).toEqual(wizardPages.map((id) => pageTitles[id]));
    expect(
      within(screen.getByRole('navigation'))
        .getByText('Welcome / tasks')
        .getAttribute('aria-current'),
    ).toBe('step');
  });

  it('names the last page of the rollback task in the list as its heading does', () => {
    useWizard.setState({ step: 'complete', task: 'rollback' });
    api.answer('journal.list', { ok: true, value: [] });
    renderApp();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Roll back a run');
    const nav = screen.getByRole('navigation', { name: 'Wizard steps' });
    expect(within(nav).getByText('Roll back a run').getAttribute('aria-current')).toBe('step');
    expect(within(nav).queryByText('Configuration complete')).toBeNull();
  });

  it('keeps the Connect wizard’s name for the last page in the list of a task without it', () => {
    useWizard.setState({ step: 'verify', task: 'verify' });
    renderApp();
    const nav = screen.getByRole('navigation', { name: 'Wizard steps' });
    expect(within(nav).getByText('Configuration complete')).toBeTruthy();
    expect(within(nav).queryByText('Nothing applied yet')).toBeNull();
  });

  it('moves focus to the new page’s heading, and a page that cannot go on says why', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const heading = screen.getByRole('heading', { level: 2 });
    expect(heading.textContent).toBe('Connect directories');
    expect(document.activeElement).toBe(heading);
    const next = screen.getByRole('button', { name: 'Next' });
    expect(next.hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Connect to a domain controller first.').id).toBe(
      next.getAttribute('aria-describedby'),
    );
  });

  it('assess-only skips the pages that change things', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(screen.getByRole('radio', { name: /Assess only/ }));
    const skipped = [...document.querySelectorAll('.steps li.skipped')].map((li) =>
      li.textContent?.replace(' (not part of this task)', ''),
    );
    expect(skipped).toEqual([
      'Optional features',
      'SSPR on-premises integration',
      'Ready to configure',
    ]);
  });
});

describe('connect directories', () => {
  it('sends the password, keeps it after a failure (no retyping), and shows the engine’s message and fix', async () => {
    const user = userEvent.setup();
    api.answer('directory.connect', {
      ok: false,
      error: { code: 'dc-bind-52e', message: 'The password is wrong.', fix: 'Type it again.' },
    });
    useWizard.setState({ step: 'connect' });
    renderApp();
    await user.clear(screen.getByLabelText(/^Domain controller/));
    await user.type(screen.getByLabelText(/^Domain controller/), 'ldaps://dc1.contoso.com');
    await user.type(screen.getByLabelText(/^Account/), 'admin@contoso.com');
    await user.type(screen.getByLabelText('Password'), 'Secret-1');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The password is wrong.');
    expect(alert.textContent).toContain('How to fix: Type it again.');
    expect(api.calls('directory.connect')).toEqual([
      { url: 'ldaps://dc1.contoso.com', bindUser: 'admin@contoso.com', password: 'Secret-1' },
    ]);
    // Titled with what failed, not a blanket "Cannot continue".
    expect(alert.textContent).toMatch(/^Connecting failed:/);
    expect(document.activeElement).toBe(alert);
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('Secret-1');
    expect(JSON.stringify(useWizard.getState())).not.toContain('Secret-1');
  });

  it('takes a bare host name as LDAPS, and clears the password once connected', async () => {
    const user = userEvent.setup();
    api.answer('directory.connect', { ok: true, value: connectedDirectory });
    api.answer('directory.connectors', { ok: true, value: { accounts: [] } });
    useWizard.setState({ step: 'connect' });
    renderApp();
    await user.clear(screen.getByLabelText(/^Domain controller/));
    await user.type(screen.getByLabelText(/^Domain controller/), 'dc1.contoso.com');
    await user.type(screen.getByLabelText(/^Account/), 'admin@contoso.com');
    await user.type(screen.getByLabelText('Password'), 'Secret-1');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    await screen.findByText('Connected');
    expect((api.calls('directory.connect')[0] as { url: string }).url).toBe(
      'ldaps://dc1.contoso.com',
    );
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('offers to pin the fingerprint an untrusted-certificate error shows', async () => {
    const user = userEvent.setup();
    const sha = Array.from({ length: 32 }, (_, i) => (i + 16).toString(16)).join(':');
    api.answer('directory.connect', {
      ok: false,
      error: {
        code: 'dc-cert-untrusted',
        message: `The certificate of dc1 is not trusted by this computer. Its certificate: SHA-256 ${sha}; subject CN=dc1; issuer CN=CA; valid a to b.`,
        fix: 'Trust the CA or pin the certificate.',
      },
    });
    useWizard.setState({ step: 'connect' });
    renderApp();
    await user.type(screen.getByLabelText(/^Domain controller/), 'dc1');
    await user.type(screen.getByLabelText(/^Account/), 'admin@contoso.com');
    await user.type(screen.getByLabelText('Password'), 'Secret-1');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    await user.click(await screen.findByRole('button', { name: /Trust this certificate/ }));
    expect((screen.getByLabelText(/pin the DC certificate/) as HTMLInputElement).value).toBe(sha);
  });

  it('counts the writable DCs in words: one DC, two DCs', () => {
    const dc = (name: string) => ({ dnsHostName: name, unsupported: false });
    const domain = connectedDirectory.domains[0]!;
    useWizard.setState({
      step: 'connect',
      connected: {
        ...connectedDirectory,
        domains: [
          { ...domain, writableDcs: [dc('dc1.contoso.com')] },
          {
            ...domain,
            dn: 'DC=emea,DC=contoso,DC=com',
            dnsName: 'emea.contoso.com',
            writableDcs: [dc('dc1.emea.contoso.com'), dc('dc2.emea.contoso.com')],
          },
        ],
      },
    });
    renderApp();
    expect(document.body.textContent).toContain('1 writable DC, PDC emulator');
    expect(document.body.textContent).toContain('2 writable DCs, PDC emulator');
    expect(document.body.textContent).not.toContain('DC(s)');
  });

  it('refuses a disabled connector account: it cannot be chosen, and Next says why', async () => {
    useWizard.setState({
      step: 'connect',
      connected: connectedDirectory,
      connectors: {
        accounts: [
          { dn: 'CN=MSOL_a,CN=Users,DC=contoso,DC=com', sAMAccountName: 'MSOL_a', enabled: true },
          { dn: 'CN=MSOL_b,CN=Users,DC=contoso,DC=com', sAMAccountName: 'MSOL_b', enabled: false },
        ],
        chosen: 'CN=MSOL_b,CN=Users,DC=contoso,DC=com',
      },
    });
    renderApp();
    const disabled = screen.getByRole('radio', { name: /MSOL_b/ });
    expect(disabled.hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Next' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/MSOL_b is disabled/)).toBeTruthy();
  });
});

const connectedDirectory = {
  url: 'ldaps://dc1.contoso.com',
  bindUser: 'admin@contoso.com',
  dcHostName: 'dc1.contoso.com',
  defaultNamingContext: 'DC=contoso,DC=com',
  domainFunctionality: 7,
  forestFunctionality: 7,
  domains: [
    {
      dn: 'DC=contoso,DC=com',
      dnsName: 'contoso.com',
      netbiosName: 'CONTOSO',
      writableDcs: [],
    },
  ],
  tls: { protocol: 'ldaps' as const, trust: 'system-and-ca' as const },
};

describe('the confirmation', () => {
  it('lists every target, applies only after the acknowledgement, Escape cancels, focus stays inside', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <ConfirmDialog
        title="Apply Permissions"
        targets={['DC=contoso,DC=com', 'CN=AdminSDHolder,CN=System,DC=contoso,DC=com']}
        onConfirm={onConfirm}
        onCancel={onCancel}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Apply Permissions' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect([...dialog.querySelectorAll('.targets li')].map((li) => li.textContent)).toEqual([
      'DC=contoso,DC=com',
      'CN=AdminSDHolder,CN=System,DC=contoso,DC=com',
    ]);
    const apply = screen.getByRole('button', { name: 'Apply' });
    expect(apply.hasAttribute('disabled')).toBe(true);
    const acknowledge = screen.getByRole('checkbox');
    expect(document.activeElement).toBe(acknowledge);
    await user.keyboard(' ');
    expect(apply.hasAttribute('disabled')).toBe(false);
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(apply);
    await user.tab();
    expect(document.activeElement).toBe(acknowledge);
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onConfirm).not.toHaveBeenCalled();
  });
});

describe('optional features', () => {
  const emptyPlan = (adsync?: string) => ({
    ok: true as const,
    value: {
      planId: '0'.repeat(32),
      targets: [],
      plan: {
        formatVersion: 1,
        createdAt: '2026-11-23T00:00:00.000Z',
        source: adsync ? { adsync } : {},
        steps: ['optional-features'],
        operations: [],
        notes: [],
      },
    },
  });

  it('on a jump box, reads the Connect server the admin names, over remoting', async () => {
    const user = userEvent.setup();
    api.answer('app.info', {
      ok: true,
      value: {
        version: 't',
        host: 'electron',
        platform: 'win32',
        journalFolder: 'C:\\j',
        adsync: 'remote',
      },
    });
    api.answer('plan.make', emptyPlan());
    useWizard.setState({ step: 'optional-features' });
    renderApp();
    // Nothing was read yet: the page must not claim writeback is on.
    await screen.findByText(/Nothing is planned: no AD Connect server was read from here/);
    const server = await screen.findByRole('textbox', { name: /AD Connect server/ });
    await user.type(server, '  aadc01.contoso.com ');
    api.answer('plan.make', emptyPlan('remote:aadc01.contoso.com'));
    await user.click(screen.getByRole('button', { name: 'Read its features' }));
    await screen.findByText('Nothing to change: Password writeback is already on.');
    expect(api.calls('plan.make').at(-1)).toEqual({
      steps: ['optional-features'],
      syncForcePasswordChange: false,
      connectServer: 'aadc01.contoso.com',
    });
    // The opt-in re-reads the same server.
    await user.click(screen.getByRole('checkbox', { name: /User must change password/ }));
    await waitFor(() =>
      expect(api.calls('plan.make').at(-1)).toMatchObject({
        syncForcePasswordChange: true,
        connectServer: 'aadc01.contoso.com',
      }),
    );
  });
});
