/**
 * Why a canary reset failed, in one cause with the step that fixes it: the Connect server's
 * own failure event about the user first (Microsoft's meaning, joined to this tool's readiness
 * verdict for the user), else what Graph said, else the DCs that never showed the password.
 */
import { field } from '../../shared/fields';
import { printableCollapsed } from '../../shared/text/printable';
import type { BlockerReason } from '../../shared/checks';
import { writebackEventsByHand, type ExplainedEvent } from '../adsync/event-log';
import type { WritebackEventFix } from '../adsync/writeback-events';
import type { ResetOperation } from '../entra/password-reset';
import type { CanaryAccount } from './canary-account';
import type { DcConvergence } from './dc-watch';

export interface CanaryCause {
  readonly code: string;
  readonly message: string;
  readonly fix: string;
  /** The part of this tool that fixes it, in the admin's words. */
  readonly step: string;
  readonly event?: ExplainedEvent;
  /** The user's readiness verdict, when the cause is on the AD side. */
  readonly verdict?: readonly BlockerReason[];
  /** PowerShell for the admin to run on the Connect server, when this tool could not read it. */
  readonly byHand?: string;
}

/** The part of this tool that fixes each kind of event, in the admin's words. */
export const fixStep: Record<WritebackEventFix, string> = {
  permissions: 'Permissions',
  'min-password-age': 'Minimum password age',
  connectivity: `Connectivity from the Connect server (${field('connectivity')})`,
  'optional-features': 'Optional features (turn password writeback off and on)',
  'entra-admin': 'the Connect configuration (a managed Entra administrator)',
  'user-account': "the user's account in AD",
  sync: 'synchronization (the Connect server)',
  'connect-server': 'the Connect server',
  retry: 'none: run the canary again',
  none: 'none',
};

/**
 * A policy refusal for a user a PSO applies to is that PSO's doing, not the domain GPO's: the
 * PSO's minimum age wins over the domain's (docs/domain-facts.md), so the fix names the PSO.
 */
function psoDeciding(dn: string | undefined) {
  if (dn === undefined) return undefined;
  const name = printableCollapsed(/^CN=((?:\\.|[^,\\])+)/i.exec(dn)?.[1] ?? dn, 200);
  return {
    message: ` The password settings object ${name} applies to this user: its minimum password age decides, not the domain GPO's.`,
    fix: `Set the minimum password age of the PSO ${name} to 0 on the Minimum password age step (${field('psos', name)}); for tests, its password history to 0 too.`,
    step: ` (the PSO ${name}, not the domain GPO)`,
  };
}

/** 33xxx names the AD cause exactly; 31003/31008/31011 only say the set failed. */
function specificity(event: ExplainedEvent): number {
  return event.id >= 33000 ? 2 : event.id >= 32000 ? 1 : 0;
}

export async function findCause(facts: {
  readonly account: CanaryAccount;
  readonly operation: ResetOperation;
  readonly dcs: readonly DcConvergence[];
  readonly events: readonly ExplainedEvent[];
  /** The Connect server's events were read (false: it was not reached, so they are unknown). */
  readonly connectRead?: boolean;
  /** When the reset was requested (ISO 8601): the by-hand event read starts a minute before. */
  readonly requestedAt?: string;
  readonly verdictFor?: (dn: string) => Promise<readonly BlockerReason[]>;
}): Promise<CanaryCause> {
  const failures = facts.events.filter((event) => event.outcome === 'failure');
  const event = [...failures].sort((a, b) => specificity(b) - specificity(a))[0];
  if (event !== undefined) {
    const onAdSide = event.fixIn === 'permissions' || event.fixIn === 'min-password-age';
    const verdict =
      onAdSide && facts.verdictFor !== undefined
        ? await facts.verdictFor(facts.account.dn)
        : undefined;
    const pso =
      event.fixIn === 'min-password-age' ? psoDeciding(facts.account.resultantPso) : undefined;
    return {
      code: `connect-event-${event.id}`,
      message: `The Connect server logged ${event.source} ${event.id} (${event.name}) at ${event.at}: ${event.meaning}${event.cause === undefined ? '' : ` Cause: ${event.cause}`}${pso?.message ?? ''}`,
      fix: pso?.fix ?? event.fix ?? 'See the event text.',
      step: `${fixStep[event.fixIn]}${pso?.step ?? ''}`,
      event,
      ...(verdict === undefined ? {} : { verdict }),
    };
  }
  if (facts.operation.status !== 'succeeded') {
    return {
      code: 'graph-operation-failed',
      message: `Entra ID reported the reset ${facts.operation.status}${facts.operation.statusDetail === undefined ? '' : `: ${facts.operation.statusDetail}`}, and the Connect server logged no failure about this user.`,
      fix: `Read the Connect server's writeback events (${field('adsync')}) and run ${field('connectivity')}; the user's Entra audit log shows the reset.`,
      step: fixStep.connectivity,
    };
  }
  const missing = facts.dcs.filter((dc) => dc.after === undefined);
  if (missing.length === facts.dcs.length) return neverWritten(facts, missing);
  return {
    code: 'not-converged',
    message: `Entra ID reports the reset succeeded and ${seenList(facts.dcs)} showed the new password, but ${dcList(missing)} never did in the time allowed.`,
    fix: `Check replication to those DCs (repadmin /showrepl on Windows, samba-tool drs showrepl on Samba), then run the canary again with a longer ${field('canaryTimeout')}.`,
    step: 'replication between the domain controllers',
  };
}

const dcList = (dcs: readonly DcConvergence[]) =>
  dcs.map((dc) => `${dc.dc}${dc.error === undefined ? '' : ` (${dc.error})`}`).join(', ');
const seenList = (dcs: readonly DcConvergence[]) =>
  dcs
    .filter((dc) => dc.after !== undefined)
    .map((dc) => dc.dc)
    .join(', ');

/**
 * No writable DC ever showed the new password: the write never reached AD, so replication cannot
 * be the cause. Password writeback on the Connect server did not write it: it is off, its service
 * is not running, it cannot reach the cloud, or it failed without a logged failure.
 */
function neverWritten(
  facts: Parameters<typeof findCause>[0],
  missing: readonly DcConvergence[],
): CanaryCause {
  const checks = `Password writeback is on (Optional features), the ADSync service runs, and the Connect server reaches the cloud (${field('connectivity')})`;
  const base = {
    code: 'not-written',
    step: `the Connect server: ${fixStep['optional-features']}, or ${fixStep.connectivity}`,
  };
  const message = `Entra ID reports the reset succeeded, but no writable DC (${dcList(missing)}) ever showed the new password in the time allowed: the write never reached AD, so replication is not the cause.`;
  if (facts.connectRead === true)
    return {
      ...base,
      message: `${message} The Connect server logged no event about this user.`,
      fix: `On the Connect server, check that ${checks}; then run the canary again.`,
    };
  const since = new Date(Date.parse(facts.requestedAt ?? new Date().toISOString()) - 60_000);
  return {
    ...base,
    message: `${message} The Connect server was not read, so its events about this reset are unknown.`,
    fix: `Read the Connect server's writeback events (name the Connect server: ${field('adsync', 'remote:<server>')}; or run the PowerShell given here on it), and check that ${checks}.`,
    byHand: writebackEventsByHand({ since: since.toISOString() }),
  };
}
