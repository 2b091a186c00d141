/**
 * A Permissions plan covers the domain it was made on. In a forest of several domains the
 * connector needs the same rights in each one it synchronizes, so the plan says which it leaves
 * out and how to cover them.
 */
import { field } from '../../../shared/fields';
import type { PlanNote } from '../../../shared/plan';
import type { Directory } from '../../directory/directory';
import { readForestDomains } from '../../directory/forest-domains';

/**
 * The forest's other domains, read as every domain of the forest is read
 * (directory/forest-domains.ts: the partitions container's domain crossRefs, pre-created ones
 * left out), so a plan made on one domain says what it does not cover.
 */
export async function otherDomains(
  directory: Directory,
  baseDn: string,
): Promise<{ nc: string; dnsRoot: string }[]> {
  const forest = await readForestDomains(directory);
  return forest.domains
    .filter((domain) => domain.dn.toLowerCase() !== baseDn.toLowerCase())
    .map((domain) => ({ nc: domain.dn, dnsRoot: domain.dnsName }));
}

/** The warning a plan made on one domain of several carries, or none in a one-domain forest. */
export async function otherDomainsNote(
  directory: Directory,
  baseDn: string,
): Promise<PlanNote | undefined> {
  const others = await otherDomains(directory, baseDn);
  if (others.length === 0) return undefined;
  return {
    step: 'permissions',
    level: 'warning',
    message: `This forest has ${others.length + 1} domains; this plan covers ${baseDn} only. The connector needs the same rights in every domain it synchronizes: plan again for each of the others (${others.map((d) => d.dnsRoot).join(', ')}), with a DC of that domain as ${field('dc')} and an admin of that domain as ${field('bindUser')}.`,
  };
}
