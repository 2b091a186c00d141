/**
 * The Prerequisites step in the step contract (step.ts): the AD half of the page, checked from
 * what connecting learnt (ad-prerequisites.ts). It plans nothing: a prerequisite that fails is
 * fixed outside this tool (a DC upgraded, the connector account chosen), and each check says how.
 */
import type { ConnectedDirectory } from '../../../shared/ipc';
import { pageTitles } from '../../../shared/wizard-pages';
import type { Inspection, Step } from '../step';
import { adPrerequisiteChecks, type ConnectorForChecks } from './ad-prerequisites';

export interface PrerequisitesOptions {
  /** The forest as connecting found it. */
  readonly connected: ConnectedDirectory;
  /** The connector account in use, undefined when none is chosen. */
  readonly connector: ConnectorForChecks | undefined;
  /** How many connector accounts were found, to tell "none" from "several, none chosen". */
  readonly connectorsFound: number;
}

export const prerequisitesStep: Step<ConnectedDirectory, PrerequisitesOptions> = {
  id: 'prerequisites',
  title: pageTitles.prerequisites,
  async inspect(options): Promise<Inspection<ConnectedDirectory>> {
    return {
      step: 'prerequisites',
      state: options.connected,
      checks: adPrerequisiteChecks(options.connected, options.connector, options.connectorsFound),
      findings: [],
    };
  },
};

export { adPrerequisiteChecks, connectedView } from './ad-prerequisites';
