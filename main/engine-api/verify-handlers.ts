/**
 * The Verify page: the Connect server's writeback events and its connectivity, through the
 * host's ADSync PowerShell (local on the Connect server, or remoting from a jump box). The
 * canary reset is canary-handlers.ts. The last results stay in the session for the report.
 */
import type { ChannelInput, VerifyEventView, VerifyView } from '../../shared/ipc';
import type { AdsyncLocation, PowerShellRunner } from '../adsync/powershell-runner';
import { runVerify, type EventFinding } from '../verify/verify';
import type { EngineSession } from './session';

export async function verifyRun(
  session: EngineSession,
  input: ChannelInput<'verify.run'>,
): Promise<VerifyView> {
  const runner = adsyncRunnerOf(session, input.connectServer);
  const result = await runVerify({
    ...(runner === undefined ? {} : { runner }),
    ...(input.events ? { events: { since: input.since } } : {}),
    ...(input.connectivity ? { connectivity: session.cloud } : {}),
  });
  session.verified = { ...session.verified, checks: result };
  return {
    generatedAt: result.generatedAt,
    checks: result.checks,
    events: eventViews(result.events ?? []),
    ...(result.byHand === undefined ? {} : { byHand: result.byHand }),
  };
}

/** The Connect server the admin named (remoting), else the host's own; undefined when none. */
export function adsyncRunnerOf(
  session: EngineSession,
  connectServer?: string,
): PowerShellRunner | undefined {
  const adsync = session.host.adsync;
  const location: AdsyncLocation | 'none' =
    connectServer !== undefined
      ? { kind: 'remote', host: connectServer }
      : (adsync?.defaultLocation ?? 'none');
  return adsync !== undefined && location !== 'none' ? adsync.runner(location) : undefined;
}

export function eventViews(events: readonly EventFinding[]): VerifyEventView[] {
  return events.map((event) => ({
    at: event.at,
    id: event.id,
    source: event.source,
    name: event.name,
    outcome: event.outcome,
    meaning: event.meaning,
    step: event.step,
    ...(event.cause === undefined ? {} : { cause: event.cause }),
    ...(event.fix === undefined ? {} : { fix: event.fix }),
    ...(event.user === undefined ? {} : { user: event.user }),
  }));
}
