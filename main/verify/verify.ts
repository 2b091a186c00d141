/**
 * `writeback verify` and the app's Verify page: three checks that each run on their own. The
 * Connect server's own record (its Application log, explained and joined to this tool's
 * readiness verdicts), connectivity from the Connect server to the cloud's writeback endpoints,
 * and the canary reset. Each becomes checks for the report, with the full results beside them.
 */
import { field } from '../../shared/fields';
import type { BlockerReason, Check } from '../../shared/checks';
import { toErrorInfo } from '../../shared/errors';
import {
  connectivityByHand,
  connectivityChecks,
  testWritebackConnectivity,
  type EndpointResult,
  type WritebackCloud,
} from '../adsync/connectivity';
import {
  readWritebackEvents,
  writebackEventsByHand,
  type EventWindow,
  type ExplainedEvent,
} from '../adsync/event-log';
import { describeLocation, type PowerShellRunner } from '../adsync/powershell-runner';
import { runCanary, type CanaryOptions, type CanaryResult } from './canary';
import { fixStep } from './canary-cause';

/** An event with the step that fixes it and, for an AD-side failure, the user's verdict. */
export interface EventFinding extends ExplainedEvent {
  readonly step: string;
  readonly verdict?: readonly BlockerReason[];
}

export interface VerifyRequest {
  /** The Connect server (local or remote); without it the first two checks cannot run. */
  readonly runner?: PowerShellRunner;
  readonly events?: EventWindow;
  readonly connectivity?: WritebackCloud;
  readonly canary?: Omit<CanaryOptions, 'events' | 'verdictFor'>;
  readonly verdictFor?: (dn: string) => Promise<readonly BlockerReason[]>;
}

export interface VerifyResult {
  readonly generatedAt: string;
  readonly checks: readonly Check[];
  readonly events?: readonly EventFinding[];
  readonly connectivity?: readonly EndpointResult[];
  readonly canary?: CanaryResult;
  /** The Connect server's checks this tool could not run, as PowerShell to run there by hand. */
  readonly byHand?: ByHand;
  /** 0 when nothing failed, 1 when a check failed (docs/cli.md, "Exit codes"). */
  readonly exitCode: 0 | 1;
}

/** PowerShell for the admin to run on the Connect server: the exact reads this tool would make. */
export interface ByHand {
  /** The Get-WinEvent of the events check: its providers, Microsoft's IDs, the window asked for. */
  readonly events?: string;
  /** One Test-NetConnection per endpoint of the cloud. */
  readonly connectivity?: string;
}

const notReached = (id: string, title: string): Check => ({
  id,
  title,
  status: 'unknown',
  message:
    'The Connect server was not reached (none was named, and this computer is not one), so this could not be checked.',
  fix: `Run on the Connect server itself, or name it: ${field('adsync', 'remote:<server>')}; or run, in PowerShell on the Connect server, the commands given with this check.`,
});

export async function runVerify(request: VerifyRequest): Promise<VerifyResult> {
  const checks: Check[] = [];
  const result: {
    events?: EventFinding[];
    connectivity?: EndpointResult[];
    canary?: CanaryResult;
    byHand?: ByHand;
  } = {};
  if (request.events !== undefined) {
    if (request.runner === undefined) {
      checks.push(notReached('verify.events', "The Connect server's writeback events"));
      result.byHand = { ...result.byHand, events: writebackEventsByHand(request.events) };
    } else {
      const findings = await eventFindings(
        await readWritebackEvents(request.runner, request.events),
        request.verdictFor,
      );
      result.events = findings;
      checks.push(eventsCheck(findings, request.events, describeLocation(request.runner.location)));
    }
  }
  if (request.connectivity !== undefined) {
    if (request.runner === undefined) {
      checks.push(notReached('verify.connectivity', 'Connectivity from the Connect server'));
      result.byHand = { ...result.byHand, connectivity: connectivityByHand(request.connectivity) };
    } else {
      result.connectivity = await testWritebackConnectivity(request.runner, request.connectivity);
      const where =
        request.runner.location.kind === 'local'
          ? 'This Connect server'
          : `The Connect server ${request.runner.location.host}`;
      checks.push(...connectivityChecks(request.connectivity, result.connectivity, where));
    }
  }
  if (request.canary !== undefined) {
    const runner = request.runner;
    result.canary = await runCanary({
      ...request.canary,
      ...(runner === undefined
        ? {}
        : { events: (since: string) => readWritebackEvents(runner, { since }) }),
      ...(request.verdictFor === undefined ? {} : { verdictFor: request.verdictFor }),
    });
    checks.push(canaryCheck(result.canary));
  }
  return {
    generatedAt: new Date().toISOString(),
    checks,
    ...result,
    exitCode: checks.some((check) => check.status === 'fail') ? 1 : 0,
  };
}

