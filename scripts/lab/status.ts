/** `npm run lab -- status [--json]`: running or stopped, pid, URL, object counts, timings. */
import { runningPid } from '../../tests/lab/lab-env';
import { isHealthy } from './daemon';
import { boundClient } from './ldap';
import { readState } from './state';

export interface LabStatus {
  readonly provisioned: boolean;
  readonly running: boolean;
  readonly healthy: boolean;
  readonly pid: number | null;
  readonly url: string | null;
  readonly seeded: boolean;
  readonly counts: { users: number; bulkUsers: number; groups: number; ous: number } | null;
  readonly timings: Record<string, number>;
}

async function count(
  client: Awaited<ReturnType<typeof boundClient>>,
  base: string,
  filter: string,
): Promise<number> {
  let n = 0;
  for await (const page of client.searchPaginated(base, {
    filter,
    attributes: ['1.1'],
    paged: { pageSize: 1000 },
  })) {
    n += page.searchEntries.length;
  }
  return n;
}

export async function labStatus(): Promise<LabStatus> {
  const state = readState();
  const pid = runningPid() ?? null;
  const healthy = state ? await isHealthy(state.admin.dn, state.admin.password) : false;
  let counts: LabStatus['counts'] = null;
  if (state && healthy) {
    const client = await boundClient(state.admin.dn, state.admin.password);
    try {
      counts = {
        users: await count(client, state.baseDn, '(&(objectCategory=person)(objectClass=user))'),
        bulkUsers: state.scenarios
          ? await count(client, state.scenarios.bulkOu, '(objectClass=user)').catch(() => 0)
          : 0,
        groups: await count(client, state.baseDn, '(objectClass=group)'),
        ous: await count(client, state.baseDn, '(objectClass=organizationalUnit)'),
      };
    } finally {
      await client.unbind();
    }
  }
  return {
    provisioned: state !== undefined,
    running: pid !== null,
    healthy,
    pid,
    url: state?.url ?? null,
    seeded: state?.scenarios !== undefined,
    counts,
    timings: state?.timings ?? {},
  };
}

export function formatStatus(s: LabStatus): string {
  if (!s.provisioned) return 'lab: not provisioned (run: npm run lab -- up)';
  const lines = [
    `lab: ${s.running ? (s.healthy ? 'running' : 'running but not answering LDAPS') : 'stopped'}`,
    `pid: ${s.pid ?? '-'}`,
    `url: ${s.url}`,
    `seeded: ${s.seeded ? 'yes' : 'no'}`,
  ];
  if (s.counts) {
    lines.push(
      `users: ${s.counts.users} (bulk ${s.counts.bulkUsers}), groups: ${s.counts.groups}, OUs: ${s.counts.ous}`,
    );
  }
  const t = Object.entries(s.timings).map(([k, v]) => `${k} ${v} s`);
  if (t.length) lines.push(`last timings: ${t.join(', ')}`);
  return lines.join('\n');
}
