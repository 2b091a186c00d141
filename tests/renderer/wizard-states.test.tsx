/**
 * What the wizard says about its own state: a sign-in that waits never holds the
 * wizard and can be cancelled; Configuration complete shows each step's true state and is
 * titled for it, a rollback included; assess-only ends with an assessment and its report; the
 * rollback confirmation has its own words and the diff it will write; every opt-in re-plans at
 * once and is kept when the admin leaves the page.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiContext } from '../../renderer/src/api';
import { App } from '../../renderer/src/app';
import { ProgressLine } from '../../renderer/src/components/progress-line';
import { useWizard } from '../../renderer/src/store';
import type { MadePlan } from '../../shared/ipc';
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

const heading = () => screen.getByRole('heading', { level: 2 }).textContent;

function madePlan(step: MadePlan['plan']['steps'][number], operations: number): MadePlan {
  const operation = {
    kind: 'attribute' as const,
    step,
    summary: 'minPwdAge → 0',
    fingerprint: 'a'.repeat(64),
    afterFingerprint: 'b'.repeat(64),
    target: 'DC=contoso,DC=com',
    attribute: 'minPwdAge',
    before: ['-864000000000'],
    after: ['0'],
  };
  return {
    planId: '0'.repeat(32),
    targets: Array.from({ length: operations }, () => 'DC=contoso,DC=com'),
    plan: {
      formatVersion: 1,
      createdAt: '2026-11-28T00:00:00.000Z',
      source: {},
      steps: [step],
      operations: Array.from({ length: operations }, () => operation),
      notes: [],
    },
  } as unknown as MadePlan;
}

describe('a sign-in that waits', () => {
  it('shows that it waits, keeps Previous and Next usable, and Cancel ends it', async () => {
    const user = userEvent.setup();
    let finish: (value: unknown) => void = () => undefined;
    (
      api['entra.signIn'] as unknown as { mockImplementation: (f: () => unknown) => void }
    ).mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    api.answer('entra.status', { ok: true, value: { cloud: 'global' } });
    useWizard.setState({ step: 'entra' });
    renderApp();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const status = await screen.findByText(/Signing in to Entra ID…/);
    expect(status.closest('[role=status]')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByRole('button', { name: 'Previous' }).hasAttribute('disabled')).toBe(false);
    api.answer('entra.cancel', { ok: true, value: { cloud: 'global' } });
    await user.click(screen.getByRole('button', { name: 'Cancel sign-in' }));
    expect(api.calls('entra.cancel')).toHaveLength(1);
    finish({
      ok: false,
      error: { code: 'entra-sign-in-cancelled', message: 'You cancelled.', fix: 'Sign in again.' },
    });
    await screen.findByText('Sign-in cancelled.');
    // The admin's own Cancel is not an error.
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the sign-in address with Copy, to open by hand when no browser opened', async () => {
    const user = userEvent.setup();
    (
      api['entra.signIn'] as unknown as { mockImplementation: (f: () => unknown) => void }
    ).mockImplementation(() => new Promise(() => undefined));
    api.answer('entra.status', { ok: true, value: { cloud: 'global' } });
    useWizard.setState({ step: 'entra' });
    renderApp();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText(/Signing in to Entra ID…/);
    const url =
      'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=x&redirect_uri=http%3A%2F%2Flocalhost%3A53111';
    act(() => useWizard.getState().onProgress({ kind: 'sign-in-url', url }));
    expect(await screen.findByText(url)).toBeTruthy();
    expect(screen.getByText(/If no browser opened, open this address/)).toBeTruthy();
    expect(
      screen.getByRole('button', { name: /^Copy: https:\/\/login\.microsoftonline\.com/ }),
    ).toBeTruthy();
  });

  it('names the network when the sign-in host cannot be reached', async () => {
    const user = userEvent.setup();
    api.answer('entra.status', { ok: true, value: { cloud: 'global' } });
    api.answer('entra.signIn', {
      ok: false,
      error: {
        code: 'entra-unreachable',
        message: 'The network: login.microsoftonline.com could not be reached (ENOTFOUND).',
        fix: 'Check that this computer reaches https://login.microsoftonline.com.',
      },
    });
    useWizard.setState({ step: 'entra' });
    renderApp();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Signing in to Entra ID failed: The network: login/);
  });
});

/** One applied Permissions run in the journal folder, as journal.list lists it. */
const appliedRun = {
  journal: '/j/run-1.jsonl',
  runId: 'r1',
  at: '2026-11-28T06:02:52.807Z',
  user: 'ada',
  host: 'vm',
  steps: ['permissions'],
  operations: 1,
  targets: ['DC=contoso,DC=com'],
  states: {},
  ended: true,
  complete: true,
  rolledBack: false,
  offers: ['rollback'],
};

