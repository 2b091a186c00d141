import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecondDc } from './dc2-env';
import { connectDirectory, type Directory } from '../../main/directory/connect';
import {
  discoverForest,
  findConnectorAccounts,
  readSchemaFacts,
  readToken,
  resolveAccount,
  selectConnectorAccount,
} from '../../main/directory/discover';
import { WizardError } from '../../shared/errors';
import { readLab, type LabInfo } from './lab-env';

let lab: LabInfo;
let dir: Directory;
beforeAll(async () => {
  lab = readLab();
  dir = await connectDirectory({
    url: lab.url,
    bindUser: lab.admin.userPrincipalName,
    password: lab.admin.password,
    caPem: lab.caPem,
  });
});
afterAll(async () => dir?.close());

describe('discovery against the lab', () => {
  it('finds the domain, its DC and PDC emulator, the SID and the rootDSE facts', async () => {
    const forest = await discoverForest(dir);
    expect(forest.defaultNamingContext).toBe(lab.baseDn);
    expect(forest.dnsHostName.toLowerCase()).toBe(lab.dcHostName);
    expect(forest.supportedControls).toContain('1.2.840.113556.1.4.801');
    expect(forest.domainFunctionality).toBeGreaterThanOrEqual(2);
    expect(forest.domains).toHaveLength(1);
    const domain = forest.domains[0]!;
    expect(domain.dn).toBe(lab.baseDn);
    expect(domain.dnsName).toBe(lab.dnsDomain);
    expect(domain.netbiosName).toBe(lab.netbios);
    expect(domain.domainSid).toBe(lab.domainSid);
    // The second writable DC too, when the lab has one (WRITEBACK_LAB_DC2_ADDRESS).
    const dc2 = readSecondDc();
    expect(domain.writableDcs.map((d) => d.dnsHostName.toLowerCase()).sort()).toEqual(
      [lab.dcHostName, ...(dc2 === undefined ? [] : [dc2.dcHostName])].sort(),
    );
    expect(domain.pdcEmulator?.toLowerCase()).toBe(lab.dcHostName);
  });

  it('finds both MSOL_ accounts with their parsed details', async () => {
    const accounts = await findConnectorAccounts(dir);
    const byName = new Map(accounts.map((a) => [a.sAMAccountName, a]));
    for (const expected of [lab.connector, lab.staleConnector]) {
      const found = byName.get(expected.sAMAccountName)!;
      expect(found).toMatchObject({
        dn: expected.dn,
        installationId: expected.installationId,
        computerName: expected.computerName,
        enabled: expected.enabled,
      });
      // The description names the tenant's initial domain (…onmicrosoft.com); the lab records its prefix.
      expect(found.tenant).toBe(`${expected.tenant}.onmicrosoft.com`);
    }
  });

  it('selects the only enabled connector; resolves a name, UPN or DN; unknown names are exit 2', async () => {
    expect((await selectConnectorAccount(dir)).dn).toBe(lab.connector.dn);
    expect((await resolveAccount(dir, lab.staleConnector.sAMAccountName)).dn).toBe(
      lab.staleConnector.dn,
    );
    expect((await resolveAccount(dir, lab.connector.dn)).sAMAccountName).toBe(
      lab.connector.sAMAccountName,
    );
    const error = await resolveAccount(dir, '*)(objectClass=*').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WizardError);
    expect((error as WizardError).exitCode).toBe(2);
  });

  it('reads the connector token (SID + tokenGroups, incl. Domain Users)', async () => {
    const token = await readToken(dir, lab.connector.dn);
    expect(token.userSid).toBe(lab.connector.sid);
    expect(token.groupSids).toContain(`${lab.domainSid}-513`);
  });

  it('reads the schema GUIDs the SD kernel needs from the DC', async () => {
    const schema = await readSchemaFacts(dir);
    expect(schema.schemaIdGuids.get('pwdLastSet')).toBe('bf967a0a-0de6-11d0-a285-00aa003049e2');
    expect(schema.schemaIdGuids.get('user')).toBe('bf967aba-0de6-11d0-a285-00aa003049e2');
    expect(schema.rightsGuids.get('User-Force-Change-Password')).toBe(
      '00299570-246d-11d0-a768-00aa006e0529',
    );
    expect(schema.nameForGuid.get('00299570-246d-11d0-a768-00aa006e0529')).toMatch(/Password/);
    expect(schema.nameForGuid.get('bf967a0a-0de6-11d0-a285-00aa003049e2')).toBe('pwdLastSet');
  });
});
