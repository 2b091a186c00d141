/**
 * Reads the Connect server's own record of password writeback: the Application log's
 * PasswordResetService and ADSync events (Microsoft's troubleshooting table, see
 * writeback-events.ts) in a time window, through the one PowerShell runner, and explains each
 * event in the admin's words. Only what the log says: an event Microsoft does not list is kept
 * with its own text and marked unexplained.
 */
import { field } from '../../shared/fields';
import { z } from 'zod';
import { WizardError, badInput } from '../../shared/errors';
import { printableCollapsed } from '../../shared/text/printable';
import { psQuote, type PowerShellRunner } from './powershell-runner';
import {
  catalogueIds,
  writebackEventKind,
  type WritebackEventFix,
  type WritebackEventOutcome,
} from './writeback-events';

export interface EventWindow {
  /** ISO 8601 instants; the window is [since, until]. */
  readonly since: string;
  readonly until?: string;
}

/** One event as the log holds it (after parsing PowerShell's JSON). */
export interface RawWritebackEvent {
  readonly at: string;
  readonly id: number;
  readonly source: string;
  readonly level: string;
  readonly recordId?: number;
  readonly message: string;
}

/** One event explained: the log's facts, Microsoft's meaning, and where the fix is. */
export interface ExplainedEvent extends RawWritebackEvent {
  readonly name: string;
  readonly outcome: WritebackEventOutcome | 'unexplained';
  readonly meaning: string;
  readonly cause?: string;
  readonly fix?: string;
  readonly fixIn: WritebackEventFix;
  /** The user the event names, when it names one (a DN or a UPN in its text). */
  readonly user?: { readonly dn?: string; readonly upn?: string };
  readonly trackingId?: string;
}

const maxEvents = 500;

/**
 * The filter both the tool's script and the admin's by-hand command use: the Application log's
 * two providers in the window (start and end as absolute times), and Microsoft's event IDs per
 * provider. The IDs are matched after reading, not in the filter: a query of more than 22 IDs is
 * refused by the event log ("The specified query is invalid").
 */
function eventFilterLines(window: EventWindow): string[] {
  const since = isoInstant(window.since, 'since');
  const until = window.until === undefined ? undefined : isoInstant(window.until, 'until');
  const ids = (source: 'PasswordResetService' | 'ADSync') => catalogueIds(source).join(',');
  return [
    `$filter = @{ LogName = 'Application'; ProviderName = @('PasswordResetService', 'ADSync'); StartTime = [DateTimeOffset]::Parse(${psQuote(since)}).LocalDateTime${until === undefined ? '' : `; EndTime = [DateTimeOffset]::Parse(${psQuote(until)}).LocalDateTime`} }`,
    `$reset = @(${ids('PasswordResetService')}); $adsync = @(${ids('ADSync')})`,
  ];
}

const inCatalogue =
  "Where-Object { ($_.ProviderName -eq 'PasswordResetService' -and $reset -contains $_.Id) -or ($_.ProviderName -eq 'ADSync' -and $adsync -contains $_.Id) }";

/** The PowerShell that lists the events (newest first), times in UTC ISO 8601. */
export function writebackEventsScript(window: EventWindow): string {
  const [filter, ids] = eventFilterLines(window);
  return [
    filter!,
    '$events = @()',
    // Get-WinEvent throws NoMatchingEventsFound for an empty window: that is an answer, not an error.
    "try { $events = @(Get-WinEvent -FilterHashtable $filter -ErrorAction Stop) } catch { if ($_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') { throw } }",
    ids!,
    `@($events | ${inCatalogue} |`,
    `  Select-Object -First ${maxEvents} |`,
    "  ForEach-Object { [pscustomobject]@{ TimeCreated = $_.TimeCreated.ToUniversalTime().ToString('o'); Id = $_.Id; ProviderName = $_.ProviderName; LevelDisplayName = $_.LevelDisplayName; RecordId = $_.RecordId; Message = $_.Message } })",
  ].join('\n');
}

/**
 * The same read for the admin to run by hand in PowerShell on the Connect server (when this tool
 * cannot reach it): the same providers, IDs and window, each event shown in full, newest first.
 * "No events were found that match the specified selection criteria" is an answer: none in the window.
 */
export function writebackEventsByHand(window: EventWindow): string {
  return [
    ...eventFilterLines(window),
    `Get-WinEvent -FilterHashtable $filter | ${inCatalogue} | Format-List TimeCreated, ProviderName, Id, LevelDisplayName, Message`,
  ].join('\n');
}

