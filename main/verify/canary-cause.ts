/**
 * Why a canary reset failed, in one cause with the step that fixes it: the Connect server's
 * own failure event about the user first (Microsoft's meaning, joined to this tool's readiness
 * verdict for the user), else what Graph said, else the DCs that never showed the password.
 */
import { field } from '../../shared/fields';
import { printableCollapsed } from '../../shared/text/printable';
import type { BlockerReason } from '../../shared/checks';
import type { ExplainedEvent } from '../adsync/event-log';
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
  return {
    code: 'not-converged',
    message: `Entra ID reports the reset succeeded, but ${missing.map((dc) => `${dc.dc}${dc.error === undefined ? '' : ` (${dc.error})`}`).join(', ')} never showed the new password in the time allowed.`,
    fix: `Check replication to those DCs (repadmin /showrepl on Windows, samba-tool drs showrepl on Samba), then run the canary again with a longer ${field('canaryTimeout')}.`,
    step: 'replication between the domain controllers',
  };
}
