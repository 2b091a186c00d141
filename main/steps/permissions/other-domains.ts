/**
 * A Permissions plan covers the domain it was made on. In a forest of several domains the
 * connector needs the same rights in each one it synchronizes, so the plan says which it leaves
 * out and how to cover them.
 */
import { field } from '../../../shared/fields';
import type { PlanNote } from '../../../shared/plan';
import type { Directory } from '../../directory/directory';
import { text } from '../../directory/entry';

/**
 * The forest's other domains, from their crossRef objects (MS-ADTS 6.1.1.2.1.1.5:
 * SYSTEM_FLAG_CR_NTDS_DOMAIN), so a plan made on one domain says what it does not cover.
 */
export async function otherDomains(
  directory: Directory,
  baseDn: string,
): Promise<{ nc: string; dnsRoot: string }[]> {
  const config = text(await directory.rootDse(), 'configurationNamingContext');
  if (config === undefined) return [];
  const domains: { nc: string; dnsRoot: string }[] = [];
  for await (const entry of directory.search(`CN=Partitions,${config}`, {
    scope: 'one',
    filter: '(&(objectClass=crossRef)(systemFlags:1.2.840.113556.1.4.803:=2))',
    attributes: ['nCName', 'dnsRoot'],
  })) {
    const domain = { nc: String(text(entry, 'nCName')), dnsRoot: String(text(entry, 'dnsRoot')) };
    if (domain.nc.toLowerCase() !== baseDn.toLowerCase()) domains.push(domain);
  }
  return domains;
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
