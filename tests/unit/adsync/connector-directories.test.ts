/**
 * The Connect server's directories from Get-ADSyncConnector's JSON. The fixture is shaped as
 * Windows PowerShell 5.1 prints `Get-ADSyncConnector | ConvertTo-Json -Depth 6` (enums as
 * numbers, dates as "\/Date(…)\/"; the layout is Prettier's, the runner asks for -Compress
 * anyway), with the properties named in docs/domain-facts.md §8.2: two AD connectors
 * (contoso.com with two synced domains, OU filtering, preferred DCs, an unselected domain and
 * the non-domain partitions; fabrikam.com, whole domain, a custom connector account) and the
 * Entra connector.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseConnectServerDirectories,
  readConnectServerDirectories,
  syncsObject,
  type SyncedDomain,
} from '../../../main/adsync/connector-directories';
import { PowerShellRunner } from '../../../main/adsync/powershell-runner';

const twoForests = (): Record<string, unknown>[] =>
  JSON.parse(
    readFileSync(
      new URL('./fixtures/get-adsyncconnector-two-forests.json', import.meta.url),
      'utf8',
    ),
  ) as Record<string, unknown>[];

const failure = (json: unknown) => {
  try {
    parseConnectServerDirectories(json);
  } catch (error) {
    return error as { code: string; message: string; fix: string };
  }
  throw new Error('expected the output to be refused');
};

describe("the Connect server's directories (Get-ADSyncConnector)", () => {
  it('lists each AD connector as a forest with its account and the domains it syncs', () => {
    const { forests, entraConnectors, otherConnectors } =
      parseConnectServerDirectories(twoForests());
    expect(forests).toEqual([
      {
        connectorName: 'contoso.com',
        connectorId: '2d8b3f56-2a9e-4a35-9d8e-5c2f7b1e6a10',
        forestName: 'contoso.com',
        connectorAccount: { user: 'MSOL_1a2b3c4d5e6f', domain: 'CONTOSO' },
        domains: [
          {
            dn: 'DC=contoso,DC=com',
            dnsName: 'contoso.com',
            includedContainers: ['DC=contoso,DC=com'],
            excludedContainers: ['OU=Disabled Users,DC=contoso,DC=com'],
            preferredDcs: [],
          },
          {
            dn: 'DC=emea,DC=contoso,DC=com',
            dnsName: 'emea.contoso.com',
            includedContainers: [
              'OU=Staff,DC=emea,DC=contoso,DC=com',
              'OU=Sales,OU=Partners,DC=emea,DC=contoso,DC=com',
            ],
            excludedContainers: ['OU=Contractors,OU=Staff,DC=emea,DC=contoso,DC=com'],
            preferredDcs: ['dc2.emea.contoso.com', 'dc1.emea.contoso.com'],
          },
        ],
        unselectedDomains: ['DC=apac,DC=contoso,DC=com'],
      },
      {
        connectorName: 'fabrikam.com',
        connectorId: '4f6e8d2c-7b3a-4c1e-8f9d-2a6b4c8e0d13',
        forestName: 'fabrikam.com',
        connectorAccount: { user: 'svc-aadconnect', domain: 'fabrikam.com' },
        domains: [
          {
            dn: 'DC=fabrikam,DC=com',
            dnsName: 'fabrikam.com',
            includedContainers: ['DC=fabrikam,DC=com'],
            excludedContainers: [],
            preferredDcs: [],
          },
        ],
        unselectedDomains: [],
      },
    ]);
    expect(entraConnectors).toEqual([
      { name: 'contoso.onmicrosoft.com - AAD', identifier: 'b891884f-051e-4a83-95af-2544101c9083' },
    ]);
    expect(otherConnectors).toEqual([]);
  });

  it('is read over the PowerShell runner, on the Connect server the admin names', async () => {
    const sent: { command: string; args: readonly string[] }[] = [];
    const runner = new PowerShellRunner(
      async (command, args) => {
        sent.push({ command, args });
        return { exitCode: 0, stdout: `\uFEFF${JSON.stringify(twoForests())}\r\n`, stderr: '' };
      },
      { kind: 'remote', host: 'aadc01.contoso.com' },
    );
    const directories = await readConnectServerDirectories(runner);
    expect(directories.forests.map((f) => f.forestName)).toEqual(['contoso.com', 'fabrikam.com']);
    const args = sent[0]!.args;
    const script = Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString(
      'utf16le',
    );
    expect(script).toContain("Invoke-Command -ComputerName 'aadc01.contoso.com'");
    expect(script).toContain('Get-ADSyncConnector | Select-Object Name');
    expect(script).toContain('ConvertTo-Json -InputObject $result -Depth 6');
  });

  it('tells the Entra connector apart by its Subtype even with another identifier, and names other connectors', () => {
    const [contoso, , aad] = twoForests();
    const { forests, entraConnectors, otherConnectors } = parseConnectServerDirectories([
      contoso,
      { ...aad, Identifier: '0f0e0d0c-0b0a-4909-8807-060504030201', Name: 'tenant2 - AAD' },
      {
        Name: 'HR database',
        Identifier: '11111111-2222-4333-8444-555555555555',
        ConnectorTypeName: 'Extensible2',
        Subtype: 'Generic SQL (Microsoft)',
      },
    ]);
    expect(forests.map((f) => f.forestName)).toEqual(['contoso.com']);
    expect(entraConnectors.map((c) => c.name)).toEqual(['tenant2 - AAD']);
    expect(otherConnectors).toEqual([
      {
        name: 'HR database',
        identifier: '11111111-2222-4333-8444-555555555555',
        type: 'Extensible2 / Generic SQL (Microsoft)',
      },
    ]);
  });

  it('reads one connector printed as a bare object, and no connectors at all', () => {
    const [, fabrikam] = twoForests();
    expect(parseConnectServerDirectories(fabrikam).forests.map((f) => f.connectorName)).toEqual([
      'fabrikam.com',
    ]);
    expect(parseConnectServerDirectories(null)).toEqual({
      forests: [],
      entraConnectors: [],
      otherConnectors: [],
    });
  });

  it('without IsDomain (older builds) a domain is a DN of DC= parts that is not a DNS zone partition', () => {
    const [contoso] = twoForests();
    const partitions = (contoso!.Partitions as Record<string, unknown>[]).map(
      ({ IsDomain: _, ...rest }) => rest,
    );
    const [forest] = parseConnectServerDirectories({ ...contoso, Partitions: partitions }).forests;
    expect(forest!.domains.map((d) => d.dn)).toEqual([
      'DC=contoso,DC=com',
      'DC=emea,DC=contoso,DC=com',
    ]);
    expect(forest!.unselectedDomains).toEqual(['DC=apac,DC=contoso,DC=com']);
  });

  it('a selected domain without OU filtering is synced whole', () => {
    const [, fabrikam] = twoForests();
    const partitions = (fabrikam!.Partitions as Record<string, unknown>[]).map((p) => ({
      ...p,
      ConnectorPartitionScope: null,
    }));
    const [forest] = parseConnectServerDirectories({ ...fabrikam, Partitions: partitions }).forests;
    expect(forest!.domains[0]!.includedContainers).toEqual(['DC=fabrikam,DC=com']);
    expect(syncsObject(forest!, 'CN=Anyone,CN=Users,DC=fabrikam,DC=com')).toBe(true);
  });

  it('refuses output cut short by too small a -Depth, saying so', () => {
    const [contoso] = twoForests();
    const error = failure({
      ...contoso,
      Partitions: [
        'Microsoft.IdentityManagement.PowerShell.ObjectModel.ConnectorPartition',
        'Microsoft.IdentityManagement.PowerShell.ObjectModel.ConnectorPartition',
      ],
    });
    expect(error.code).toBe('adsync-unexpected-output');
    expect(error.message).toContain('Partitions.0');
    expect(error.message).toContain('-Depth 6');
    const scope = failure({
      ...contoso,
      Partitions: [
        {
          ...(contoso!.Partitions as object[])[0],
          ConnectorPartitionScope:
            'Microsoft.IdentityManagement.PowerShell.ObjectModel.ConnectorPartitionScope',
        },
      ],
    });
    expect(scope.message).toContain('Partitions.0.ConnectorPartitionScope');
  });

  it('refuses control characters in names and DNs, and an AD connector without its forest or account', () => {
    const [contoso] = twoForests();
    const withParameter = (name: string, value: unknown) => ({
      ...contoso,
      ConnectivityParameters: (
        contoso!.ConnectivityParameters as { Name: string; Value: unknown }[]
      ).map((p) => (p.Name === name ? { ...p, Value: value } : p)),
    });
    expect(failure(withParameter('forest-name', 'contoso.com\u001b[31m')).message).toContain(
      'forest-name',
    );
    expect(failure(withParameter('forest-name', null)).message).toContain(
      'has no forest-name connectivity parameter',
    );
    expect(failure(withParameter('forest-login-user', '')).message).toContain(
      'has no forest-login-user',
    );
    const badDn = failure({
      ...contoso,
      Partitions: [{ ...(contoso!.Partitions as object[])[0], DN: 'DC=contoso,\u0007DC=com' }],
    });
    expect(badDn.message).toContain('Partitions.0.DN: contains control characters');
    expect(
      failure({ ...contoso, Partitions: [{ DN: 'DC=x,DC=com', Selected: 'maybe' }] }).message,
    ).toContain('Partitions.0.Selected');
  });
});

describe('which objects a connector syncs (OU filtering)', () => {
  const [contoso] = twoForests();
  const forest = parseConnectServerDirectories(contoso).forests[0]!;
  const emea = forest.domains[1]!;
  const syncs = (dn: string) => syncsObject(forest, dn);

  it('the whole domain but an excluded OU', () => {
    expect(syncs('CN=Alice Adams,OU=Staff,DC=contoso,DC=com')).toBe(true);
    expect(syncs('CN=Old,OU=Disabled Users,DC=contoso,DC=com')).toBe(false);
    expect(syncs('CN=Old, OU=disabled users, dc=CONTOSO, dc=com')).toBe(false);
  });

  it("a child domain's objects follow the child's filtering, not the parent's", () => {
    // DC=contoso,DC=com is synced whole, but emea's users are in emea's partition.
    expect(syncs('CN=x,CN=Users,DC=emea,DC=contoso,DC=com')).toBe(false);
    // apac is a domain of the forest the connector does not sync.
    expect(syncs('CN=y,OU=Staff,DC=apac,DC=contoso,DC=com')).toBe(false);
    // Not this forest.
    expect(syncs('CN=z,DC=fabrikam,DC=com')).toBe(false);
  });

  it('only the included OUs, the most specific container deciding', () => {
    expect(syncs('CN=Bea,OU=Staff,DC=emea,DC=contoso,DC=com')).toBe(true);
    expect(syncs('CN=Cal,OU=Contractors,OU=Staff,DC=emea,DC=contoso,DC=com')).toBe(false);
    expect(syncs('CN=Dee,OU=Sales,OU=Partners,DC=emea,DC=contoso,DC=com')).toBe(true);
    expect(syncs('CN=Eve,OU=Legal,OU=Partners,DC=emea,DC=contoso,DC=com')).toBe(false);
    expect(syncs('CN=Fay,CN=Users,DC=emea,DC=contoso,DC=com')).toBe(false);
    // A look-alike name is not the included OU.
    expect(syncs('CN=Gus,OU=XStaff,DC=emea,DC=contoso,DC=com')).toBe(false);
  });

  it('an OU included again under an excluded one is synced', () => {
    const domain: SyncedDomain = {
      ...emea,
      includedContainers: [
        ...emea.includedContainers,
        'OU=Keep,OU=Contractors,OU=Staff,DC=emea,DC=contoso,DC=com',
      ],
    };
    const again = { ...forest, domains: [forest.domains[0]!, domain] };
    expect(
      syncsObject(again, 'CN=Hal,OU=Keep,OU=Contractors,OU=Staff,DC=emea,DC=contoso,DC=com'),
    ).toBe(true);
    expect(syncsObject(again, 'CN=Ivy,OU=Contractors,OU=Staff,DC=emea,DC=contoso,DC=com')).toBe(
      false,
    );
  });
});
