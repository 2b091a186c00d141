/**
 * Every writable DC of the domain the connection is in, each opened with the same account
 * (`Directory.openAt`, so the password stays in the first connection's closure): what the
 * canary watches. A DC is reached at ldaps://<its dnsHostName> unless the caller says where.
 */
import { badInput } from '../../shared/errors';
import { field } from '../../shared/fields';
import type { Directory } from '../directory/connect';
import { discoverForest } from '../directory/discover';
import type { WatchedDc } from './dc-watch';

export interface OpenedDcs {
  readonly dcs: readonly WatchedDc[];
  /** Closes every connection this opened (never the one it was given). */
  close(): Promise<void>;
}

export async function openWritableDcs(
  directory: Directory,
  urlFor: (dnsHostName: string) => string = (host) => `ldaps://${host}`,
): Promise<OpenedDcs> {
  const forest = await discoverForest(directory);
  const domain = forest.domains.find(
    (d) => d.dn.toLowerCase() === forest.defaultNamingContext.toLowerCase(),
  );
  const dcs: WatchedDc[] = [];
  const close = async () => {
    for (const dc of dcs) await dc.directory.close().catch(() => undefined);
  };
  try {
    for (const dc of domain?.writableDcs ?? []) {
      dcs.push({ name: dc.dnsHostName, directory: await directory.openAt(urlFor(dc.dnsHostName)) });
    }
  } catch (error) {
    await close();
    throw error;
  }
  if (dcs.length === 0)
    throw badInput(
      'verify-no-dcs',
      'No writable DC was found in the domain.',
      `Check ${field('dc')} is a DC of the domain the canary account is in.`,
    );
  return { dcs, close };
}
