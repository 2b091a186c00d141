/**
 * The lab is what every integration test stands on: these tests prove the DC is reached over
 * LDAPS with certificate verification, that the SD flags control works against it, and that
 * each seeded scenario (docs/domain-facts.md §2, §3) is really there. Read-only, except for a password
 * reset that must be refused.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Attribute, BerWriter, Change, Client, InsufficientAccessError } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SdFlags, SdFlagsControl } from '../../main/directory/sd-flags-control';
import { editDacls } from '../../scripts/lab/acl';
import { readLab } from './lab-env';
import type { LabInfo } from './lab-env';
import { labUnderAnotherName } from './oracle/another-name';

const lab: LabInfo = readLab();

// Well-known SIDs (MS-DTYP 2.4.2.4).
const EVERYONE = 'S-1-1-0';
const SELF = 'S-1-5-10';
const AUTHENTICATED_USERS = 'S-1-5-11';
const BUILTIN_ADMINISTRATORS = 'S-1-5-32-544';

// Rights GUIDs (MS-ADTS 5.1.3.2.1) and the user class (docs/domain-facts.md §1).
const UNEXPIRE_PASSWORD = 'ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501';
const CHANGE_PASSWORD = 'ab721a53-1e2f-11d0-9819-00aa0040529b';
const RESET_PASSWORD = '00299570-246d-11d0-a768-00aa006e0529';
const USER_CLASS = 'bf967aba-0de6-11d0-a285-00aa003049e2';

// SECURITY_DESCRIPTOR control bits (MS-DTYP 2.4.6).
const SE_DACL_PRESENT = 0x0004;
const SE_DACL_PROTECTED = 0x1000;
const SE_SELF_RELATIVE = 0x8000;
const ONE_DAY = 864_000_000_000n;

/** A client trusting the lab CA, or (withLabCa false) only the system's CAs. */
function client(url = lab.url, withLabCa = true): Client {
  const tlsOptions = withLabCa ? { ca: [lab.caPem] } : {};
  return new Client({ url, connectTimeout: 5_000, timeout: 30_000, tlsOptions });
}

async function bound(dn: string, password: string): Promise<Client> {
  const c = client();
  await c.bind(dn, password);
  return c;
}

/** ldapts gives an absent attribute that was asked for as [] (or leaves it out). */
function absent(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}

// --- Minimal reading of self-relative descriptors (MS-DTYP 2.4.6), not the product's codec. ---

function sidAt(bytes: Buffer, offset: number): string {
  const count = bytes.readUInt8(offset + 1);
  const subs = Array.from({ length: count }, (_, i) => bytes.readUInt32LE(offset + 8 + 4 * i));
  return ['S', bytes.readUInt8(offset), bytes.readUIntBE(offset + 2, 6), ...subs].join('-');
}

/** GUID text from its mixed-endian bytes (MS-DTYP 2.3.4.2). */
function guidAt(bytes: Buffer, offset: number): string {
  const b = bytes.subarray(offset, offset + 16);
  const hex = (from: number, to: number): string => b.subarray(from, to).toString('hex');
  return [
    b.readUInt32LE(0).toString(16).padStart(8, '0'),
    b.readUInt16LE(4).toString(16).padStart(4, '0'),
    b.readUInt16LE(6).toString(16).padStart(4, '0'),
    hex(8, 10),
    hex(10, 16),
  ].join('-');
}

interface SdHeader {
  revision: number;
  control: number;
  ownerOffset: number;
  groupOffset: number;
  saclOffset: number;
  daclOffset: number;
}

function header(sd: Buffer): SdHeader {
  return {
    revision: sd.readUInt8(0),
    control: sd.readUInt16LE(2),
    ownerOffset: sd.readUInt32LE(4),
    groupOffset: sd.readUInt32LE(8),
    saclOffset: sd.readUInt32LE(12),
    daclOffset: sd.readUInt32LE(16),
  };
}

interface ObjectAce {
  type: number;
  flags: number;
  mask: number;
  objectType?: string;
  inheritedObjectType?: string;
  sid: string;
}

