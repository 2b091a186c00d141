/**
 * The verdict table's rows as main serves them: windows of one view, filtered by cause and text,
 * sorted by a column (ties by account name), with warnings after blockers; the after-plan view
 * only when the assessment carries it; and through the dispatcher, as the renderer asks.
 */
import { describe, expect, it } from 'vitest';
import type { AssessReport } from '../../../main/assess/assess-provider';
import { dispatch } from '../../../main/engine-api/dispatch';
import { EngineSession, type EngineHost } from '../../../main/engine-api/session';
import { causeCounts, projectionOf, verdictRows } from '../../../main/engine-api/verdict-rows';
import type { Blocker } from '../../../shared/checks';
import type { AssessRows } from '../../../shared/ipc';

const user = (name: string, ou: string, ...codes: string[]): Blocker => ({
  sAMAccountName: name,
  dn: `CN=${name},OU=${ou},DC=contoso,DC=test`,
  reasons: codes.map((code) => ({ code, message: `${code} of ${name}`, fix: 'fix' })),
});

const blockers = [
  user('bulk-10', 'Bulk', 'missing-grant'),
  user('bulk-9', 'Bulk', 'missing-grant', 'minimum-password-age'),
  user('nadia', 'Staff', 'inheritance-disabled', 'missing-grant'),
  user('Administrator', 'Admins', 'protected-account'),
];
const warnings = [user('no.change', 'Staff', 'cannot-change-password')];

const report = (facts: Record<string, unknown> = {}): AssessReport => ({
  generatedAt: '2026-11-28T00:00:00.000Z',
  checks: [],
  blockers,
  facts: { ad: { warnings, ...facts } },
  exitCode: 0,
});

const names = (rows: AssessRows) => rows.rows.map((r) => r.sAMAccountName);

describe('verdict rows', () => {
  it('lists blockers then warnings, each row with its kind, in windows', () => {
    const all = verdictRows(report(), { offset: 0, limit: 10 });
    expect(all.total).toBe(5);
    expect(all.rows.map((r) => [r.sAMAccountName, r.severity]).at(-1)).toEqual([
      'no.change',
      'warning',
    ]);
    const window = verdictRows(report(), { offset: 1, limit: 2 });
    expect(window).toMatchObject({ total: 5, offset: 1 });
    expect(names(window)).toEqual(['bulk-9', 'nadia']);
  });

  it('filters by cause code exactly, and by text over name, DN and reason', () => {
    const r = report();
    expect(names(verdictRows(r, { offset: 0, limit: 10, cause: 'missing-grant' }))).toEqual([
      'bulk-10',
      'bulk-9',
      'nadia',
    ]);
    // A cause code is not text: "grant" as a cause matches nothing.
    expect(verdictRows(r, { offset: 0, limit: 10, cause: 'grant' }).total).toBe(0);
    expect(names(verdictRows(r, { offset: 0, limit: 10, filter: 'ou=staff' }))).toEqual([
      'nadia',
      'no.change',
    ]);
    expect(
      names(verdictRows(r, { offset: 0, limit: 10, cause: 'missing-grant', filter: 'NADIA' })),
    ).toEqual(['nadia']);
    expect(names(verdictRows(r, { offset: 0, limit: 10, severity: 'warning' }))).toEqual([
      'no.change',
    ]);
  });

  it('sorts by a column, numbers as numbers, ties by account, and the other way on request', () => {
    const r = report();
    expect(names(verdictRows(r, { offset: 0, limit: 10, sort: { by: 'account' } }))).toEqual([
      'Administrator',
      'bulk-9',
      'bulk-10',
      'nadia',
      'no.change',
    ]);
    expect(
      names(verdictRows(r, { offset: 0, limit: 10, sort: { by: 'kind', descending: true } })),
    ).toEqual(['no.change', 'Administrator', 'bulk-9', 'bulk-10', 'nadia']);
    // By OU from the domain down: Admins, Bulk, Staff.
    expect(names(verdictRows(r, { offset: 0, limit: 10, sort: { by: 'dn' } }))).toEqual([
      'Administrator',
      'bulk-9',
      'bulk-10',
      'nadia',
      'no.change',
    ]);
    expect(names(verdictRows(r, { offset: 0, limit: 2, sort: { by: 'cause' } }))).toEqual([
      'bulk-10',
      'bulk-9',
    ]);
  });

  it('serves the after-plan view only when the assessment carries it', () => {
    expect(projectionOf(report())).toBeUndefined();
    expect(() => verdictRows(report(), { offset: 0, limit: 10, view: 'after-plan' })).toThrow(
      /no view of the users after the planned changes/,
    );
    const projected = report({ afterPlan: { blockers: [blockers[3]], warnings } });
    expect(names(verdictRows(projected, { offset: 0, limit: 10, view: 'after-plan' }))).toEqual([
      'Administrator',
      'no.change',
    ]);
    expect(projectionOf(projected)).toEqual({
      blockedUsers: 1,
      causes: [
        {
          code: 'protected-account',
          label: 'Protected account (adminCount=1)',
          severity: 'blocker',
          users: 1,
        },
        {
          code: 'cannot-change-password',
          label: 'User cannot change password',
          severity: 'warning',
          users: 1,
        },
      ],
    });
  });

  it('counts a user once per cause, blockers first, then by count', () => {
    expect(causeCounts({ blockers, warnings }).map((c) => [c.code, c.users])).toEqual([
      ['missing-grant', 3],
      ['minimum-password-age', 1],
      ['inheritance-disabled', 1],
      ['protected-account', 1],
      ['cannot-change-password', 1],
    ]);
  });
});

describe('assess.rows through the dispatcher', () => {
  const host: EngineHost = {
    kind: 'dev-bridge',
    version: 'test',
    journalFolder: '/nonexistent',
    openExternal: async () => undefined,
    saveFile: async () => undefined,
    emit: () => undefined,
  };

  it('sorts and filters what the session assessed, and refuses a cause that is not a code', async () => {
    const session = new EngineSession(host);
    session.assessment = report();
    const result = await dispatch(session, 'assess.rows', {
      offset: 0,
      limit: 2,
      cause: 'missing-grant',
      sort: { by: 'account', descending: true },
    });
    expect(result).toMatchObject({ ok: true, value: { total: 3 } });
    expect(names((result as { value: AssessRows }).value)).toEqual(['nadia', 'bulk-10']);
    const bad = await dispatch(session, 'assess.rows', { offset: 0, limit: 2, cause: '<script>' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'ipc-bad-input' } });
  });
});
