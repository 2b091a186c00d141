import { describe, expect, it } from 'vitest';
import type { ForestFacts } from '../../../main/directory/discover';
import {
  adPrerequisiteChecks,
  connectedView,
} from '../../../main/steps/prerequisites/ad-prerequisites';

function forest(level: number, dcs: { name: string; os?: string; unsupported: boolean }[]) {
  const facts: ForestFacts = {
    namingContexts: [],
    defaultNamingContext: 'DC=contoso,DC=com',
    configurationNamingContext: 'CN=Configuration,DC=contoso,DC=com',
    schemaNamingContext: 'CN=Schema,CN=Configuration,DC=contoso,DC=com',
    dnsHostName: 'dc1.contoso.com',
    domainFunctionality: level,
    forestFunctionality: level,
    supportedControls: [],
    domains: [
      {
        dn: 'DC=contoso,DC=com',
        dnsName: 'contoso.com',
        writableDcs: dcs.map((dc) => ({
          dn: `CN=${dc.name},OU=Domain Controllers,DC=contoso,DC=com`,
          dnsHostName: `${dc.name}.contoso.com`,
          ...(dc.os ? { operatingSystem: dc.os } : {}),
          unsupported: dc.unsupported,
        })),
      },
    ],
  };
  return facts;
}

const byId = (checks: { id: string }[], id: string) => checks.find((c) => c.id === id)!;

describe('the AD half of Prerequisites', () => {
  it('passes a healthy forest over LDAPS with the connector in use', () => {
    const view = connectedView(
      forest(7, [{ name: 'dc1', os: 'Windows Server 2022 Datacenter', unsupported: false }]),
      {
        url: 'ldaps://dc1.contoso.com',
        bindUser: 'admin@contoso.com',
        pinned: false,
      },
    );
    const checks = adPrerequisiteChecks(
      view,
      { sAMAccountName: 'MSOL_0123456789ab', computerName: 'AADC01', enabled: true },
      1,
    );
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['ad.ldaps', 'pass'],
      ['ad.forest-functional-level', 'pass'],
      ['ad.dc-os', 'pass'],
      ['ad.connector-account', 'pass'],
    ]);
    expect(byId(checks, 'ad.ldaps')).toMatchObject({
      message: 'Connected to dc1.contoso.com over LDAPS, certificate verified.',
    });
    expect(byId(checks, 'ad.forest-functional-level')).toMatchObject({
      message: 'The forest runs at Windows Server 2016.',
    });
    expect(byId(checks, 'ad.connector-account')).toMatchObject({
      message: 'MSOL_0123456789ab, used by AD Connect on AADC01.',
    });
  });

  it('names unsupported DCs, an old forest, a pinned StartTLS link and a disabled connector', () => {
    const view = connectedView(
      forest(1, [
        { name: 'dc1', os: 'Windows Server 2022 Datacenter', unsupported: false },
        { name: 'dc2', os: 'Windows Server 2012 R2 Standard', unsupported: true },
      ]),
      { url: 'ldap://dc1.contoso.com', bindUser: 'admin@contoso.com', pinned: true },
    );
    const checks = adPrerequisiteChecks(
      view,
      { sAMAccountName: 'MSOL_0123456789ab', enabled: false },
      2,
    );
    expect(byId(checks, 'ad.ldaps')).toMatchObject({
      message:
        'Connected to dc1.contoso.com over LDAP with StartTLS, certificate pinned by fingerprint.',
    });
    expect(byId(checks, 'ad.forest-functional-level')).toMatchObject({
      status: 'fail',
      fix: 'Raise the forest functional level to Windows Server 2003 or later.',
    });
    expect(byId(checks, 'ad.dc-os')).toMatchObject({
      status: 'warn',
      message: 'Unsupported: dc2.contoso.com (Windows Server 2012 R2 Standard).',
    });
    expect(byId(checks, 'ad.connector-account')).toMatchObject({
      status: 'warn',
      message: 'MSOL_0123456789ab (disabled).',
    });
  });

  it('tells "no connector account" from "several, none chosen"', () => {
    const view = connectedView(forest(7, []), {
      url: 'ldaps://dc1.contoso.com',
      bindUser: 'a',
      pinned: false,
    });
    expect(byId(adPrerequisiteChecks(view, undefined, 0), 'ad.connector-account')).toMatchObject({
      status: 'fail',
      message: 'No MSOL_ connector account was found in the domain.',
    });
    expect(byId(adPrerequisiteChecks(view, undefined, 2), 'ad.connector-account')).toMatchObject({
      status: 'fail',
      message: 'Several connector accounts were found and none is chosen.',
    });
  });
});
