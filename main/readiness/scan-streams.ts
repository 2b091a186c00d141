/**
 * How many connections the user scan is split across (main/directory/split-search.ts) when the
 * admin does not say: one for a small domain (a second connection costs more than it saves),
 * then one more per USERS_PER_STREAM users, up to AUTOMATIC_MAX_STREAMS. A DC answers each
 * connection on one core, and each stream costs it a pass over the candidates (about 0.5 s of DC
 * CPU per 20,000 users on Samba); this side judges every user on one thread (about 2.3 s of CPU
 * per 20,000): past three streams the judging, not the DC, sets the pace. The domain's size comes from the RIDs it has handed out, an upper bound.
 */
import type { Directory } from '../directory/directory';
import { ridsHandedOut } from '../directory/domain-size';
import { MAX_STREAMS } from '../directory/split-search';
import { badInput } from '../../shared/errors';
import { field } from '../../shared/fields';

export const USERS_PER_STREAM = 10_000;
export const AUTOMATIC_MAX_STREAMS = 3;

/** The automatic choice for a domain of about `principals` security principals. */
export function streamsFor(principals: number | undefined): number {
  // Unknown size (the RID Manager is not readable): one stream, the scan as it always was.
  if (principals === undefined) return 1;
  return Math.max(1, Math.min(AUTOMATIC_MAX_STREAMS, Math.ceil(principals / USERS_PER_STREAM)));
}

/**
 * Whether the DC at `url` runs on this computer (a loopback address): it then shares its cores
 * with the judging, and a second stream only takes CPU from both (measured on the 20,000-user
 * lab: more DC and more judging CPU, a longer wall time).
 */
export function dcSharesThisComputer(url: string | undefined): boolean {
  if (url === undefined) return false;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || /^127\./.test(host) || host === '[::1]' || host === '::1';
}

/**
 * The admin's number of streams, or the automatic choice for the domain `baseDn` (one when the
 * DC, at `dc`, runs on this computer).
 */
export async function scanStreams(
  directory: Directory,
  baseDn: string,
  requested: number | undefined,
  dc?: string,
): Promise<number> {
  if (requested !== undefined) return checkedStreams(requested);
  if (dcSharesThisComputer(dc)) return 1;
  return streamsFor(await ridsHandedOut(directory, baseDn));
}

/** A number of streams from the admin (as typed, or a number): a whole number from 1 to 16. */
export function checkedStreams(given: number | string): number {
  const value = typeof given === 'number' ? given : /^\s*\d+\s*$/.test(given) ? Number(given) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_STREAMS) {
    throw badInput(
      'streams-invalid',
      `${field('streams', String(given))} is not a whole number from 1 to ${MAX_STREAMS}.`,
      `Give ${field('streams')} a number of connections from 1 to ${MAX_STREAMS}, or leave it out to let the scan choose by the domain's size.`,
    );
  }
  return value;
}
