/**
 * makePlan: a plan made on one domain of a multi-domain forest says which domains it does not
 * cover, and a plan says where ADSync was read (or that it was not).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PowerShellRunner } from '../../../main/adsync/powershell-runner';
import type { Directory, SearchOptions } from '../../../main/directory/directory';
import { formatPlan } from '../../../main/plan/format-plan';
import { makePlan } from '../../../main/steps/make-plan';
import { otherDomains } from '../../../main/steps/permissions';

const entry = (dn: string, values: Record<string, string>) => ({
  dn,
  values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), [v]])),
  bytes: {},
});

function forest(domains: { nc: string; dnsRoot: string }[]): Directory {
  return {
    rootDse: async () =>
      entry('', { configurationNamingContext: 'CN=Configuration,DC=contoso,DC=com' }),
    search: async function* (base: string, options: SearchOptions) {
      expect(base).toBe('CN=Partitions,CN=Configuration,DC=contoso,DC=com');
      // Only domain crossRefs (SYSTEM_FLAG_CR_NTDS_DOMAIN), not the DNS or schema partitions.
      expect(options.filter).toContain('systemFlags:1.2.840.113556.1.4.803:=2');
      for (const d of domains)
        yield entry(`CN=${d.dnsRoot},${base}`, { nCName: d.nc, dnsRoot: d.dnsRoot });
    },
  } as unknown as Directory;
}

describe('otherDomains', () => {
  it('lists every domain but the one planned, whatever the DN case', async () => {
    const client = forest([
      { nc: 'DC=contoso,DC=com', dnsRoot: 'contoso.com' },
      { nc: 'DC=emea,DC=contoso,DC=com', dnsRoot: 'emea.contoso.com' },
      { nc: 'DC=fabrikam,DC=net', dnsRoot: 'fabrikam.net' },
    ]);
    expect(await otherDomains(client, 'dc=Contoso,dc=COM')).toEqual([
      { nc: 'DC=emea,DC=contoso,DC=com', dnsRoot: 'emea.contoso.com' },
      { nc: 'DC=fabrikam,DC=net', dnsRoot: 'fabrikam.net' },
    ]);
  });

  it('is empty in a single-domain forest', async () => {
    expect(
      await otherDomains(
        forest([{ nc: 'DC=contoso,DC=com', dnsRoot: 'contoso.com' }]),
        'DC=contoso,DC=com',
      ),
    ).toEqual([]);
  });
});

describe('a plan says where ADSync was read', () => {
  const state = JSON.parse(
    readFileSync(new URL('../adsync/fixtures/read-state.json', import.meta.url), 'utf8'),
  ) as unknown;
  const runner = new PowerShellRunner(
    async () => ({ exitCode: 0, stdout: JSON.stringify(state), stderr: '' }),
    { kind: 'remote', host: 'aadc01' },
  );

  it('records the Connect server it read, and plans its switch', async () => {
    const plan = await makePlan({ steps: ['optional-features'], adsync: runner });
    expect(plan.source.adsync).toBe('remote:aadc01');
    expect(plan.operations).toHaveLength(1);
  });

  it('without one, records none and never prints a bare "Nothing to change"', async () => {
    const plan = await makePlan({ steps: ['optional-features'] });
    expect(plan.source.adsync).toBeUndefined();
    expect(plan.operations).toEqual([]);
    const text = formatPlan(plan);
    expect(text.startsWith('Nothing to change in what was read; see the warnings below.\n')).toBe(
      true,
    );
    expect(text).toContain('warning [optional-features]: No AD Connect server is reachable');
  });
});
