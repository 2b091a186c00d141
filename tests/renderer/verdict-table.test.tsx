/**
 * Who writeback would still fail for, on the Permissions page with a fake engine: main is asked
 * for windows only, and does the filtering and sorting (a cause clicked in the cause table, a
 * column header, the text filter), over blockers and warnings alike; when the assessment
 * carries the view after the planned changes, a toggle shows it; and the page's opt-ins re-plan
 * at once.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../renderer/src/api';
import { App } from '../../renderer/src/app';
import { useWizard } from '../../renderer/src/store';
import type { AssessSummary, MadePlan } from '../../shared/ipc';
import { fakeApi, type FakeApi } from './fake-api';

let api: FakeApi;
const initial = useWizard.getState();

const emptyPlan: MadePlan = {
  planId: '0'.repeat(32),
  targets: [],
  plan: {
    formatVersion: 1,
    createdAt: '2026-11-23T00:00:00.000Z',
    source: {},
    steps: ['permissions'],
    operations: [],
    notes: [],
  },
} as unknown as MadePlan;

const today: AssessSummary = {
  usersScanned: 120_000,
  blockedUsers: 119_990,
  checks: [],
  byReason: {},
  causes: [
    { code: 'missing-grant', label: 'Connector not granted', severity: 'blocker', users: 119_990 },
    { code: 'inheritance-disabled', label: 'Inheritance disabled', severity: 'blocker', users: 1 },
    {
      code: 'cannot-change-password',
      label: 'User cannot change password',
      severity: 'warning',
      users: 1,
    },
  ],
};

const rows = {
  ok: true as const,
  value: {
    total: 120_000,
    offset: 0,
    rows: [
      {
        sAMAccountName: 'nadia.noinherit',
        dn: 'CN=Nadia,OU=Staff,DC=contoso,DC=com',
        severity: 'blocker' as const,
        reasons: [
          { code: 'inheritance-disabled', message: 'Inheritance is disabled.', fix: 'Enable it.' },
        ],
      },
      {
        sAMAccountName: 'no.change',
        dn: 'CN=No Change,OU=Staff,DC=contoso,DC=com',
        severity: 'warning' as const,
        reasons: [
          { code: 'cannot-change-password', message: 'Cannot change.', fix: 'Nothing to do.' },
        ],
      },
    ],
  },
};

function renderPermissions(assessment: AssessSummary) {
  useWizard.setState({
    step: 'permissions',
    connected: { domains: [] } as never,
    plans: { permissions: emptyPlan },
    assessment,
  });
  api.answer('assess.rows', rows);
  return render(
    <ApiContext.Provider value={api}>
      <App />
    </ApiContext.Provider>,
  );
}

beforeEach(() => {
  useWizard.setState(initial, true);
  api = fakeApi();
});

describe('the verdict table on Permissions', () => {
  it('asks main for windows of blockers and warnings, filtered and sorted there', async () => {
    const user = userEvent.setup();
    renderPermissions(today);
    // jsdom lays nothing out, so no row is painted here (the e2e walk reads the rows).
    await screen.findByRole('table', { name: /Users writeback would fail for or warn about/ });
    await screen.findByText(/120,000 users writeback would fail for or warn about/);
    expect(api.calls('assess.rows')[0]).toEqual({ offset: 0, limit: 200 });

    // A cause in the cause table filters the list, in main.
    await user.click(screen.getByRole('button', { name: 'Inheritance disabled' }));
    await waitFor(() =>
      expect(api.calls('assess.rows').at(-1)).toEqual({
        offset: 0,
        limit: 200,
        cause: 'inheritance-disabled',
      }),
    );
    expect(
      screen.getByRole('button', { name: 'Inheritance disabled' }).getAttribute('aria-pressed'),
    ).toBe('true');
    // The filter text stays the admin's own: the cause is not typed into it.
    expect((screen.getByLabelText(/Filter users/) as HTMLInputElement).value).toBe('');

    // A column header sorts, in main; a second click reverses it.
    const dn = screen.getByRole('columnheader', { name: /DN/ });
    await user.click(within(dn).getByRole('button'));
    await waitFor(() =>
      expect(api.calls('assess.rows').at(-1)).toMatchObject({
        cause: 'inheritance-disabled',
        sort: { by: 'dn', descending: false },
      }),
    );
    expect(dn.getAttribute('aria-sort')).toBe('ascending');
    await user.click(within(dn).getByRole('button'));
    await waitFor(() => expect(dn.getAttribute('aria-sort')).toBe('descending'));

    await user.click(screen.getByRole('button', { name: 'Show every cause' }));
    await user.type(screen.getByLabelText(/Filter users/), 'nadia');
    await waitFor(() =>
      expect(api.calls('assess.rows').at(-1)).toEqual({
        offset: 0,
        limit: 200,
        filter: 'nadia',
        sort: { by: 'dn', descending: true },
      }),
    );
    // Never the whole table: every request is one window.
    for (const call of api.calls('assess.rows'))
      expect((call as { limit: number }).limit).toBeLessThanOrEqual(200);
  });

  it('offers no second view when the engine did not project one', async () => {
    renderPermissions(today);
    await screen.findByText(/would fail today/);
    expect(screen.queryByRole('radio', { name: /planned changes are applied/ })).toBeNull();
  });

  it('shows the users after the planned changes when the assessment carries them', async () => {
    const user = userEvent.setup();
    renderPermissions({
      ...today,
      afterPlan: {
        blockedUsers: 1,
        causes: [
          {
            code: 'inheritance-disabled',
            label: 'Inheritance disabled',
            severity: 'blocker',
            users: 1,
          },
        ],
      },
    });
    await user.click(await screen.findByRole('radio', { name: /planned changes are applied/ }));
    await screen.findByText(/1 would still fail once the changes planned here are applied/);
    expect(screen.queryByRole('button', { name: 'Connector not granted' })).toBeNull();
    await waitFor(() =>
      expect(api.calls('assess.rows').at(-1)).toEqual({
        offset: 0,
        limit: 200,
        view: 'after-plan',
      }),
    );
  });

  it('assessing again judges the users against the plan shown, in the same pass, when it changes something', async () => {
    const user = userEvent.setup();
    renderPermissions(today);
    api.answer('assess.run', { ok: true, value: today });
    await user.click(screen.getByRole('button', { name: 'Assess again' }));
    await waitFor(() => expect(api.calls('assess.run').at(-1)).toEqual({}));
    const grants = {
      ...emptyPlan,
      planId: '1'.repeat(32),
      plan: {
        ...emptyPlan.plan,
        // Any change will do: what matters is that the plan shown changes something.
        operations: [
          {
            kind: 'attribute',
            step: 'permissions',
            summary: 'A change',
            optIn: false,
            fingerprint: 'a'.repeat(64),
            afterFingerprint: 'b'.repeat(64),
            target: 'DC=contoso,DC=com',
            attribute: 'description',
            before: ['x'],
            after: ['y'],
          },
        ],
      },
    } as unknown as MadePlan;
    useWizard.setState({ plans: { permissions: grants } });
    await user.click(screen.getByRole('button', { name: 'Assess again' }));
    await waitFor(() => expect(api.calls('assess.run').at(-1)).toEqual({ planId: '1'.repeat(32) }));
  });

  it('each Permissions opt-in re-plans at once, and is kept in the store', async () => {
    const user = userEvent.setup();
    renderPermissions(today);
    api.answer('plan.make', { ok: true, value: emptyPlan });
    await user.click(screen.getByRole('checkbox', { name: /AdminSDHolder/ }));
    await waitFor(() =>
      expect(api.calls('plan.make').at(-1)).toEqual({
        steps: ['permissions'],
        includeAdminSdHolder: true,
      }),
    );
    await user.click(screen.getByRole('checkbox', { name: /Enable inheritance/ }));
    await waitFor(() =>
      expect(api.calls('plan.make').at(-1)).toEqual({
        steps: ['permissions'],
        includeAdminSdHolder: true,
        enableInheritance: 'all',
      }),
    );
    expect(useWizard.getState().optIns).toEqual({
      includeAdminSdHolder: true,
      enableInheritance: true,
    });
  });
});