/** The ACEs of the DACL: object ACEs (types 5, 6) with their GUIDs, others with mask and SID. */
function daclAces(sd: Buffer): ObjectAce[] {
  const at = header(sd).daclOffset;
  const count = sd.readUInt16LE(at + 4);
  const aces: ObjectAce[] = [];
  let p = at + 8;
  for (let i = 0; i < count; i++) {
    const type = sd.readUInt8(p);
    const flags = sd.readUInt8(p + 1);
    const size = sd.readUInt16LE(p + 2);
    const mask = sd.readUInt32LE(p + 4);
    if (type === 5 || type === 6) {
      const present = sd.readUInt32LE(p + 8);
      let q = p + 12;
      let objectType: string | undefined;
      let inheritedObjectType: string | undefined;
      if (present & 1) {
        objectType = guidAt(sd, q);
        q += 16;
      }
      if (present & 2) {
        inheritedObjectType = guidAt(sd, q);
        q += 16;
      }
      aces.push({ type, flags, mask, objectType, inheritedObjectType, sid: sidAt(sd, q) });
    } else {
      aces.push({ type, flags, mask, sid: sidAt(sd, p + 8) });
    }
    p += size;
  }
  return aces;
}

describe('SdFlagsControl', () => {
  it('writes SEQUENCE { INTEGER flags } as the OCTET STRING value of a critical control', () => {
    const writer = new BerWriter();
    new SdFlagsControl(SdFlags.OWNER | SdFlags.GROUP | SdFlags.DACL).write(writer);
    const oid = Buffer.from('1.2.840.113556.1.4.801', 'latin1');
    expect(writer.buffer.toString('hex')).toBe(
      Buffer.concat([
        Buffer.from([0x30, 2 + oid.length + 3 + 7, 0x04, oid.length]),
        oid,
        Buffer.from([0x01, 0x01, 0xff]), // criticality TRUE
        Buffer.from([0x04, 0x05, 0x30, 0x03, 0x02, 0x01, 0x07]),
      ]).toString('hex'),
    );
  });

  it('refuses flags outside OWNER|GROUP|DACL|SACL', () => {
    expect(() => new SdFlagsControl(0)).toThrow(RangeError);
    expect(() => new SdFlagsControl(16)).toThrow(RangeError);
  });
});