/** Joins each event to its step, and an AD-side failure naming a user to the user's verdict. */
async function eventFindings(
  events: readonly ExplainedEvent[],
  verdictFor: VerifyRequest['verdictFor'],
): Promise<EventFinding[]> {
  const verdicts = new Map<string, readonly BlockerReason[]>();
  const findings: EventFinding[] = [];
  for (const event of events) {
    const dn = event.user?.dn;
    const adSide =
      event.outcome === 'failure' &&
      (event.fixIn === 'permissions' || event.fixIn === 'min-password-age');
    if (adSide && dn !== undefined && verdictFor !== undefined && !verdicts.has(dn.toLowerCase())) {
      verdicts.set(
        dn.toLowerCase(),
        await verdictFor(dn).catch((error: unknown) => [
          {
            code: 'verdict-unavailable',
            message: toErrorInfo(error).message,
            fix: toErrorInfo(error).fix,
          },
        ]),
      );
    }
    const verdict = adSide && dn !== undefined ? verdicts.get(dn.toLowerCase()) : undefined;
    findings.push({
      ...event,
      step: fixStep[event.fixIn],
      ...(verdict === undefined ? {} : { verdict }),
    });
  }
  return findings;
}

function eventsCheck(findings: readonly EventFinding[], window: EventWindow, where: string): Check {
  const failures = findings.filter((event) => event.outcome === 'failure');
  const warnings = findings.filter((event) => event.outcome === 'warning');
  const span = `since ${window.since}${window.until === undefined ? '' : ` until ${window.until}`}`;
  const base = {
    id: 'verify.events',
    title: "The Connect server's writeback events",
    details: { count: findings.length, where },
  };
  if (failures.length > 0) {
    const latest = failures[0]!;
    return {
      ...base,
      status: 'fail',
      message: `${failures.length} failure event(s) ${span}; the latest: ${latest.source} ${latest.id} (${latest.name}) at ${latest.at}: ${latest.meaning}`,
      fix: `${latest.fix ?? 'See the event.'} (${latest.step})`,
    };
  }
  if (warnings.length > 0) {
    const latest = warnings[0]!;
    return {
      ...base,
      status: 'warn',
      message: `${warnings.length} warning event(s) ${span}; the latest: ${latest.id} (${latest.name}) at ${latest.at}: ${latest.meaning}`,
      fix: latest.fix ?? '',
    };
  }
  if (findings.length === 0) {
    return {
      ...base,
      status: 'unknown',
      message: `No password writeback events ${span}.`,
      fix: `Widen ${field('eventsSince')}, or run the canary reset (${field('canary')}) to make one.`,
    };
  }
  const onboarded = findings.find((event) => event.id === 31005);
  return {
    ...base,
    status: 'pass',
    message: `${findings.length} writeback event(s) ${span}, none a failure${onboarded === undefined ? '' : `; onboarding completed at ${onboarded.at}`}.`,
    fix: '',
  };
}

function canaryCheck(canary: CanaryResult): Check {
  const base = { id: 'verify.canary', title: `Canary reset of ${canary.plan.userPrincipalName}` };
  if (canary.ok) {
    const first = canary.dcs.find((dc) => dc.convergedAfterMs === 0);
    const others = canary.dcs
      .filter((dc) => dc !== first)
      .map((dc) => `${dc.dc} ${((dc.convergedAfterMs ?? 0) / 1000).toFixed(1)} s later`);
    return {
      ...base,
      status: 'pass',
      message: `The reset made in Entra ID reached ${first?.dc ?? 'AD'} ${((first?.seenAfterMs ?? 0) / 1000).toFixed(1)} s after the request${others.length === 0 ? '' : `; ${others.join(', ')}`}. Every writable DC (${canary.dcs.length}) shows the new password.`,
      fix: '',
      details: {
        dcs: canary.dcs.map((dc) => ({
          dc: dc.dc,
          seenAfterMs: dc.seenAfterMs,
          convergedAfterMs: dc.convergedAfterMs,
          originating: dc.originating,
        })),
      },
    };
  }
  return {
    ...base,
    status: 'fail',
    message: canary.cause?.message ?? 'The canary reset failed.',
    fix: `${canary.cause?.fix ?? ''} Step: ${canary.cause?.step ?? 'unknown'}.`,
    details: { cause: canary.cause?.code },
  };
}
