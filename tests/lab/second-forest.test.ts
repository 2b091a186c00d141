/**
 * Two forests, as a Connect server that syncs both sees them: CONTOSO.TEST (the lab) and
 * FABRIKAM.TEST (tests/lab/second-forest.ts), each a Samba AD realm of its own on its own
 * loopback address. Each answers as itself, through the engine's own door (main/directory),
 * each has the MSOL_ connector account of its own forest, each carries the traps writeback
 * meets (docs/domain-facts.md §2), and each forest's partitions container gives its domains.
 */
import { readSecondDc } from './dc2-env';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDirectory, type Directory } from '../../main/directory/connect';
import { findConnectorAccounts } from '../../main/directory/discover';
import { readForestDcs } from '../../main/directory/forest-dcs';
import { readForestDomains } from '../../main/directory/forest-domains';
import { SdFlags } from '../../main/directory/sd-flags-control';
import { parseSecurityDescriptor } from '../../shared/sd';
import { toSddl } from '../../shared/sd/sddl';
import { addressesOutsideLoopback } from '../../scripts/lab/smb-conf';
import { readLab, type LabInfo } from './lab-env';
import {
  readSecondForest,
  secondForestAddress,
  secondForestDir,
  secondForestRealm,
} from './second-forest';

const resetPassword = '00299570-246d-11d0-a768-00aa006e0529';
const userClass = 'bf967aba-0de6-11d0-a285-00aa003049e2';

const contoso = readLab();
const fabrikam = readSecondForest();
const forests = [contoso, fabrikam] as const;
const directories = new Map<LabInfo, Directory>();

const asAdmin = (lab: LabInfo) =>
  connectDirectory({
    url: lab.url,
    bindUser: lab.admin.userPrincipalName,
    password: lab.admin.password,
    caPem: lab.caPem,
  });

beforeAll(async () => {
  for (const lab of forests) directories.set(lab, await asAdmin(lab));
});
afterAll(async () => {
  for (const dir of directories.values()) await dir.close();
});

const dirOf = (lab: LabInfo) => directories.get(lab)!;
const other = (lab: LabInfo) => (lab === contoso ? fabrikam : contoso);