/** Reads and explains the events of the window, newest first. */
export async function readWritebackEvents(
  runner: PowerShellRunner,
  window: EventWindow,
): Promise<ExplainedEvent[]> {
  const output = await runner.run(writebackEventsScript(window));
  return parseWritebackEvents(output).map(explainEvent);
}

/**
 * Windows PowerShell 5.1's DateTime as ConvertTo-Json writes it (`\/Date(ms)\/`, what a plain
 * `Get-WinEvent | ConvertTo-Json` gives) or the ISO text our script asks for.
 */
const windowsTime = z.string().transform((text, context) => {
  const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text)?.[1];
  const date = ms === undefined ? new Date(text) : new Date(Number(ms));
  if (Number.isNaN(date.getTime())) {
    context.addIssue({
      code: 'custom',
      message: `"${printableCollapsed(text, 60)}" is not a time`,
    });
    return z.NEVER;
  }
  return date.toISOString();
});

const eventJson = z.looseObject({
  TimeCreated: windowsTime,
  Id: z.number().int(),
  ProviderName: z.string(),
  LevelDisplayName: z.string().nullish(),
  RecordId: z.number().int().nullish(),
  Message: z.string().nullish(),
});

/** PowerShell's output: nothing, one event (a bare object) or several. */
export function parseWritebackEvents(json: unknown): RawWritebackEvent[] {
  const list = json === null ? [] : Array.isArray(json) ? json : [json];
  return list.map((item, index) => {
    const parsed = eventJson.safeParse(item);
    if (!parsed.success) {
      throw new WizardError(
        'adsync-event-output',
        `Event ${index + 1} from the Connect server's Application log is not in the expected shape: ${printableCollapsed(parsed.error.issues[0]?.message ?? 'invalid', 200)}.`,
        'Run Get-WinEvent -ProviderName PasswordResetService -MaxEvents 5 on the Connect server and report its output.',
      );
    }
    const event = parsed.data;
    return {
      at: event.TimeCreated,
      id: event.Id,
      source: printableCollapsed(event.ProviderName, 100),
      level: printableCollapsed(event.LevelDisplayName ?? '', 40),
      ...(event.RecordId == null ? {} : { recordId: event.RecordId }),
      message: printableCollapsed(event.Message ?? ''),
    };
  });
}

const dnPattern = /\bCN=(?:[^,\\]|\\.)+(?:,(?:CN|OU|DC)=(?:[^,\\]|\\.)+)*,DC=[A-Za-z0-9-]+/i;
const upnPattern = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/;
const trackingPattern =
  /Tracking\s*Id\s*[:=]\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

/** Microsoft's meaning for the event, joined to the user it names. */
export function explainEvent(event: RawWritebackEvent): ExplainedEvent {
  const known = writebackEventKind(event.source, event.id, event.message);
  const dn = dnPattern.exec(event.message)?.[0];
  const upn = upnPattern.exec(event.message)?.[0];
  const trackingId = trackingPattern.exec(event.message)?.[1];
  const user =
    known?.aboutUser === true && (dn !== undefined || upn !== undefined)
      ? { ...(dn === undefined ? {} : { dn }), ...(upn === undefined ? {} : { upn }) }
      : undefined;
  const common = {
    ...event,
    ...(user === undefined ? {} : { user }),
    ...(trackingId === undefined ? {} : { trackingId }),
  };
  if (known === undefined) {
    return {
      ...common,
      name: `${event.source} ${event.id}`,
      outcome: 'unexplained',
      meaning: "Microsoft's troubleshooting table does not list this event; its own text is shown.",
      fixIn: 'none',
    };
  }
  return {
    ...common,
    name: known.name,
    outcome: known.outcome,
    meaning: known.meaning,
    ...(known.cause === undefined ? {} : { cause: known.cause }),
    ...(known.fix === undefined ? {} : { fix: known.fix }),
    fixIn: known.fixIn,
  };
}

function isoInstant(value: string, name: string): string {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw badInput(
      'verify-bad-time',
      `--${name} "${printableCollapsed(value, 60)}" is not an ISO 8601 time.`,
      `Give ${field('eventsSince')} as a time like 2026-11-28T08:00:00Z, or a duration like 24h.`,
    );
  }
  return date.toISOString();
}
