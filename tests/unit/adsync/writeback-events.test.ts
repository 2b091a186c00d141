import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  explainEvent,
  parseWritebackEvents,
  readWritebackEvents,
  writebackEventsScript,
} from '../../../main/adsync/event-log';
import { PowerShellRunner, type SpawnResult } from '../../../main/adsync/powershell-runner';
import { writebackEventCatalogue } from '../../../main/adsync/writeback-events';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;

/** The IDs of Microsoft's "Password writeback event log error codes" tables, as the page lists them. */
const microsoftTable = {
  PasswordResetService: [
    31001, 31002, 31003, 31004, 31005, 31006, 31007, 31008, 31009, 31010, 31011, 31012, 31013,
    31014, 31015, 31016, 31017, 31018, 31019, 31034, 31044, 32000, 32001, 32002, 32003, 32004,
    32005, 32007, 32008, 32009, 32010, 32011, 32013, 32014, 32015, 33001, 33002, 33003, 33004,
    33005, 33006, 33007, 33008, 33009,
  ],
  ADSync: [6329, 6800],
};

function runnerAnswering(json: unknown) {
  const scripts: string[] = [];
  const runner = new PowerShellRunner(
    async (_command, args): Promise<SpawnResult> => {
      scripts.push(
        Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le'),
      );
      return { exitCode: 0, stdout: '\uFEFF' + JSON.stringify(json) + '\r\n', stderr: '' };
    },
    { kind: 'remote', host: 'aadc01.contoso.test' },
  );
  return { runner, scripts };
}

describe("Microsoft's writeback event table", () => {
  it('has one entry for every event ID the troubleshooting page lists, and no other', () => {
    for (const source of ['PasswordResetService', 'ADSync'] as const) {
      const ids = [
        ...new Set(writebackEventCatalogue.filter((e) => e.source === source).map((e) => e.id)),
      ].sort();
      expect(ids).toEqual([...microsoftTable[source]].sort());
    }
  });

  it('explains every listed event: a meaning, and for a failure its cause or fix and the step that fixes it', () => {
    for (const [source, ids] of Object.entries(microsoftTable)) {
      for (const id of ids) {
        const event = explainEvent({
          at: '2026-11-27T09:00:00.000Z',
          id,
          source,
          level: 'Error',
          message: '',
        });
        expect(event.outcome, `${source} ${id}`).not.toBe('unexplained');
        expect(event.meaning.length, `${source} ${id}`).toBeGreaterThan(10);
        if (event.outcome === 'failure') {
          expect(event.fix ?? event.cause, `${source} ${id}`).toBeTruthy();
          expect(event.fixIn, `${source} ${id}`).not.toBe('none');
        }
      }
    }
  });

  it('tells the two ADSync 6329 events apart by their text', () => {
    const restriction = explainEvent({
      at: 'x',
      id: 6329,
      source: 'ADSync',
      level: 'Error',
      message: 'BAIL: MMS(4924): 0x80230619',
    });
    const noControl = explainEvent({
      at: 'x',
      id: 6329,
      source: 'ADSync',
      level: 'Error',
      message:
        "MMS(3040): admaexport.cpp(2837): The server doesn't contain the LDAP password policy control.",
    });
    expect(restriction.fixIn).toBe('min-password-age');
    expect(noControl.fixIn).toBe('connect-server');
    expect(noControl.fix).toMatch(/Windows Server 2016/);
  });
});

describe('reading the Application log through PowerShell', () => {
  it('asks Get-WinEvent for both providers in the window, treating "no events" as an empty answer', () => {
    const script = writebackEventsScript({
      since: '2026-11-27T00:00:00Z',
      until: '2026-11-28T00:00:00Z',
    });
    expect(script).toContain("ProviderName = @('PasswordResetService', 'ADSync')");
    expect(script).toContain(
      "StartTime = [DateTimeOffset]::Parse('2026-11-27T00:00:00.000Z').LocalDateTime",
    );
    expect(script).toContain(
      "EndTime = [DateTimeOffset]::Parse('2026-11-28T00:00:00.000Z').LocalDateTime",
    );
    expect(script).toContain('NoMatchingEventsFound');
    expect(script).toContain('$adsync = @(6329,6800)');
  });

  it('refuses a window that is not a time, before anything runs', () => {
    expect(() => writebackEventsScript({ since: "yesterday'; Remove-Item" })).toThrow(/ISO 8601/);
  });

  it('explains recorded events: users joined, tracking ids kept, control characters removed', async () => {
    const { runner, scripts } = runnerAnswering(fixture('writeback-events.json'));
    const events = await readWritebackEvents(runner, { since: '2026-11-27T00:00:00Z' });
    expect(scripts[0]).toContain("Invoke-Command -ComputerName 'aadc01.contoso.test'");
    expect(events.map((e) => [e.id, e.outcome, e.fixIn])).toEqual([
      [33004, 'failure', 'permissions'],
      [31001, 'progress', 'none'],
      [6329, 'failure', 'min-password-age'],
      [32002, 'failure', 'connectivity'],
      [31005, 'success', 'none'],
      [4, 'unexplained', 'none'],
    ]);
    expect(events[0]!.user).toEqual({
      dn: 'CN=Alice Adams,OU=Users,OU=Corp,DC=contoso,DC=test',
      upn: 'alice.adams@contoso.test',
    });
    expect(events[0]!.trackingId).toBe('0b5f6a52-1f0e-4a5d-9a57-3c1f2d7e8b10');
    expect(events[0]!.at).toBe('2026-11-27T09:14:52.123Z');
    expect(events[3]!.message).not.toContain('\u001b');
    // Not about a user: no user is joined even if its text had one.
    expect(events[4]!.user).toBeUndefined();
  });

  it('reads a single event as PowerShell 5.1 prints a plain Get-WinEvent (a bare object, /Date(ms)/)', () => {
    const [event] = parseWritebackEvents(fixture('get-winevent-plain.json'));
    expect(event).toMatchObject({
      id: 33008,
      at: '2025-11-27T09:14:52.123Z',
      source: 'PasswordResetService',
    });
    expect(explainEvent(event!).fixIn).toBe('min-password-age');
    expect(explainEvent(event!).user).toEqual({ upn: 'fiona.finch@contoso.test' });
  });

  it('reads an empty log as no events, and a malformed one as a clear error', () => {
    expect(parseWritebackEvents(null)).toEqual([]);
    expect(() => parseWritebackEvents([{ Id: 'x' }])).toThrow(
      /Event 1 .* not in the expected shape/,
    );
  });
});
