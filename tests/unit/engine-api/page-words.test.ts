/**
 * The app words a field as the control on the page that shows the text: Verify has its own
 * Connect server field, so its fixes name that one, not the one on Optional features.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/engine-api/dispatch';
import { EngineSession, type EngineHost } from '../../../main/engine-api/session';
import { forApp, wordsFor } from '../../../main/engine-api/words';
import { field } from '../../../shared/fields';
import type { VerifyView } from '../../../shared/ipc';

const host: EngineHost = {
  kind: 'dev-bridge',
  version: 'test',
  journalFolder: '/nonexistent',
  openExternal: async () => undefined,
  saveFile: async () => undefined,
  emit: () => undefined,
  // A Windows jump box (it can run PowerShell) where no Connect server was named.
  adsync: {
    defaultLocation: 'none',
    runner: () => {
      throw new Error('no Connect server was named: nothing may run');
    },
  },
};

describe('the words of a field, by page', () => {
  it('Verify without a Connect server points at its own Connect server field', async () => {
    const result = await dispatch(new EngineSession(host), 'verify.run', {
      events: true,
      since: '2026-11-27T00:00:00Z',
      connectivity: false,
    });
    const check = (result as { value: VerifyView }).value.checks[0]!;
    expect(check.status).toBe('unknown');
    expect(check.fix).toContain('Connect server (on this page)');
    expect(JSON.stringify(result)).not.toMatch(/Optional features|--adsync|\uE000/);
  });

  it('other pages keep the Optional features wording', () => {
    const text = `Name it: ${field('adsync', 'remote:<server>')}.`;
    expect(forApp(text, wordsFor('plan.make'))).toBe(
      'Name it: AD Connect server (Optional features).',
    );
    expect(forApp(text, wordsFor('verify.run'))).toBe('Name it: Connect server (on this page).');
  });
});