describe('two forests in the lab', () => {
  it('are two realms on two loopback addresses', () => {
    expect(contoso.realm).toBe('CONTOSO.TEST');
    expect(fabrikam).toMatchObject({
      realm: secondForestRealm,
      netbios: 'FABRIKAM',
      dnsDomain: 'fabrikam.test',
      baseDn: 'DC=fabrikam,DC=test',
      dcHostName: 'dc1.fabrikam.test',
      host: secondForestAddress(),
      url: `ldaps://${secondForestAddress()}:636`,
    });
    expect(fabrikam.host).not.toBe(contoso.host);
    expect(fabrikam.domainSid).not.toBe(contoso.domainSid);
    expect(fabrikam.sambaDir).not.toBe(contoso.sambaDir);
    // Its smb.conf is a room of its own too (scripts/lab/smb-conf.ts): its address only,
    // nothing off the machine, its run-time files and logs under its own folder.
    const conf = readFileSync(fabrikam.smbConf, 'utf8');
    expect(conf).toMatch(
      new RegExp(`^\\s*interfaces = ${fabrikam.host.replace(/\./g, '\\.')}/8$`, 'm'),
    );
    expect(addressesOutsideLoopback(conf)).toEqual([]);
    for (const name of ['pid directory', 'ncalrpc dir', 'log file', 'private dir']) {
      const value = new RegExp(`^\\s*${name}\\s*=\\s*(.*)$`, 'm').exec(conf)?.[1]?.trim();
      expect(value, name).toMatch(new RegExp(`^${secondForestDir}/`));
    }
  });

  it.each(forests.map((lab) => [lab.realm, lab] as const))(
    '%s answers as itself',
    async (_, lab) => {
      const root = await dirOf(lab).rootDse();
      expect(root.values['defaultnamingcontext']).toEqual([lab.baseDn]);
      expect(root.values['rootdomainnamingcontext']).toEqual([lab.baseDn]);
      expect(root.values['dnshostname']?.[0]?.toLowerCase()).toBe(lab.dcHostName);
      // Its certificate is its own CA's: the other forest's CA does not vouch for it.
      await expect(
        connectDirectory({
          url: lab.url,
          bindUser: lab.admin.userPrincipalName,
          password: lab.admin.password,
          caPem: other(lab).caPem,
        }),
      ).rejects.toMatchObject({ code: 'dc-cert-untrusted' });
      // And its accounts are its own: the other forest's administrator cannot bind here.
      await expect(
        connectDirectory({
          url: lab.url,
          bindUser: other(lab).admin.userPrincipalName,
          password: other(lab).admin.password,
          caPem: lab.caPem,
        }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^bind-/) as unknown });
    },
  );

  it.each(forests.map((lab) => [lab.realm, lab] as const))(
    "%s's connector is the MSOL_ account of its own forest",
    async (_, lab) => {
      const found = await findConnectorAccounts(dirOf(lab));
      expect(found.filter((a) => a.enabled).map((a) => a.dn)).toEqual([lab.connector.dn]);
      expect(found.map((a) => a.sAMAccountName).sort()).toEqual(
        [lab.connector.sAMAccountName, lab.staleConnector.sAMAccountName].sort(),
      );
      expect(lab.connector.sAMAccountName).toMatch(/^MSOL_[0-9a-f]{12}$/);
      expect(lab.connector.sid.startsWith(`${lab.domainSid}-`)).toBe(true);
      expect(lab.connector.userPrincipalName.endsWith(`@${lab.dnsDomain}`)).toBe(true);
      // Not an account of the other forest.
      const there = await findConnectorAccounts(dirOf(other(lab)));
      expect(there.map((a) => a.sAMAccountName)).not.toContain(lab.connector.sAMAccountName);
      // It signs in to its own forest only.
      const asConnector = await connectDirectory({
        url: lab.url,
        bindUser: lab.connector.userPrincipalName,
        password: lab.connector.password,
        caPem: lab.caPem,
      });
      await asConnector.close();
      await expect(
        connectDirectory({
          url: other(lab).url,
          bindUser: lab.connector.userPrincipalName,
          password: lab.connector.password,
          caPem: other(lab).caPem,
        }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^bind-/) as unknown });
    },
  );

  it.each(forests.map((lab) => [lab.realm, lab] as const))(
    '%s has the traps: a protected admin, an OU denying the connector Reset password, a GPO deciding the minimum age, ordinary users',
    async (_, lab) => {
      const dir = dirOf(lab);
      const s = lab.scenarios;
      const sddl = async (dn: string) =>
        toSddl(parseSecurityDescriptor(await dir.readSecurityDescriptor(dn, SdFlags.DACL)));

      const admin = await dir.read(s.protectedUser.dn, ['adminCount', 'memberOf']);
      expect(admin?.values['admincount']).toEqual(['1']);
      expect(admin?.values['memberof']).toContain(`CN=Domain Admins,CN=Users,${lab.baseDn}`);
      expect(await sddl(s.protectedUser.dn)).toMatch(/^D:P/); // SDProp's stamp: protected DACL

      expect(s.restrictedOu).toBe(`OU=Restricted,OU=Corp,${lab.baseDn}`);
      expect(await sddl(s.restrictedOu)).toContain(
        `(OD;CIIO;CR;${resetPassword};${userClass};${lab.connector.sid})`,
      );
      expect(s.restrictedUsers.length).toBeGreaterThan(0);

      const head = await dir.read(lab.baseDn, ['gPLink', 'minPwdAge']);
      const gpLink = head?.values['gplink']?.[0] ?? '';
      // Link order 1 is gPLink's last entry: the outranking GPO decides the minimum age.
      expect(gpLink.toUpperCase().lastIndexOf(s.outrankingGpo.guid)).toBeGreaterThan(
        gpLink.toUpperCase().lastIndexOf(s.defaultDomainPolicy.guid),
      );
      expect(s.outrankingGpo.linkOrder).toBe(1);
      const gptTmpl = readFileSync(s.outrankingGpo.gptTmplPath);
      expect(gptTmpl.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
      expect(gptTmpl.subarray(2).toString('utf16le')).toContain('MinimumPasswordAge = 2\r\n');
      expect(s.outrankingGpo.gptTmplPath.startsWith(lab.sysvolPath)).toBe(true);
      expect(head?.values['minpwdage']).toEqual([s.domainMinPwdAge]);
      expect(s.outrankingGpo.name).toBe(
        lab === contoso ? 'Contoso Password Policy' : 'Fabrikam Password Policy',
      );

      expect(s.ordinaryUsers).toHaveLength(10);
      for (const user of s.ordinaryUsers) {
        const entry = await dir.read(user.dn, ['adminCount', 'userAccountControl']);
        expect(entry?.values['admincount'] ?? []).toEqual([]);
        expect(Number(entry?.values['useraccountcontrol']?.[0]) & 0x2).toBe(0); // enabled
        expect(user.dn.endsWith(lab.baseDn)).toBe(true);
      }
    },
  );

  it.each(forests.map((lab) => [lab.realm, lab] as const))(
    "%s's partitions container gives one domain, the forest root (Samba hosts no child domains)",
    async (_, lab) => {
      const model = await readForestDomains(dirOf(lab));
      expect(model).toEqual({
        name: lab.dnsDomain,
        rootDomain: lab.baseDn,
        domains: [
          {
            dn: lab.baseDn,
            dnsName: lab.dnsDomain,
            netbiosName: lab.netbios,
            crossRef: `CN=${lab.netbios},CN=Partitions,CN=Configuration,${lab.baseDn}`,
            place: 'forest-root',
            children: [],
          },
        ],
      });
    },
  );

  it.each(forests.map((lab) => [lab.realm, lab] as const))(
    "%s's sites give its DC, writable, a global catalog, and the PDC emulator its domain head names",
    async (_, lab) => {
      const dir = dirOf(lab);
      const dcs = await readForestDcs(dir, await readForestDomains(dir));
      const head = await dir.read(lab.baseDn, ['fSMORoleOwner']);
      expect([...dcs.keys()]).toEqual([lab.baseDn]);
      // The first forest may have its second writable DC (WRITEBACK_LAB_DC2_ADDRESS) beside it.
      const dc2 = lab.baseDn === readLab().baseDn ? readSecondDc() : undefined;
      expect(
        dcs
          .get(lab.baseDn)
          ?.map((dc) => dc.dnsHostName.toLowerCase())
          .sort(),
      ).toEqual([lab.dcHostName, ...(dc2 === undefined ? [] : [dc2.dcHostName])].sort());
      expect(
        dcs.get(lab.baseDn)?.find((dc) => dc.dnsHostName.toLowerCase() === lab.dcHostName),
      ).toEqual({
        dnsHostName: lab.dcHostName,
        ntdsSettings: head?.values['fsmoroleowner']?.[0],
        domain: lab.baseDn,
        site: 'Default-First-Site-Name',
        writable: true,
        globalCatalog: true,
      });
    },
  );
});
