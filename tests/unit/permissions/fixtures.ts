/**
 * Security descriptors for the Permissions step's unit tests, built with the SD kernel from
 * SDDL shaped like a default Windows/Samba domain (the user class default is Samba's own).
 */
import { ContainerClass, ContainerIndex, containerDacl } from '../../../main/domain/containers';
import { PasswordPolicy } from '../../../main/domain/password-policy';
import type { DomainModel } from '../../../main/domain/read-model';
import { ResultantPsos } from '../../../main/domain/resultant-pso';
import type { UserRecord } from '../../../main/readiness/user-record';
import type {
  AttributeReplacement,
  Directory,
  DirectoryEntry,
  SearchOptions,
} from '../../../main/directory/directory';
import { CONTAINER_FILTER, USER_FILTER } from '../../../main/directory/dacl-streams';
import type { WritebackSchema } from '../../../main/directory/domain-head';
import {
  formatGuid,
  formatSid,
  fromSddl,
  NameTable,
  serializeSecurityDescriptor,
  WritebackGuid,
  type AccessToken,
} from '../../../shared/sd';

export const DOMAIN_SID = 'S-1-5-21-1000-2000-3000';
export const ROOT_DN = 'DC=contoso,DC=test';
export const CONNECTOR_SID = `${DOMAIN_SID}-1103`;
/** A group the connector is a member of (tokenGroups). */
export const CONNECTOR_GROUP_SID = `${DOMAIN_SID}-1200`;
export const ADMIN_SD_HOLDER_DN = `CN=AdminSDHolder,CN=System,${ROOT_DN}`;

export const TOKEN: AccessToken = {
  userSid: CONNECTOR_SID,
  groupSids: [`${DOMAIN_SID}-513`, CONNECTOR_GROUP_SID],
};

const U = WritebackGuid.userClass;
/** Unexpire Password for Authenticated Users, this object only: on every default domain root. */
export const AU_UNEXPIRE = `(OA;;CR;${WritebackGuid.unexpirePassword};;AU)`;
/** A domain root as provisioned: Domain Admins, Enterprise DCs, pre-Windows 2000 reads, AU unexpire. */
export const ROOT_ACES = [
  '(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)',
  '(A;CI;RPWPCRCCDCLCLORCWOWDSDDTSW;;;EA)',
  '(A;;RPLCLORC;;;AU)',
  `(OA;CIIO;RP;4c164200-20c0-11d0-a768-00aa006e0529;${U};RU)`,
  AU_UNEXPIRE,
  '(OA;;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;ED)',
];

/** The user class's defaultSecurityDescriptor as Samba's schema holds it (abridged to the relevant ACEs). */
export const USER_DEFAULT_SDDL =
  'D:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;SY)(A;;RPLCLORC;;;PS)' +
  '(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;PS)(OA;;RP;4c164200-20c0-11d0-a768-00aa006e0529;;RS)' +
  '(A;;RC;;;AU)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)';

export function sd(sddl: string): Uint8Array {
  return serializeSecurityDescriptor(fromSddl(sddl, DOMAIN_SID));
}

export function rootSd(extra: readonly string[] = [], flags = 'AI'): Uint8Array {
  return sd(`D:${flags}${[...extra, ...ROOT_ACES].join('')}`);
}

export function names(): NameTable {
  return new NameTable(DOMAIN_SID).addPrincipal(CONNECTOR_SID, 'CONTOSO\\MSOL_0123456789ab');
}

const CONFIGURATION_DN = `CN=Configuration,${ROOT_DN}`;
const SCHEMA_DN = `CN=Schema,${CONFIGURATION_DN}`;
export const CONNECTOR_DN = `CN=MSOL_0123456789ab,CN=Users,${ROOT_DN}`;
/** schemaIDGUIDs of the structural classes the fixtures' objects have. */
const CLASS_GUIDS: Record<string, string> = {
  domainDNS: '19195a5b-6da0-11d0-afd3-00c04fd930c9',
  organizationalUnit: 'bf967aa5-0de6-11d0-a285-00aa003049e2',
  container: 'bf967a8b-0de6-11d0-a285-00aa003049e2',
};

const classOf = (dn: string): string =>
  dn.toLowerCase() === ROOT_DN.toLowerCase()
    ? ContainerClass.domainDNS
    : dn.startsWith('OU=')
      ? ContainerClass.organizationalUnit
      : ContainerClass.container;

