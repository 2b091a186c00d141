/**
 * The Verify page: the Connect server's writeback events and its connectivity, through the
 * host's ADSync PowerShell (local on the Connect server, or remoting from a jump box to the
 * server the admin named). Where this computer cannot reach the Connect server, the checks say
 * so (naming the server the admin typed) and the page gets the exact commands to run there by
 * hand. The canary reset is canary-handlers.ts. The last results stay in the session.
 */
import type { ChannelInput, VerifyByHandView, VerifyEventView, VerifyView } from '../../shared/ipc';
import type { AdsyncLocation, PowerShellRunner } from '../adsync/powershell-runner';
import { runVerify, type EventFinding, type VerifyResult } from '../verify/verify';
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
    // Not "none was named" where the admin named one, nor "name it" where naming cannot help.
    ...(runner === undefined && session.host.adsync === undefined
      ? {
          noPowerShellHere:
            input.connectServer === undefined ? {} : { server: input.connectServer },
        }
      : {}),
  });
  session.verified = { ...session.verified, checks: result };
  return {
    generatedAt: result.generatedAt,
    checks: result.checks,
    events: eventViews(result.events ?? []),
    ...(result.byHand === undefined ? {} : { byHand: byHandView(session, input, result.byHand) }),
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

/** The engine's commands to run on the Connect server by hand, with why and where, in words. */
function byHandView(
  session: EngineSession,
  input: ChannelInput<'verify.run'>,
  commands: NonNullable<VerifyResult['byHand']>,
): VerifyByHandView {
  const server = input.connectServer;
  return {
    ...(server === undefined ? {} : { server }),
    why:
      server !== undefined
        ? `This computer cannot run Windows PowerShell, so ${server} was not read from here. Run these in Windows PowerShell on ${server} (as a member of ADSyncAdmins or a local administrator).`
        : session.host.adsync === undefined
          ? 'This computer cannot run Windows PowerShell, so no Connect server was read from here. Run these in Windows PowerShell on the Connect server (as a member of ADSyncAdmins or a local administrator).'
          : 'No Connect server was named and this computer is not one. Name it above, or run these in Windows PowerShell on the Connect server.',
    ...commands,
  };
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
