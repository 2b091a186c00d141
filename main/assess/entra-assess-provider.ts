import type { AssessProvider } from './assess-provider';
import { entraChecks } from '../entra/entra-checks';
import { readEntraModel } from '../entra/entra-read-model';
import type { GraphReader } from '../entra/graph-reader';
import { field } from '../../shared/fields';

/** The Entra ID side of `writeback assess`: reads the tenant, judges it, keeps the read model. */
export function entraAssessProvider(
  graph: GraphReader,
  now: () => Date = () => new Date(),
): AssessProvider {
  return {
    name: 'entra',
    title: 'Microsoft Entra ID',
    async assess() {
      const model = await readEntraModel(graph);
      return { checks: entraChecks(model, now()), blockers: [], facts: model };
    },
  };
}

/** `--no-graph`: every Entra check is skipped, and the report says so. */
export const entraSkipped: AssessProvider = {
  name: 'entra',
  title: 'Microsoft Entra ID',
  assess: () =>
    Promise.resolve({
      checks: [
        {
          id: 'entra.skipped',
          title: 'Microsoft Entra ID',
          status: 'unknown',
          message: `Entra ID was not read (${field('graph')}): licences, roles and tenant sync were not checked.`,
          fix: `Run without ${field('graph')}, signed in as a Hybrid Identity Administrator, or with ${field('graphToken')}.`,
        },
      ],
      blockers: [],
    }),
};
