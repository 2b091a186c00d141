/**
 * The SSPR on-premises integration step in the step contract (step.ts). No supported API reads
 * or sets the tenant's password reset policy (docs/domain-facts.md §5), so it plans nothing and
 * checks nothing: what it reads is the portal guide for the cloud (guide.ts) and the admin's
 * recorded confirmations that they saved it (confirmation.ts), which the app and
 * `writeback sspr-integration` show.
 */
import { pageTitles } from '../../../shared/wizard-pages';
import type { NationalCloud } from '../../entra/national-clouds';
import type { Inspection, Step } from '../step';
import {
  readSsprConfirmations,
  recordSsprConfirmation,
  type SsprConfirmation,
} from './confirmation';
import { ssprIntegrationGuide, type SsprIntegrationGuide } from './guide';

export interface SsprIntegrationOptions {
  readonly cloud: NationalCloud;
  /** The folder of the run journals, where confirmations are recorded beside them. */
  readonly journalFolder: string;
}

export interface SsprIntegrationState {
  readonly guide: SsprIntegrationGuide;
  /** Every confirmation recorded, oldest first. */
  readonly confirmations: readonly SsprConfirmation[];
}

export const ssprIntegrationStep: Step<SsprIntegrationState, SsprIntegrationOptions> = {
  id: 'sspr',
  title: pageTitles.sspr,
  async inspect(options): Promise<Inspection<SsprIntegrationState>> {
    return {
      step: 'sspr',
      state: {
        guide: ssprIntegrationGuide(options.cloud),
        confirmations: await readSsprConfirmations(options.journalFolder),
      },
      checks: [],
      findings: [],
    };
  },
};

/**
 * Records that the admin saved the portal page for this cloud: who, when, where, and the
 * settings the guide says writeback needs (the optional ones are the admin's choice).
 */
export function confirmSsprIntegration(
  journalFolder: string,
  details: { readonly cloud: NationalCloud; readonly tenant?: string | undefined },
): SsprConfirmation {
  const guide = ssprIntegrationGuide(details.cloud);
  return recordSsprConfirmation(journalFolder, {
    cloud: details.cloud.name,
    ...(details.tenant ? { tenant: details.tenant } : {}),
    settings: guide.settings.filter((s) => !s.optional).map((s) => s.setting),
  });
}
