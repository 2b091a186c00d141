/**
 * Every step through the one contract: the five pages' steps inspect (Prerequisites and SSPR
 * on-premises integration included, which plan nothing), the registry plans every plannable
 * step, and a plan made on one domain of a forest names the others through fields, not flags.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plannableSteps } from '../../../shared/plan';
import { pageTitles, wizardPages } from '../../../shared/wizard-pages';
import { fieldsIn } from '../../../shared/fields';
import { cliWords } from '../../../main/cli/words';
import { wordFields } from '../../../shared/fields';
import { nationalClouds } from '../../../main/entra/national-clouds';
import { minPasswordAgeStep } from '../../../main/steps/min-password-age';
import { optionalFeaturesStep } from '../../../main/steps/optional-features';
import { otherDomainsNote } from '../../../main/steps/permissions';
import { prerequisitesStep } from '../../../main/steps/prerequisites';
import { stepPlanners } from '../../../main/steps/registry';
import { confirmSsprIntegration, ssprIntegrationStep } from '../../../main/steps/sspr-integration';
import type { ConnectedDirectory } from '../../../shared/ipc';
import { forestDirectory } from './forest-double';

const connected: ConnectedDirectory = {
  url: 'ldaps://dc1.contoso.com',
  bindUser: 'admin@contoso.com',
  dcHostName: 'dc1.contoso.com',
  defaultNamingContext: 'DC=contoso,DC=com',
  domainFunctionality: 7,
  forestFunctionality: 7,
  domains: [
    {
      dn: 'DC=contoso,DC=com',
      dnsName: 'contoso.com',
      writableDcs: [
        {
          dnsHostName: 'dc1.contoso.com',
          operatingSystem: 'Windows Server 2003',
          unsupported: true,
        },
      ],
    },
  ],
  tls: { protocol: 'ldaps', trust: 'system-and-ca' },
};

describe('the step contract', () => {
  it('gives every step its page and that page’s title', () => {
    for (const step of [
      prerequisitesStep,
      optionalFeaturesStep,
      minPasswordAgeStep,
      ssprIntegrationStep,
    ]) {
      expect(wizardPages).toContain(step.id);
      expect(step.title).toBe(pageTitles[step.id]);
    }
    expect(pageTitles.sspr).toBe('SSPR on-premises integration');
  });

  it('Prerequisites inspects the forest it connected to, and the connector it is given', async () => {
    const inspection = await prerequisitesStep.inspect({
      connected,
      connector: undefined,
      connectorsFound: 2,
    });
    expect(inspection.step).toBe('prerequisites');
    expect(inspection.state).toBe(connected);
    expect(inspection.checks.map((c) => [c.id, c.status])).toEqual([
      ['ad.ldaps', 'pass'],
      ['ad.forest-functional-level', 'pass'],
      ['ad.dc-os', 'warn'],
      ['ad.connector-account', 'fail'],
    ]);
    expect(inspection.checks[3]!.message).toBe(
      'Several connector accounts were found and none is chosen.',
    );
  });

  it('SSPR on-premises integration reads the cloud’s guide and the confirmations recorded', async () => {
    const journalFolder = mkdtempSync(join(tmpdir(), 'wb-sspr-step-'));
    const before = await ssprIntegrationStep.inspect({
      cloud: nationalClouds.usgov,
      journalFolder,
    });
    expect(new URL(before.state.guide.deepLink).host).toBe('portal.azure.us');
    expect(before.state.confirmations).toEqual([]);

    const recorded = confirmSsprIntegration(journalFolder, {
      cloud: nationalClouds.usgov,
      tenant: 'contoso.onmicrosoft.us',
    });
    // Only what writeback needs is confirmed; the optional unlock setting is the admin's choice.
    expect(recorded).toMatchObject({
      cloud: 'usgov',
      tenant: 'contoso.onmicrosoft.us',
      settings: ['Write back passwords to your on-premises directory'],
    });
    const after = await ssprIntegrationStep.inspect({
      cloud: nationalClouds.usgov,
      journalFolder,
    });
    expect(after.state.confirmations).toEqual([recorded]);
    expect(after.checks).toEqual([]);
  });
});

describe('the registry', () => {
  it('plans every plannable step, and nothing else', () => {
    expect(Object.keys(stepPlanners).sort()).toEqual([...plannableSteps].sort());
  });
});

describe('a Permissions plan in a forest of several domains', () => {
  it('names the domains it leaves out and the fields to change, each face wording them', async () => {
    const note = await otherDomainsNote(
      forestDirectory([
        { nc: 'DC=contoso,DC=com', dnsRoot: 'contoso.com' },
        { nc: 'DC=emea,DC=contoso,DC=com', dnsRoot: 'emea.contoso.com' },
      ]),
      'DC=contoso,DC=com',
    );
    expect(note).toMatchObject({ step: 'permissions', level: 'warning' });
    expect(fieldsIn(note!.message)).toEqual(['dc', 'bindUser']);
    expect(wordFields(note!.message, cliWords)).toBe(
      'This forest has 2 domains; this plan covers DC=contoso,DC=com only. The connector needs the same rights in every domain it synchronizes: plan again for each of the others (emea.contoso.com), with a DC of that domain as --dc and an admin of that domain as --bind-user.',
    );
  });

  it('says nothing in a forest of one domain', async () => {
    expect(
      await otherDomainsNote(
        forestDirectory([{ nc: 'DC=contoso,DC=com', dnsRoot: 'contoso.com' }]),
        'DC=contoso,DC=com',
      ),
    ).toBeUndefined();
  });
});