/** A user as the scan reads it: enabled, no password facts, the given DACL. */
export function userRecord(
  dn: string,
  sddl: string,
  adminCount = false,
): UserRecord & { sd: Uint8Array } {
  return {
    dn,
    sAMAccountName: (/^CN=([^,]+)/.exec(dn)?.[1] ?? dn).toLowerCase(),
    userAccountControl: 0x200,
    adminCount: adminCount ? 1 : 0,
    pwdLastSet: undefined,
    lockoutTime: undefined,
    objectSid: undefined,
    sd: sd(sddl),
  };
}

/** An entry as the Directory returns one: lower-case names, strings and bytes apart. */
function entry(
  dn: string,
  values: Record<string, readonly string[]>,
  bytes: Record<string, readonly Uint8Array[]> = {},
): DirectoryEntry {
  const lower = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
  return { dn, values: lower(values), bytes: lower(bytes) };
}

/**
 * An in-memory Directory: DN → SD bytes, plus users and containers for the scans, the domain
 * head, the connector account (the only MSOL_ one, enabled) and the schema entries the
 * Permissions step reads. It answers the searches the step makes, by their filters.
 */
export class FakeDirectory implements Directory {
  readonly descriptors = new Map<string, Uint8Array>();
  readonly writes: string[] = [];
  users: UserRecord[] = [];
  /** Protected accounts (lower-case DN → why), as the domain model reads them. */
  protectedMembers = new Map<string, string>();
  containers: string[] = [];
  /** False: the connector account is disabled (ACCOUNTDISABLE). */
  connectorEnabled = true;
  schema: WritebackSchema = {
    propertySets: new Map([[WritebackGuid.pwdLastSet, WritebackGuid.userAccountRestrictions]]),
    userDefaultSddl: USER_DEFAULT_SDDL,
  };

  constructor(root: Uint8Array = rootSd()) {
    this.descriptors.set(ROOT_DN.toLowerCase(), root);
    this.descriptors.set(
      ADMIN_SD_HOLDER_DN.toLowerCase(),
      sd('D:PAI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;;RPLCLORC;;;AU)'),
    );
  }

  set(dn: string, bytes: Uint8Array): void {
    this.descriptors.set(dn.toLowerCase(), bytes);
  }

  async rootDse(): Promise<DirectoryEntry> {
    return entry('', {
      defaultNamingContext: [ROOT_DN],
      configurationNamingContext: [CONFIGURATION_DN],
      schemaNamingContext: [SCHEMA_DN],
    });
  }

  async read(dn: string, attributes: readonly string[]): Promise<DirectoryEntry | undefined> {
    const wanted = new Set(attributes.map((a) => a.toLowerCase()));
    const key = dn.toLowerCase();
    const bytes: Record<string, Uint8Array[]> = {};
    const values: Record<string, string[]> = {};
    if (wanted.has('ntsecuritydescriptor') && this.descriptors.has(key))
      bytes['nTSecurityDescriptor'] = [this.descriptors.get(key)!];
    if (key === ROOT_DN.toLowerCase()) bytes['objectSid'] = [formatSid(DOMAIN_SID)];
    if (key === CONNECTOR_DN.toLowerCase()) {
      bytes['objectSid'] = [formatSid(TOKEN.userSid)];
      bytes['tokenGroups'] = TOKEN.groupSids.map((group) => formatSid(group));
    }
    values['objectClass'] = [
      'top',
      key === ROOT_DN.toLowerCase()
        ? 'domainDNS'
        : dn.startsWith('OU=')
          ? 'organizationalUnit'
          : 'container',
    ];
    const found = entry(dn, values, bytes);
    return {
      dn,
      values: Object.fromEntries(Object.entries(found.values).filter(([k]) => wanted.has(k))),
      bytes: Object.fromEntries(Object.entries(found.bytes).filter(([k]) => wanted.has(k))),
    };
  }

  async readSecurityDescriptor(dn: string, _flags?: number): Promise<Uint8Array> {
    const found = this.descriptors.get(dn.toLowerCase());
    if (!found) throw new Error(`no such object ${dn}`);
    return found;
  }

