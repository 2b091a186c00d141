import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PowerShellRunner, type AdsyncLocation } from '../../../main/adsync/powershell-runner';
import { dispatch } from '../../../main/engine-api/dispatch';
import { EngineSession, type EngineHost } from '../../../main/engine-api/session';
import type { VerifyView } from '../../../shared/ipc';

const fixture = (name: string) =>
  readFileSync(new URL(`../adsync/fixtures/${name}`, import.meta.url), 'utf8');

/** An app host whose ADSync PowerShell answers as Windows does, recording where it ran. */
function hostAnswering(locations: AdsyncLocation[]): EngineHost {
  return {
    kind: 'dev-bridge',
    version: 'test',
    journalFolder: '/nonexistent',
    openExternal: async () => undefined,
    saveFile: async () => undefined,
    emit: () => undefined,
    adsync: {
      defaultLocation: 'none',
      runner: (location) => {
        locations.push(location);
        return new PowerShellRunner(async (_command, args) => {
          const script = Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString(
            'utf16le',
          );
          const stdout = script.includes('Get-WinEvent')
            ? fixture('writeback-events.json')
            : fixture('test-netconnection.json');
          return { exitCode: 0, stdout, stderr: '' };
        }, location);
      },
    },
  };
}

describe('verify.run (the Verify page)', () => {
  it('reads the named Connect server over remoting and returns the checks and the explained events', async () => {
    const locations: AdsyncLocation[] = [];
    const session = new EngineSession(hostAnswering(locations));
    const result = await dispatch(session, 'verify.run', {
      events: true,
      since: '2026-11-27T00:00:00Z',
      connectivity: true,
      connectServer: 'aadc01.contoso.test',
    });
    expect(result.ok).toBe(true);
    const view = (result as { value: VerifyView }).value;
    expect(locations).toEqual([{ kind: 'remote', host: 'aadc01.contoso.test' }]);
    expect(view.checks.map((c) => c.id)).toContain('verify.events');
    expect(view.events.find((e) => e.id === 33004)).toMatchObject({
      step: 'Permissions',
      user: { upn: 'alice.adams@contoso.test' },
    });
  });

  it('refuses a Connect server name that is not a host name, and says so without a Connect server', async () => {
    const session = new EngineSession(hostAnswering([]));
    const bad = await dispatch(session, 'verify.run', {
      events: true,
      since: '2026-11-27T00:00:00Z',
      connectivity: false,
      connectServer: 'aadc01; Remove-Item',
    });
    expect(bad.ok).toBe(false);
    const none = await dispatch(session, 'verify.run', {
      events: true,
      since: '2026-11-27T00:00:00Z',
      connectivity: false,
    });
    expect((none as { value: VerifyView }).value.checks[0]).toMatchObject({
      id: 'verify.events',
      status: 'unknown',
    });
    // What the page can show to run on the Connect server by hand, for the window asked for.
    expect((none as { value: VerifyView }).value.byHand?.events).toContain(
      "StartTime = [DateTimeOffset]::Parse('2026-11-27T00:00:00.000Z').LocalDateTime",
    );
  });

  it('on a computer without Windows PowerShell, names the Connect server typed (never "none was named") and gives the commands to run on it by hand', async () => {
    const { adsync: _none, ...host } = hostAnswering([]);
    const session = new EngineSession(host);
    const result = await dispatch(session, 'verify.run', {
      events: true,
      since: '2026-11-27T10:00:00Z',
      connectivity: true,
      connectServer: 'aadc01.contoso.test',
    });
    const view = (result as { value: VerifyView }).value;
    for (const id of ['verify.events', 'verify.connectivity']) {
      const check = view.checks.find((c) => c.id === id)!;
      expect(check.status).toBe('unknown');
      expect(check.message).toContain('aadc01.contoso.test was not reached');
      expect(check.message).not.toMatch(/none was named/);
      expect(check.fix).toContain('on aadc01.contoso.test');
    }
    // With no server named either, it says this computer cannot read any, not "name it".
    const none = await dispatch(session, 'verify.run', {
      events: true,
      since: '2026-11-27T10:00:00Z',
      connectivity: false,
    });
    const unnamed = (none as { value: VerifyView }).value.checks[0]!;
    expect(unnamed.message).toMatch(
      /^The Connect server was not reached: this computer cannot run Windows PowerShell/,
    );
    expect(unnamed.fix).toMatch(/^Run the commands shown below on the Connect server/);
    expect(view.byHand?.server).toBe('aadc01.contoso.test');
    // The window the admin chose, the writeback providers, and the IDs of Microsoft's table.
    // The engine's commands (main/verify): the window asked for, both providers, Microsoft's IDs.
    expect(view.byHand?.events).toContain("[DateTimeOffset]::Parse('2026-11-27T10:00:00.000Z')");
    expect(view.byHand?.events).toMatch(/PasswordResetService[\s\S]*ADSync/);
    expect(view.byHand?.events).toMatch(/\b31005\b[\s\S]*\b33004\b/);
    expect(
      view.byHand?.connectivity?.split('\n').filter((l) => l.startsWith('Test-NetConnection')),
    ).toEqual([
      expect.stringContaining('passwordreset.microsoftonline.com'),
      expect.stringContaining('ssprdedicatedsbprodscu.servicebus.windows.net'),
      expect.stringContaining('ssprdedicatedsbprodncu.servicebus.windows.net'),
    ]);
    // Only the checks asked for.
    const eventsOnly = await dispatch(session, 'verify.run', {
      events: true,
      since: '2026-11-27T10:00:00Z',
      connectivity: false,
    });
    expect((eventsOnly as { value: VerifyView }).value.byHand).toMatchObject({
      why: expect.stringContaining('cannot run Windows PowerShell'),
      events: expect.stringContaining('Get-WinEvent'),
    });
    expect((eventsOnly as { value: VerifyView }).value.byHand?.connectivity).toBeUndefined();
  });

  it('with a Connect server reached, gives no commands by hand', async () => {
    const session = new EngineSession(hostAnswering([]));
    const result = await dispatch(session, 'verify.run', {
      events: true,
      since: '2026-11-27T00:00:00Z',
      connectivity: true,
      connectServer: 'aadc01.contoso.test',
    });
    expect((result as { value: VerifyView }).value.byHand).toBeUndefined();
  });

  it('saves the last results as writeback verify --out (JSON) and --html write them, never without asking', async () => {
    const saved = new Map<string, { name: string; content: string }>();
    let answer: string | undefined = '/chosen';
    const host: EngineHost = {
      ...hostAnswering([]),
      saveFile: async (name, content) => {
        saved.set(name.split('.').pop()!, { name, content });
        return answer === undefined ? undefined : `${answer}/${name}`;
      },
    };
    const session = new EngineSession(host);
    const nothing = await dispatch(session, 'verify.save', { format: 'json' });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'verify-nothing-to-save' } });
    await dispatch(session, 'verify.run', {
      events: true,
      since: '2026-11-27T00:00:00Z',
      connectivity: true,
      connectServer: 'aadc01.contoso.test',
    });
    const json = await dispatch(session, 'verify.save', { format: 'json' });
    expect(json).toMatchObject({
      ok: true,
      value: { path: expect.stringMatching(/^\/chosen\/writeback-verify-.*\.json$/) },
    });
    const document = JSON.parse(saved.get('json')!.content) as {
      checks: { id: string }[];
      events: { id: number; step: string }[];
      connectivity: { host: string }[];
      exitCode: number;
    };
    expect(document.checks.map((c) => c.id)).toContain('verify.events');
    expect(document.events.find((e) => e.id === 33004)?.step).toBe('Permissions');
    expect(document.connectivity.length).toBeGreaterThan(0);
    expect(document.exitCode).toBe(1);
    expect((await dispatch(session, 'verify.save', { format: 'html' })).ok).toBe(true);
    expect(saved.get('html')!.content).toContain('PasswordResetService 33004');
    // The admin cancelled the save dialog: nothing was saved, and the page is told so.
    answer = undefined;
    const cancelled = await dispatch(session, 'verify.save', { format: 'html' });
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'verify-not-saved' } });
  });

  it('puts the last Verify results in the report the app saves (HTML and JSON), worded for the app', async () => {
    const saved = new Map<string, string>();
    const host: EngineHost = {
      ...hostAnswering([]),
      saveFile: async (name, content) => {
        saved.set(name.split('.').pop()!, content);
        return `/reports/${name}`;
      },
    };
    const session = new EngineSession(host);
    await dispatch(session, 'verify.run', {
      events: true,
      since: '2026-11-27T00:00:00Z',
      connectivity: true,
      connectServer: 'aadc01.contoso.test',
    });
    session.assessment = {
      generatedAt: '2026-11-28T09:00:00.000Z',
      checks: [],
      blockers: [],
      facts: {},
      exitCode: 0,
    };
    expect((await dispatch(session, 'report.save', { format: 'html' })).ok).toBe(true);
    expect((await dispatch(session, 'report.save', { format: 'json' })).ok).toBe(true);
    const html = saved.get('html')!;
    expect(html).toContain('Proof that writeback works (verify)');
    expect(html).toContain('PasswordResetService 33004');
    const json = JSON.parse(saved.get('json')!) as {
      verify?: { checks: { id: string }[]; events: { id: number; step: string }[] };
    };
    expect(json.verify?.checks.map((c) => c.id)).toContain('verify.events');
    expect(json.verify?.events.find((e) => e.id === 33004)?.step).toBe('Permissions');
    // Fields are worded for the app (no marker, no flag) before the report is laid out.
    for (const text of saved.values()) {
      expect(text).not.toMatch(/[\uE000-\uE002]/);
      expect(text).not.toMatch(/ --[a-z]/);
    }
  });
});
