import type { AssessProvider } from './assess-provider';
import { field } from '../../shared/fields';

/**
 * Stands in for the Active Directory side when no DC was given: per-user readiness cannot
 * be judged without reading AD, and an empty blocker list must not read as "no blockers".
 */
export const adNotRequested: AssessProvider = {
  name: 'ad',
  title: 'Active Directory',
  assess: () =>
    Promise.resolve({
      checks: [
        {
          id: 'ad.connection',
          title: 'Active Directory and per-user readiness',
          status: 'unknown',
          message:
            'Active Directory was not read, so the connector account permissions and per-user readiness (the blockers list) were not assessed; an empty blockers list means "not checked".',
          fix: `Pass ${field('dc', 'ldaps://<dc>')}, ${field('bindUser', '<upn>')} and ${field('password', '<VAR>')} to assess the on-premises side.`,
        },
      ],
      blockers: [],
    }),
};
