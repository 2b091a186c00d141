/**
 * How big a domain is, read in one base search (no count of the users, which would cost a scan
 * of them): the RID Manager's rIDAvailablePool says where the next pool of relative IDs starts
 * (MS-ADTS 3.1.1.3.1.9; its low 32 bits), so every security principal created so far (users,
 * groups, computers, the deleted ones) has a lower RID. An upper bound of the users.
 */
import type { Directory } from './directory';
import { integer } from './entry';

/** RIDs handed out in the domain `baseDn`, or undefined when the RID Manager cannot be read. */
export async function ridsHandedOut(
  directory: Directory,
  baseDn: string,
): Promise<number | undefined> {
  const manager = await directory.read(`CN=RID Manager$,CN=System,${baseDn}`, ['rIDAvailablePool']);
  const pool = integer(manager, 'rIDAvailablePool');
  return pool === undefined || pool <= 0n ? undefined : Number(pool & 0xffffffffn);
}
