/**
 * Security descriptors for the Permissions step's unit tests, built with the SD kernel from
 * SDDL shaped like a default Windows/Samba domain (the user class default is Samba's own).
 */
import type {
  PermissionsDirectory,
  SchemaFacts,
} from '../../../main/steps/permissions/directory-port';
import { ContainerClass, ContainerIndex, containerDacl } from '../../../main/domain/containers';
import { PasswordPolicy } from '../../../main/domain/password-policy';
import type { DomainModel } from '../../../main/domain/read-model';
import { ResultantPsos } from '../../../main/domain/resultant-pso';
import type { UserRecord } from '../../../main/readiness/user-record';
import {
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

const classOf = (dn: string): string =>
  dn.toLowerCase() === ROOT_DN.toLowerCase()
    ? ContainerClass.domainDNS
    : dn.startsWith('OU=')
      ? ContainerClass.organizationalUnit
      : ContainerClass.container;

/** An in-memory directory: DN → SD bytes, plus users and containers for the scans. */
export class FakeDirectory implements PermissionsDirectory {
  readonly descriptors = new Map<string, Uint8Array>();
  readonly writes: string[] = [];
  users: UserRecord[] = [];
  /** Containers the domain model lists (the domain root and AdminSDHolder always). */
  containers: string[] = [];
  /** Protected accounts (lower-case DN → why), as the domain model reads them. */
  protectedMembers = new Map<string, string>();
  schema: SchemaFacts = {
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

  async readModel(): Promise<DomainModel> {
    const containers = [...new Set([ROOT_DN, ADMIN_SD_HOLDER_DN, ...this.containers])];
    return {
      domain: { dn: ROOT_DN, netbios: 'CONTOSO', sid: DOMAIN_SID },
      schema: this.schema,
      connector: {
        dn: `CN=MSOL_0123456789ab,CN=Users,${ROOT_DN}`,
        sAMAccountName: 'MSOL_0123456789ab',
        sid: CONNECTOR_SID,
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
  async readSecurityDescriptor(dn: string): Promise<Uint8Array> {
    const found = this.descriptors.get(dn.toLowerCase());
    if (!found) throw new Error(`no such object ${dn}`);
    return found;
  }
  async writeSecurityDescriptor(dn: string, bytes: Uint8Array): Promise<void> {
    this.writes.push(dn);
    this.descriptors.set(dn.toLowerCase(), bytes);
  }
  async readClassGuid(dn: string): Promise<string> {
    if (dn.toLowerCase() === ROOT_DN.toLowerCase()) return '19195a5b-6da0-11d0-afd3-00c04fd930c9';
    return dn.startsWith('OU=')
      ? 'bf967aa5-0de6-11d0-a285-00aa003049e2'
      : 'bf967a8b-0de6-11d0-a285-00aa003049e2';
  }
  async *searchUsers(base: string): AsyncIterable<UserRecord> {
    for (const user of this.users)
      if (user.dn.toLowerCase().endsWith(base.toLowerCase())) yield user;
  }
  names(): NameTable {
    return names();
  }
}
