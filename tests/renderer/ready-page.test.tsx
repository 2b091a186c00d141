/**
 * Ready to configure as a screen reader meets it: with two steps' changes on the page, each
 * change is announced under its own title (not the first step's), and every Copy button says
 * which command it copies.
 */
import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../renderer/src/api';
import { App } from '../../renderer/src/app';
import { useWizard } from '../../renderer/src/store';
import type { MadePlan } from '../../shared/ipc';
import { fakeApi } from './fake-api';

const initial = useWizard.getState();
beforeEach(() => useWizard.setState(initial, true));

function planOf(step: 'permissions' | 'min-password-age', summary: string, command: string) {
  const operation = {
    kind: 'attribute' as const,
    step,
    summary,
    fingerprint: 'a'.repeat(64),
    afterFingerprint: 'b'.repeat(64),
    target: 'DC=contoso,DC=com',
    attribute: 'minPwdAge',
    before: ['-864000000000'],
    after: ['0'],
    equivalentCommand: command,
  };
  return {
    planId: (step === 'permissions' ? '1' : '2').repeat(32),
    targets: ['DC=contoso,DC=com'],
    plan: {
      formatVersion: 1,
      createdAt: '2026-11-28T00:00:00.000Z',
      source: {},
      steps: [step],
      operations: [operation],
      notes: [],
    },
  } as unknown as MadePlan;
}

describe('Ready to configure', () => {
  it('announces each change under its own title, and labels every Copy button', () => {
    useWizard.setState({
      step: 'ready',
      connected: { domains: [] } as never,
      plans: {
        permissions: planOf('permissions', 'Grant the connector Reset password', 'dsacls grant'),
        'min-password-age': planOf('min-password-age', 'minPwdAge → 0', 'Set-ADDefaultDomain'),
      },
    });
    render(
      <ApiContext.Provider value={fakeApi()}>
        <App />
      </ApiContext.Provider>,
    );
    const articles = screen.getAllByRole('article');
    expect(articles.map((a) => a.getAttribute('aria-labelledby'))).toHaveLength(2);
    expect(new Set(articles.map((a) => a.getAttribute('aria-labelledby'))).size).toBe(2);
    expect(
      screen.getByRole('article', { name: /Grant the connector Reset password/ }),
    ).toBeTruthy();
    expect(screen.getByRole('article', { name: /minPwdAge → 0/ })).toBeTruthy();
    const copies = articles.flatMap((a) =>
      within(a).queryAllByRole('button', { name: /^Copy/, hidden: true }),
    );
    expect(copies.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Copy: dsacls grant',
      'Copy: Set-ADDefaultDomain',
    ]);
  });
});