describe('Configuration complete', () => {
  const applied = {
    key: 'permissions' as const,
    outcome: { applied: 1, journal: '/j/run-1.jsonl' },
  };

  it('after applying one step, says what is left and is not titled "complete"', async () => {
    api.answer('journal.list', { ok: true, value: [] });
    useWizard.setState({
      step: 'complete',
      applied: [applied],
      plans: { 'min-password-age': madePlan('min-password-age', 1) },
    });
    renderApp();
    expect(heading()).toBe('Partly configured');
    const table = screen.getByRole('table');
    const row = (name: string) => within(table).getByRole('rowheader', { name }).closest('tr')!;
    expect(row('Permissions').textContent).toMatch(/Applied and verified: 1 change\./);
    expect(row('Permissions').textContent).toContain('/j/run-1.jsonl');
    expect(row('Minimum password age').textContent).toMatch(/Not applied: 1 change planned/);
    expect(row('Optional features').textContent).toMatch(/Not reviewed/);
    expect(row('SSPR on-premises integration').textContent).toMatch(/Left to do by hand/);
    await waitFor(() => expect(api.calls('journal.list')).toHaveLength(1));
  });

  it('with nothing applied is titled so', () => {
    useWizard.setState({ step: 'complete', plans: { permissions: madePlan('permissions', 1) } });
    renderApp();
    expect(heading()).toBe('Nothing applied yet');
  });

  it('rolls back after a confirmation in its own words with the diff, and then says so', async () => {
    const user = userEvent.setup();
    const run = appliedRun;
    api.answer('journal.list', { ok: true, value: [run] });
    api.answer('journal.preview', {
      ok: true,
      value: { plan: madePlan('min-password-age', 1).plan },
    });
    useWizard.setState({ step: 'complete', applied: [applied] });
    renderApp();
    await user.click(await screen.findByRole('button', { name: 'Roll back…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roll back this run' });
    expect(dialog.textContent).toContain('I reviewed what rollback will write');
    expect(dialog.textContent).not.toContain('want to apply them');
    expect(within(dialog).getByRole('table').textContent).toContain('minPwdAge');
    expect(within(dialog).queryByRole('button', { name: 'Apply' })).toBeNull();
    api.answer('journal.rollback', { ok: true, value: { restored: 1, alreadyAsBefore: 0 } });
    api.answer('journal.list', { ok: true, value: [{ ...run, rolledBack: true }] });
    await user.click(within(dialog).getByRole('checkbox'));
    await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    await waitFor(() => expect(heading()).toBe('Rolled back'));
    expect(screen.getByText(/Rolled back: 1 target restored, 0 already as before/)).toBeTruthy();
    const row = screen.getByRole('rowheader', { name: 'Permissions' }).closest('tr')!;
    expect(row.textContent).toMatch(/Rolled back: 1 target restored/);
  });
});

describe('the evidence pack on Configuration complete', () => {
  it('without a save dialog, says it is in the journal folder, with its full path to copy', async () => {
    const user = userEvent.setup();
    const run = appliedRun;
    api.answer('journal.list', { ok: true, value: [run] });
    api.answer('evidence.save', {
      ok: true,
      value: {
        folder: '/j/evidence-r1',
        zip: '/j/evidence-r1.zip',
        where: 'journal-folder',
        files: 9,
        manifestSha256: 'ab'.repeat(32),
      },
    });
    useWizard.setState({ step: 'complete' });
    renderApp();
    await user.click(await screen.findByRole('button', { name: 'Save evidence pack' }));
    expect(
      await screen.findByText(/^Evidence pack saved to \/j\/evidence-r1 and \/j\/evidence-r1\.zip/),
    ).toBeTruthy();
    expect(screen.getByText(/no save dialog .* in the journal folder/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy: /j/evidence-r1' })).toBeTruthy();
  });
});

describe('assess only', () => {
  it('cannot end without an assessment: the last page offers it, then the report', async () => {
    const user = userEvent.setup();
    useWizard.setState({
      step: 'complete',
      task: 'assess',
      connected: { domains: [] } as never,
    });
    api.answer('assess.run', {
      ok: true,
      value: { usersScanned: 210, blockedUsers: 4, checks: [], byReason: {}, causes: [] },
    });
    renderApp();
    expect(heading()).toBe('Assessment');
    expect(screen.queryByText(/Runs that can be rolled back/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Assess every user' }));
    await screen.findByRole('button', { name: 'Save HTML report' });
    expect(screen.getByText(/The assessment of 210 users/)).toBeTruthy();
  });
});

describe('opt-ins', () => {
  it('the PSO opt-in re-plans at once and is kept when the admin leaves the page', async () => {
    const user = userEvent.setup();
    api.answer('app.info', {
      ok: true,
      value: {
        version: 't',
        host: 'dev-bridge',
        platform: 'linux',
        journalFolder: '/j',
        adsync: 'unavailable',
      },
    });
    api.answer('plan.make', { ok: true, value: madePlan('min-password-age', 1) });
    useWizard.setState({ step: 'min-password-age' });
    const view = renderApp();
    // Not Windows: no Windows share as the default.
    expect((screen.getByLabelText(/SYSVOL folder/) as HTMLInputElement).value).toBe('');
    await user.type(screen.getByLabelText(/SYSVOL folder/), '/mnt/sysvol/contoso.com');
    await user.click(screen.getByRole('button', { name: 'Read the policies' }));
    await screen.findByRole('button', { name: 'Read again' });
    await user.click(screen.getByRole('checkbox', { name: /every PSO/ }));
    await waitFor(() =>
      expect(api.calls('plan.make').at(-1)).toEqual({
        steps: ['min-password-age'],
        sysvol: '/mnt/sysvol/contoso.com',
        psos: 'all',
      }),
    );
    view.unmount();
    useWizard.setState({ step: 'min-password-age' });
    renderApp();
    expect((screen.getByRole('checkbox', { name: /every PSO/ }) as HTMLInputElement).checked).toBe(
      true,
    );
  });

  it('the “must change password” opt-in is kept when the admin leaves the page', async () => {
    const user = userEvent.setup();
    api.answer('app.info', {
      ok: true,
      value: {
        version: 't',
        host: 'dev-bridge',
        platform: 'linux',
        journalFolder: '/j',
        adsync: 'unavailable',
      },
    });
    api.answer('plan.make', { ok: true, value: madePlan('optional-features', 0) });
    useWizard.setState({ step: 'optional-features' });
    const view = renderApp();
    await user.click(await screen.findByRole('checkbox', { name: /User must change password/ }));
    await waitFor(() =>
      expect(api.calls('plan.make').at(-1)).toMatchObject({ syncForcePasswordChange: true }),
    );
    view.unmount();
    renderApp();
    expect(
      (screen.getByRole('checkbox', { name: /User must change password/ }) as HTMLInputElement)
        .checked,
    ).toBe(true);
  });
});

describe('the progress of a change', () => {
  it('says how long the domain controller has been writing it', async () => {
    vi.useFakeTimers();
    try {
      render(
        <ProgressLine
          label="Applying Permissions…"
          event={{
            kind: 'operation',
            run: 'apply',
            index: 0,
            total: 1,
            summary: 'Grant the connector its writeback rights on DC=contoso,DC=com',
            phase: 'writing',
          }}
        />,
      );
      expect(screen.getByRole('status').textContent).toMatch(/Change 1 of 1: writing — Grant/);
      expect(screen.getByRole('status').textContent).not.toMatch(/has been at it/);
      await act(async () => {
        vi.advanceTimersByTime(4_000);
      });
      expect(screen.getByRole('status').textContent).toMatch(
        /the domain controller has been at it for 4 s/,
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