  async *search(_base: string, options: SearchOptions): AsyncIterable<DirectoryEntry> {
    const filter = options.filter ?? '';
    if (filter === USER_FILTER) {
      for (const user of this.users)
        yield entry(
          user.dn,
          {
            sAMAccountName: [user.sAMAccountName],
            userAccountControl: [String(user.userAccountControl)],
            adminCount: user.adminCount ? [String(user.adminCount)] : [],
          },
          {
            ...(user.sd ? { nTSecurityDescriptor: [user.sd] } : {}),
            ...(user.objectSid ? { objectSid: [formatSid(user.objectSid)] } : {}),
          },
        );
    } else if (filter === CONTAINER_FILTER) {
      for (const dn of this.containers)
        yield entry(dn, {}, { nTSecurityDescriptor: [await this.readSecurityDescriptor(dn)] });
    } else if (filter.includes('(objectClass=crossRef)')) {
      yield entry(`CN=CONTOSO,CN=Partitions,${CONFIGURATION_DN}`, { nETBIOSName: ['CONTOSO'] });
    } else if (filter.includes('(sAMAccountName=MSOL_*)')) {
      yield entry(CONNECTOR_DN, {
        sAMAccountName: ['MSOL_0123456789ab'],
        description: [
          'Account created by Microsoft Azure Active Directory Connect with installation identifier 0123456789abcdef0123456789abcdef running on computer AADC01 configured to synchronize to tenant contoso.onmicrosoft.com. This account must have directory replication permissions in the local Active Directory and write permission on certain attributes to enable Hybrid Deployment.',
        ],
        userAccountControl: ['66048'],
      });
    } else if (filter.includes('(objectClass=classSchema)')) {
      const name = /lDAPDisplayName=([^)]+)/.exec(filter)![1]!;
      const guid = CLASS_GUIDS[name];
      if (guid) yield entry(`CN=${name},${SCHEMA_DN}`, {}, { schemaIDGUID: [formatGuid(guid)] });
    } else if (filter.includes('(lDAPDisplayName=user)')) {
      let n = 0;
      for (const [id, set] of this.schema.propertySets)
        yield entry(
          `CN=attribute-${++n},${SCHEMA_DN}`,
          { lDAPDisplayName: [`attribute-${n}`] },
          { schemaIDGUID: [formatGuid(id)], attributeSecurityGUID: [formatGuid(set)] },
        );
      if (this.schema.userDefaultSddl)
        yield entry(`CN=User,${SCHEMA_DN}`, {
          lDAPDisplayName: ['user'],
          defaultSecurityDescriptor: [this.schema.userDefaultSddl],
        });
    }
  }

  async write(
    dn: string,
    changes: readonly AttributeReplacement[],
    _options?: { readonly sdFlags?: number },
  ): Promise<void> {
    for (const change of changes) {
      const value = change.values[0];
      if (change.attribute.toLowerCase() !== 'ntsecuritydescriptor' || typeof value === 'string')
        throw new Error(`the fake directory writes DACLs only, not ${change.attribute}`);
      this.writes.push(dn);
      this.descriptors.set(dn.toLowerCase(), value!);
    }
  }

  /** The adapter's write, as the plan engine makes it. */
  writeSecurityDescriptor(dn: string, bytes: Uint8Array): Promise<void> {
    return this.write(dn, [{ attribute: 'nTSecurityDescriptor', values: [bytes] }]);
  }

  /** The domain model as main/domain reads it from this directory (the step takes it given). */
  model(): DomainModel {
    const containers = [...new Set([ROOT_DN, ADMIN_SD_HOLDER_DN, ...this.containers])];
    return {
      domain: { dn: ROOT_DN, netbios: 'CONTOSO', sid: DOMAIN_SID },
      schema: this.schema,
      connector: {
        dn: CONNECTOR_DN,
        sAMAccountName: 'MSOL_0123456789ab',
        sid: CONNECTOR_SID,
        enabled: this.connectorEnabled,
      },
      token: TOKEN,
      policy: new PasswordPolicy(
        { ticks: 0n, source: 'the domain password policy', fix: '' },
        0n,
        new ResultantPsos(),
        [],
      ),
      protectedMembers: this.protectedMembers,
      containers: new ContainerIndex(
        containers.map((dn) =>
          containerDacl(dn, this.descriptors.get(dn.toLowerCase())!, classOf(dn)),
        ),
      ),
    };
  }

  openAt(): Promise<Directory> {
    return Promise.reject(new Error('the fake directory has one DC'));
  }

  openAnother(): Promise<Directory> {
    return Promise.reject(new Error('the fake directory has one connection'));
  }

  async close(): Promise<void> {}
}
