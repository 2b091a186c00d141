/**
 * The Verify page: Welcome offers it as its own task; it asks main for the Connect server's
 * events since the chosen time and its connectivity, and shows each check and each event with
 * the step that fixes it.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { VerifyView } from '../../shared/ipc';
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
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Verify');
    await user.type(screen.getByRole('textbox'), 'aadc01.contoso.test');
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
