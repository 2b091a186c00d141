/**
 * Scale users in OU=Bulk (bulk-00001 …): adds only the missing ones, over 8 concurrent LDAPS
 * connections, with progress on stderr.
 *
 * They are enabled accounts without a password (NORMAL_ACCOUNT | PASSWD_NOTREQD): Samba spends
 * most of an add hashing a password (Kerberos keys, WDigest), measured here at ~36 adds/s with
 * a password against ~170/s without, and scale tests read DACLs, adminCount and
 * userAccountControl, they do not log on as bulk users.
 */
import { Attribute } from 'ldapts';
import type { Client } from 'ldapts';
import { UAC } from './directory';
import { boundClient } from './ldap';
import { labDomain } from './paths';
import { readState, updateState } from './state';

const bulkOu = `OU=Bulk,${labDomain.baseDn}`;
const connections = 8;

export function bulkName(index: number): string {
  return `bulk-${String(index).padStart(5, '0')}`;
}

/** The sAMAccountNames already in OU=Bulk (paged: it can hold tens of thousands). */
async function existingBulkNames(client: Client): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const page of client.searchPaginated(bulkOu, {
    scope: 'one',
    filter: '(objectClass=user)',
    attributes: ['sAMAccountName'],
    paged: { pageSize: 1000 },
  })) {
    for (const entry of page.searchEntries) names.add(String(entry.sAMAccountName));
  }
  return names;
}

export async function countBulkUsers(client: Client): Promise<number> {
  return (await existingBulkNames(client)).size;
}

/** Ensures bulk-00001 … bulk-N exist; returns how many it added. */
export async function seedBulkUsers(count: number, log: (line: string) => void): Promise<number> {
  const state = readState();
  if (!state) throw new Error('The lab is not provisioned. Run: npm run lab -- up');
  const userAccountControl = String(UAC.NORMAL_ACCOUNT | UAC.PASSWD_NOTREQD);
  const clients: Client[] = [];
  try {
    for (let i = 0; i < connections; i++)
      clients.push(await boundClient(state.admin.dn, state.admin.password));
    const existing = await existingBulkNames(clients[0]!);
    const missing: number[] = [];
    for (let i = 1; i <= count; i++) if (!existing.has(bulkName(i))) missing.push(i);
    if (missing.length === 0) return 0;
    log(`adding ${missing.length} bulk users over ${connections} LDAPS connections…`);
    let next = 0;
    let added = 0;
    const started = performance.now();
    let lastReport = started;
    const worker = async (client: Client): Promise<void> => {
      for (;;) {
        const index = missing[next++];
        if (index === undefined) return;
        const name = bulkName(index);
        await client.add(`CN=${name},${bulkOu}`, [
          new Attribute({
            type: 'objectClass',
            values: ['top', 'person', 'organizationalPerson', 'user'],
          }),
          new Attribute({ type: 'sAMAccountName', values: [name] }),
          new Attribute({ type: 'userPrincipalName', values: [`${name}@${labDomain.dnsDomain}`] }),
          new Attribute({ type: 'userAccountControl', values: [userAccountControl] }),
        ]);
        added++;
        const now = performance.now();
        if (now - lastReport > 5_000) {
          lastReport = now;
          const rate = added / ((now - started) / 1000);
          log(`  ${added}/${missing.length} bulk users (${rate.toFixed(0)}/s)`);
        }
      }
    };
    try {
      await Promise.all(clients.map(worker));
    } finally {
      const total = await countBulkUsers(clients[0]!);
      updateState((s) =>
        s.scenarios ? { ...s, scenarios: { ...s.scenarios, bulkCount: total } } : s,
      );
    }
    return added;
  } finally {
    await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  }
}
