/**
 * makePlan: a plan made on one domain of a multi-domain forest says which domains it does not
 * cover, and a plan says where ADSync was read (or that it was not).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PowerShellRunner } from '../../../main/adsync/powershell-runner';
import { formatPlan } from '../../../main/plan/format-plan';
import { makePlan } from '../../../main/steps/make-plan';
import { otherDomains } from '../../../main/steps/permissions';
import { forestDirectory } from './forest-double';

describe('otherDomains', () => {
  it('lists every domain but the one planned, whatever the DN case', async () => {
    const client = forestDirectory([
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
        forestDirectory([{ nc: 'DC=contoso,DC=com', dnsRoot: 'contoso.com' }]),
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