describe('the lab over LDAPS', () => {
  let admin: Client;
  beforeAll(async () => {
    admin = await bound(lab.admin.dn, lab.admin.password);
  });
  afterAll(async () => {
    await admin.unbind();
  });

  async function securityDescriptor(dn: string, flags: number): Promise<Buffer> {
    const { searchEntries } = await admin.search(
      dn,
      {
        scope: 'base',
        attributes: ['nTSecurityDescriptor'],
        explicitBufferAttributes: ['nTSecurityDescriptor'],
      },
      new SdFlagsControl(flags),
    );
    const sd = searchEntries[0]?.nTSecurityDescriptor;
    if (!Buffer.isBuffer(sd)) throw new Error(`no nTSecurityDescriptor on ${dn}`);
    return sd;
  }

  async function one(dn: string, attributes: string[]): Promise<Record<string, unknown>> {
    const { searchEntries } = await admin.search(dn, { scope: 'base', attributes });
    return searchEntries[0] ?? {};
  }

  describe('certificate verification', () => {
    it('accepts the DC certificate through the lab CA, with the hostname (IP SAN) checked', async () => {
      const { searchEntries } = await admin.search('', {
        scope: 'base',
        attributes: ['defaultNamingContext', 'dnsHostName'],
      });
      expect(searchEntries[0]?.defaultNamingContext).toBe(lab.baseDn);
      expect(String(searchEntries[0]?.dnsHostName).toLowerCase()).toBe(lab.dcHostName);
    });

    it('refuses the certificate for a host it does not name (ldaps://localhost)', async () => {
      const forwarder = await labUnderAnotherName(lab);
      const c = client(forwarder.url);
      try {
        await expect(c.bind(lab.admin.dn, lab.admin.password)).rejects.toMatchObject({
          code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        });
      } finally {
        await c.unbind().catch(() => undefined);
        await forwarder.close();
      }
    });

    it('refuses the certificate without the lab CA', async () => {
      const c = client(lab.url, false);
      await expect(c.bind(lab.admin.dn, lab.admin.password)).rejects.toMatchObject({
        code: expect.stringMatching(
          /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN/,
        ),
      });
      await c.unbind().catch(() => undefined);
    });

    it('has the CA file that lab.json points at', () => {
      expect(readFileSync(lab.caFile, 'utf8')).toBe(lab.caPem);
    });
  });

  describe("the domain root's nTSecurityDescriptor through the SD flags control", () => {
    it('returns owner, group and DACL as a self-relative descriptor of revision 1', async () => {
      const sd = await securityDescriptor(lab.baseDn, SdFlags.OWNER | SdFlags.GROUP | SdFlags.DACL);
      const h = header(sd);
      expect(h.revision).toBe(1);
      expect(h.control & SE_SELF_RELATIVE).toBe(SE_SELF_RELATIVE);
      expect(h.control & SE_DACL_PRESENT).toBe(SE_DACL_PRESENT);
      expect(h.saclOffset).toBe(0); // not asked for
      expect(h.ownerOffset).toBeGreaterThan(0);
      expect([`${lab.domainSid}-512`, BUILTIN_ADMINISTRATORS]).toContain(sidAt(sd, h.ownerOffset));
      expect(h.groupOffset).toBeGreaterThan(0);
    });

    it("holds Authenticated Users' Unexpire Password on the domain object itself", async () => {
      const sd = await securityDescriptor(lab.baseDn, SdFlags.DACL);
      expect(daclAces(sd)).toContainEqual(
        expect.objectContaining({
          type: 5,
          flags: 0,
          mask: 0x100,
          objectType: UNEXPIRE_PASSWORD,
          sid: AUTHENTICATED_USERS,
        }),
      );
    });

    it('returns only the DACL when only the DACL is asked for', async () => {
      const h = header(await securityDescriptor(lab.baseDn, SdFlags.DACL));
      expect([h.ownerOffset, h.groupOffset, h.saclOffset]).toEqual([0, 0, 0]);
      expect(h.daclOffset).toBeGreaterThan(0);
    });
  });

  describe('the seeded scenarios', () => {
    it('has the AD DS connector in CN=Users, named and described as AD Connect creates it, enabled', async () => {
      const c = lab.connector;
      expect(c.sAMAccountName).toMatch(/^MSOL_[0-9a-f]{12}$/);
      expect(c.dn).toBe(`CN=${c.sAMAccountName},CN=Users,${lab.baseDn}`);
      const e = await one(c.dn, ['description', 'userAccountControl', 'sAMAccountName']);
      expect(e.description).toMatch(
        /^Account created by Microsoft Azure Active Directory Connect with installation identifier [0-9a-f]{32} running on computer \S+ configured to synchronize to tenant \S+\.onmicrosoft\.com\. This account must have directory replication permissions in the local Active Directory and write permission on certain attributes to enable Hybrid Deployment\.$/,
      );
      expect(e.description).toBe(c.description);
      expect(Number(e.userAccountControl) & 0x2).toBe(0);
    });

    it('has a second, disabled connector from an earlier install (other id and computer)', async () => {
      const s = lab.staleConnector;
      expect(s.sAMAccountName).toMatch(/^MSOL_[0-9a-f]{12}$/);
      expect(s.sAMAccountName).not.toBe(lab.connector.sAMAccountName);
      expect(s.installationId).not.toBe(lab.connector.installationId);
      expect(s.computerName).not.toBe(lab.connector.computerName);
      const e = await one(s.dn, ['userAccountControl', 'description']);
      expect(Number(e.userAccountControl) & 0x2).toBe(0x2);
      expect(e.description).toContain(`installation identifier ${s.installationId}`);
    });

    it('lets the connector bind with its recorded password', async () => {
      const c = await bound(lab.connector.dn, lab.connector.password);
      await c.unbind();
    });

    it('has ordinary users that inherit their DACL and have no adminCount', async () => {
      expect(lab.scenarios.ordinaryUsers.length).toBeGreaterThanOrEqual(10);
      for (const user of lab.scenarios.ordinaryUsers) {
        const h = header(await securityDescriptor(user.dn, SdFlags.DACL));
        expect(h.control & SE_DACL_PROTECTED).toBe(0);
        expect(absent((await one(user.dn, ['adminCount'])).adminCount)).toBe(true);
      }
    });

    it('has a user with inheritance disabled (protected DACL)', async () => {
      const dn = lab.scenarios.inheritanceDisabledUser.dn;
      const sd = await securityDescriptor(dn, SdFlags.DACL);
      expect(header(sd).control & SE_DACL_PROTECTED).toBe(SE_DACL_PROTECTED);
      expect(daclAces(sd).every((a) => (a.flags & 0x10) === 0)).toBe(true); // no INHERITED_ACE
    });

    it("stamps the Domain Admins member as SDProp would: adminCount=1 and AdminSDHolder's DACL, protected", async () => {
      const user = lab.scenarios.protectedUser;
      const e = await one(user.dn, ['adminCount', 'memberOf']);
      expect(e.adminCount).toBe('1');
      expect([e.memberOf].flat()).toContain(`CN=Domain Admins,CN=Users,${lab.baseDn}`);
      const sd = await securityDescriptor(user.dn, SdFlags.DACL);
      expect(header(sd).control & SE_DACL_PROTECTED).toBe(SE_DACL_PROTECTED);
      const holder = daclAces(
        await securityDescriptor(`CN=AdminSDHolder,CN=System,${lab.baseDn}`, SdFlags.DACL),
      );
      const strip = (aces: ObjectAce[]) => aces.map((a) => ({ ...a, flags: a.flags & ~0x10 }));
      expect(strip(daclAces(sd))).toEqual(strip(holder));
    });

    it('has a stale adminCount=1 user in no protected group, with the protected DACL left behind', async () => {
      const user = lab.scenarios.staleAdminCountUser;
      const e = await one(user.dn, ['adminCount', 'memberOf']);
      expect(e.adminCount).toBe('1');
      expect(absent(e.memberOf)).toBe(true);
      expect(
        header(await securityDescriptor(user.dn, SdFlags.DACL)).control & SE_DACL_PROTECTED,
      ).toBe(SE_DACL_PROTECTED);
    });

    it('has "User cannot change password": deny Change Password for Everyone and SELF, first in the DACL', async () => {
      const aces = daclAces(
        await securityDescriptor(lab.scenarios.cannotChangePasswordUser.dn, SdFlags.DACL),
      );
      const denies = aces
        .slice(0, 2)
        .filter((a) => a.type === 6 && a.objectType === CHANGE_PASSWORD);
      expect(denies.map((a) => a.sid).sort()).toEqual([EVERYONE, SELF].sort());
    });

    it('has an OU that denies the connector Reset password on descendant user objects', async () => {
      const aces = daclAces(await securityDescriptor(lab.scenarios.restrictedOu, SdFlags.DACL));
      expect(aces).toContainEqual({
        type: 6,
        flags: 0x0a, // CONTAINER_INHERIT | INHERIT_ONLY
        mask: 0x100,
        objectType: RESET_PASSWORD,
        inheritedObjectType: USER_CLASS,
        sid: lab.connector.sid,
      });
      expect(lab.scenarios.restrictedUsers.length).toBeGreaterThan(0);
      for (const user of lab.scenarios.restrictedUsers)
        expect(user.dn.endsWith(lab.scenarios.restrictedOu)).toBe(true);
    });

    it('applies the PSO with its minimum age to the group, and it is the resultant PSO of its members', async () => {
      const { pso, psoGroup, psoUsers } = lab.scenarios;
      const e = await one(pso.dn, [
        'msDS-MinimumPasswordAge',
        'msDS-PSOAppliesTo',
        'msDS-PasswordSettingsPrecedence',
      ]);
      expect(BigInt(String(e['msDS-MinimumPasswordAge']))).toBe(-BigInt(pso.minAgeDays) * ONE_DAY);
      expect(pso.minAgeDays).toBeGreaterThan(0);
      expect(e['msDS-PSOAppliesTo']).toBe(psoGroup.dn);
      expect(psoUsers.length).toBeGreaterThan(0);
      for (const user of psoUsers) {
        expect((await one(user.dn, ['msDS-ResultantPSO']))['msDS-ResultantPSO']).toBe(pso.dn);
      }
      const ordinary = lab.scenarios.ordinaryUsers[0]!;
      expect(absent((await one(ordinary.dn, ['msDS-ResultantPSO']))['msDS-ResultantPSO'])).toBe(
        true,
      );
    });

    it("writes the Default Domain Policy's GptTmpl.inf as Windows does: UTF-16LE, BOM, CRLF, Windows defaults", () => {
      const bytes = readFileSync(lab.scenarios.defaultDomainPolicy.gptTmplPath);
      expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
      const text = bytes.subarray(2).toString('utf16le');
      expect(text.startsWith('[Unicode]\r\nUnicode=yes\r\n[System Access]\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
      for (const line of [
        'MinimumPasswordAge = 1',
        'MaximumPasswordAge = 42',
        'MinimumPasswordLength = 7',
        'PasswordComplexity = 1',
        'PasswordHistorySize = 24',
        'LockoutBadCount = 0',
        '[Kerberos Policy]',
        '[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1',
      ]) {
        expect(text).toContain(line);
      }
    });

    it('keeps GPT.INI Version, versionNumber and the security extension pair consistent on both GPOs', async () => {
      for (const gpo of [lab.scenarios.defaultDomainPolicy, lab.scenarios.outrankingGpo]) {
        const ini = readFileSync(gpo.gptIniPath, 'latin1');
        const version = Number(/^Version=(\d+)\r$/m.exec(ini)?.[1]);
        expect(version & 0xffff).toBeGreaterThan(0);
        const e = await one(gpo.dn, ['versionNumber', 'gPCMachineExtensionNames']);
        expect(Number(e.versionNumber)).toBe(version);
        expect(String(e.gPCMachineExtensionNames)).toContain(
          '[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]',
        );
      }
    });

    it('links a second GPO at the domain root with link order 1 (last in gPLink) that sets MinimumPasswordAge = 2', async () => {
      const { outrankingGpo, defaultDomainPolicy } = lab.scenarios;
      const gPLink = String((await one(lab.baseDn, ['gPLink'])).gPLink);
      const links = [...gPLink.matchAll(/\[LDAP:\/\/cn=(\{[^}]+\})[^;]*;(\d+)\]/gi)].map((m) =>
        m[1]!.toUpperCase(),
      );
      expect(links.at(-1)).toBe(outrankingGpo.guid);
      expect(links).toContain(defaultDomainPolicy.guid);
      expect(outrankingGpo.linkOrder).toBe(1);
      const text = readFileSync(outrankingGpo.gptTmplPath).subarray(2).toString('utf16le');
      expect(text).toContain('[System Access]\r\nMinimumPasswordAge = 2\r\n');
    });

    it('leaves SYSVOL with the NT ACLs the GPOs call for (samba-tool ntacl sysvolcheck)', () => {
      expect(() =>
        execFileSync('samba-tool', ['ntacl', 'sysvolcheck', '-s', lab.smbConf], { stdio: 'pipe' }),
      ).not.toThrow();
    });

    it("sets the domain head's minPwdAge from the winning GPO (2 days)", async () => {
      const minPwdAge = BigInt(String((await one(lab.baseDn, ['minPwdAge'])).minPwdAge));
      expect(minPwdAge).toBe(-2n * ONE_DAY);
      expect(String(minPwdAge)).toBe(lab.scenarios.domainMinPwdAge);
    });

    it('records how many bulk users OU=Bulk holds', async () => {
      let n = 0;
      for await (const page of admin.searchPaginated(lab.scenarios.bulkOu, {
        scope: 'one',
        filter: '(objectClass=user)',
        attributes: ['1.1'],
        paged: { pageSize: 1000 },
      })) {
        n += page.searchEntries.length;
      }
      expect(n).toBe(lab.scenarios.bulkCount);
    });
  });

  describe('the connector has no writeback rights after seeding', () => {
    const newPassword = (): Buffer =>
      Buffer.from(`"Nw9!${Math.random().toString(36).slice(2)}Q"`, 'utf16le');
    const reset = (c: Client, dn: string) =>
      c.modify(
        dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'unicodePwd', values: [newPassword()] }),
        }),
      );

    it('gets insufficientAccessRights (50) resetting an ordinary user', async () => {
      const c = await bound(lab.connector.dn, lab.connector.password);
      try {
        const error = await reset(c, lab.scenarios.ordinaryUsers[0]!.dn).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InsufficientAccessError);
        expect((error as InsufficientAccessError).code).toBe(50);
      } finally {
        await c.unbind();
      }
    });

    it('succeeds once its OU grants the connector Reset password on descendant users (the control)', async () => {
      // Own, uniquely named objects: the DC is shared. Granted with Samba's SDDL codec, not ours.
      const ou = `OU=t-${Math.random().toString(36).slice(2, 10)},${lab.baseDn}`;
      const userDn = `CN=t-user,${ou}`;
      await admin.add(ou, { objectClass: ['top', 'organizationalUnit'] });
      try {
        await admin.add(userDn, [
          new Attribute({
            type: 'objectClass',
            values: ['top', 'person', 'organizationalPerson', 'user'],
          }),
          new Attribute({
            type: 'sAMAccountName',
            values: [`t-${Math.random().toString(36).slice(2, 12)}`],
          }),
          new Attribute({ type: 'unicodePwd', values: [newPassword()] }),
          new Attribute({ type: 'userAccountControl', values: ['512'] }),
        ]);
        const c = await bound(lab.connector.dn, lab.connector.password);
        try {
          await expect(reset(c, userDn)).rejects.toBeInstanceOf(InsufficientAccessError);
          await editDacls([
            {
              op: 'addAces',
              dn: ou,
              aces: [`(OA;CIIO;CR;${RESET_PASSWORD};${USER_CLASS};${lab.connector.sid})`],
            },
          ]);
          await expect(reset(c, userDn)).resolves.toBeUndefined();
        } finally {
          await c.unbind();
        }
      } finally {
        await admin.del(userDn).catch(() => undefined);
        await admin.del(ou);
      }
    });

    it('gets insufficientAccessRights resetting a user in the restricted OU', async () => {
      const c = await bound(lab.connector.dn, lab.connector.password);
      try {
        await expect(reset(c, lab.scenarios.restrictedUsers[0]!.dn)).rejects.toBeInstanceOf(
          InsufficientAccessError,
        );
      } finally {
        await c.unbind();
      }
    });
  });
});
