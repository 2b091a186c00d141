/**
 * The Verify page: the Connect server's writeback events and its connectivity, through the
 * host's ADSync PowerShell (local on the Connect server, or remoting from a jump box). The
 * canary reset is the command line's (`writeback verify --canary`): it needs every writable
 * DC reached with the admin's credentials, which the app does not keep.
 */
import type { ChannelInput, VerifyView } from '../../shared/ipc';
import type { AdsyncLocation } from '../adsync/powershell-runner';
import { runVerify } from '../verify/verify';
import type { EngineSession } from './session';

export async function verifyRun(
  session: EngineSession,
  input: ChannelInput<'verify.run'>,
): Promise<VerifyView> {
  const adsync = session.host.adsync;
  const location: AdsyncLocation | 'none' =
    input.connectServer !== undefined
      ? { kind: 'remote', host: input.connectServer }
      : (adsync?.defaultLocation ?? 'none');
  const runner = adsync !== undefined && location !== 'none' ? adsync.runner(location) : undefined;
  const result = await runVerify({
    ...(runner === undefined ? {} : { runner }),
    ...(input.events ? { events: { since: input.since } } : {}),
    ...(input.connectivity ? { connectivity: session.cloud } : {}),
  });
  return {
    generatedAt: result.generatedAt,
    checks: result.checks,
    events: (result.events ?? []).map((event) => ({
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
    })),
  };
}
