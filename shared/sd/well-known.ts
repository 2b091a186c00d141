import type { Guid } from './guid';
import type { Sid } from './sid';

/**
 * Built-in names for offline use. The engine adds what the live directory says (schema
 * classes and attributes, extended rights, principals) through a NameTable at run time.
 */

/** The rights password writeback needs (docs/domain-facts.md §1). */
export const WritebackGuid = {
  resetPassword: '00299570-246d-11d0-a768-00aa006e0529', // User-Force-Change-Password
  changePassword: 'ab721a53-1e2f-11d0-9819-00aa0040529b', // User-Change-Password
  unexpirePassword: 'ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501', // Unexpire-Password
  lockoutTime: '28630ebf-41d5-11d1-a9c1-0000f80367c1',
  pwdLastSet: 'bf967a0a-0de6-11d0-a285-00aa003049e2',
  userClass: 'bf967aba-0de6-11d0-a285-00aa003049e2',
  userAccountRestrictions: '4c164200-20c0-11d0-a768-00aa006e0529', // property set of pwdLastSet
} as const;

export type GuidKind =
  'class' | 'attribute' | 'property-set' | 'extended-right' | 'validated-write';

export interface GuidName {
  readonly kind: GuidKind;
  /** lDAPDisplayName (classes, attributes) or the controlAccessRight's cn. */
  readonly name: string;
  /** What ADUC shows: "User", "lockoutTime", "Reset password", "Account Restrictions". */
  readonly displayName: string;
}

const g = (kind: GuidKind, name: string, displayName = name): GuidName => ({
  kind,
  name,
  displayName,
});

/** Well-known schema, property-set, extended-right and validated-write GUIDs (MS-ADA*, MS-ADTS 5.1.3.2.1). */
export const WELL_KNOWN_GUIDS: readonly (readonly [Guid, GuidName])[] = [
  // Classes
  ['bf967aba-0de6-11d0-a285-00aa003049e2', g('class', 'user', 'User')],
  ['bf967a9c-0de6-11d0-a285-00aa003049e2', g('class', 'group', 'Group')],
  ['bf967a86-0de6-11d0-a285-00aa003049e2', g('class', 'computer', 'Computer')],
  ['bf967aa5-0de6-11d0-a285-00aa003049e2', g('class', 'organizationalUnit', 'Organizational Unit')],
  ['5cb41ed0-0e4c-11d0-a286-00aa003049e2', g('class', 'contact', 'Contact')],
  ['4828cc14-1437-45bc-9b07-ad6f015e5f28', g('class', 'inetOrgPerson', 'InetOrgPerson')],
  ['19195a5b-6da0-11d0-afd3-00c04fd930c9', g('class', 'domainDNS', 'Domain')],
  ['bf967a8b-0de6-11d0-a285-00aa003049e2', g('class', 'container', 'Container')],
  [
    'f30e3bc2-9ff0-11d1-b603-0000f80367c1',
    g('class', 'groupPolicyContainer', 'Group Policy Container'),
  ],
  [
    'ce206244-5827-4a86-ba1c-1c0c386c1b64',
    g('class', 'msDS-ManagedServiceAccount', 'Managed Service Account'),
  ],
  [
    '7b8b558a-93a5-4af7-adca-c017e67f1057',
    g('class', 'msDS-GroupManagedServiceAccount', 'Group Managed Service Account'),
  ],
  ['bf967aa8-0de6-11d0-a285-00aa003049e2', g('class', 'printQueue', 'Printer')],
  // Attributes
  ['bf967a0a-0de6-11d0-a285-00aa003049e2', g('attribute', 'pwdLastSet')],
  ['28630ebf-41d5-11d1-a9c1-0000f80367c1', g('attribute', 'lockoutTime')],
  ['bf9679e1-0de6-11d0-a285-00aa003049e2', g('attribute', 'unicodePwd')],
  ['bf967a68-0de6-11d0-a285-00aa003049e2', g('attribute', 'userAccountControl')],
  ['bf967915-0de6-11d0-a285-00aa003049e2', g('attribute', 'accountExpires')],
  ['bf967918-0de6-11d0-a285-00aa003049e2', g('attribute', 'adminCount')],
  ['3e0abfd0-126a-11d0-a060-00aa006c33ed', g('attribute', 'sAMAccountName')],
  ['5b47d60f-6090-40b2-9f37-2a4de88f3063', g('attribute', 'msDS-KeyCredentialLink')],
  // In the default domain-root DACL (Read for Enterprise Domain Controllers and others), so it
  // is inherited by every user once inheritance is enabled.
  ['b7c69e6d-2cc7-11d2-854e-00a0c983f608', g('attribute', 'tokenGroups')],
  [
    '3f78c3e5-f79a-46bd-a0b8-9d18116ddc79',
    g('attribute', 'msDS-AllowedToActOnBehalfOfOtherIdentity'),
  ],
  ['f30e3bbe-9ff0-11d1-b603-0000f80367c1', g('attribute', 'gPLink')],
  ['f30e3bbf-9ff0-11d1-b603-0000f80367c1', g('attribute', 'gPOptions')],
  ['bf9679c0-0de6-11d0-a285-00aa003049e2', g('attribute', 'member')],
  ['f3a64788-5306-11d1-a9c5-0000f80367c1', g('attribute', 'servicePrincipalName')],
  // Property sets (controlAccessRight objects with validAccesses RP|WP)
  [
    '4c164200-20c0-11d0-a768-00aa006e0529',
    g('property-set', 'User-Account-Restrictions', 'Account Restrictions'),
  ],
  ['5f202010-79a5-11d0-9020-00c04fc2d4cf', g('property-set', 'User-Logon', 'Logon Information')],
  [
    '59ba2f42-79a2-11d0-9020-00c04fc2d3cf',
    g('property-set', 'General-Information', 'General Information'),
  ],
  [
    '77b5b886-944a-11d1-aebd-0000f80367c1',
    g('property-set', 'Personal-Information', 'Personal Information'),
  ],
  [
    'e48d0154-bcf8-11d1-8702-00c04fb96050',
    g('property-set', 'Public-Information', 'Public Information'),
  ],
  ['e45795b3-9455-11d1-aebd-0000f80367c1', g('property-set', 'Web-Information', 'Web Information')],
  [
    'e45795b2-9455-11d1-aebd-0000f80367c1',
    g('property-set', 'Email-Information', 'Phone and Mail Options'),
  ],
  ['bc0ac240-79a9-11d0-9020-00c04fc2d4cf', g('property-set', 'Membership', 'Group Membership')],
  [
    '037088f8-0ae1-11d2-b422-00a0c968f939',
    g('property-set', 'RAS-Information', 'Remote Access Information'),
  ],
  [
    'c7407360-20bf-11d0-a768-00aa006e0529',
    g('property-set', 'Domain-Password', 'Domain Password & Lockout Policies'),
  ],
  [
    'b8119fd0-04f6-4762-ab7a-4986c76b3f9a',
    g('property-set', 'Domain-Other-Parameters', 'Other Domain Parameters (for use by SAM)'),
  ],
  [
    '72e39547-7b18-11d1-adef-00c04fd8d5cd',
    g('property-set', 'DNS-Host-Name-Attributes', 'DNS Host Name Attributes'),
  ],
  [
    '91e647de-d96f-4b70-9557-d63ff4f3ccd8',
    g('property-set', 'Private-Information', 'Private Information'),
  ],
  // Extended rights (controlAccessRight objects with validAccesses CR)
  [
    '00299570-246d-11d0-a768-00aa006e0529',
    g('extended-right', 'User-Force-Change-Password', 'Reset password'),
  ],
  [
    'ab721a53-1e2f-11d0-9819-00aa0040529b',
    g('extended-right', 'User-Change-Password', 'Change password'),
  ],
  [
    'ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501',
    g('extended-right', 'Unexpire-Password', 'Unexpire Password'),
  ],
  ['ab721a54-1e2f-11d0-9819-00aa0040529b', g('extended-right', 'Send-As', 'Send As')],
  ['ab721a56-1e2f-11d0-9819-00aa0040529b', g('extended-right', 'Receive-As', 'Receive As')],
  [
    '1131f6aa-9c07-11d1-f79f-00c04fc2dcd2',
    g('extended-right', 'DS-Replication-Get-Changes', 'Replicating Directory Changes'),
  ],
  [
    '1131f6ae-9c07-11d1-f79f-00c04fc2dcd2',
    g(
      'extended-right',
      'Read-Only-Replication-Secret-Synchronization',
      'Read Only Replication Secret Synchronization',
    ),
  ],
  [
    '1131f6ad-9c07-11d1-f79f-00c04fc2dcd2',
    g('extended-right', 'DS-Replication-Get-Changes-All', 'Replicating Directory Changes All'),
  ],
  [
    '89e95b76-444d-4c62-991a-0facbeda640c',
    g(
      'extended-right',
      'DS-Replication-Get-Changes-In-Filtered-Set',
      'Replicating Directory Changes In Filtered Set',
    ),
  ],
  [
    '1131f6ab-9c07-11d1-f79f-00c04fc2dcd2',
    g('extended-right', 'DS-Replication-Synchronize', 'Replication Synchronization'),
  ],
  [
    '1131f6ac-9c07-11d1-f79f-00c04fc2dcd2',
    g('extended-right', 'DS-Replication-Manage-Topology', 'Manage Replication Topology'),
  ],
  [
    '68b1d179-0d15-4d4f-ab71-46152e79a7bc',
    g('extended-right', 'Allowed-To-Authenticate', 'Allowed to Authenticate'),
  ],
  [
    'edacfd8f-ffb3-11d1-b41d-00a0c968f939',
    g('extended-right', 'Apply-Group-Policy', 'Apply Group Policy'),
  ],
  [
    '280f369c-67c7-438e-ae98-1d46f3c6f541',
    g('extended-right', 'Update-Password-Not-Required-Bit', 'Update Password Not Required Bit'),
  ],
  [
    '05c74c5e-4deb-43b4-bd9f-86664c2a7fd5',
    g(
      'extended-right',
      'Enable-Per-User-Reversibly-Encrypted-Password',
      'Enable Per User Reversibly Encrypted Password',
    ),
  ],
  [
    'ba33815a-4f93-4c76-87f3-57574bff8109',
    g('extended-right', 'Migrate-SID-History', 'Migrate SID History'),
  ],
  [
    '45ec5156-db7e-47bb-b53f-dbeb2d03c40f',
    g('extended-right', 'Reanimate-Tombstones', 'Reanimate Tombstones'),
  ],
  ['0e10c968-78fb-11d2-90d4-00c04f79dc55', g('extended-right', 'Certificate-Enrollment', 'Enroll')],
  [
    'a05b8cc2-17bc-4802-a710-e7c15ab866a2',
    g('extended-right', 'Certificate-AutoEnrollment', 'AutoEnroll'),
  ],
  // Validated writes (validAccesses SW)
  [
    'f3a64788-5306-11d1-a9c5-0000f80367c1',
    g('validated-write', 'Validated-SPN', 'Validated write to service principal name'),
  ],
  [
    '72e39547-7b18-11d1-adef-00c04fd8d5cd',
    g('validated-write', 'Validated-DNS-Host-Name', 'Validated write to DNS host name'),
  ],
  [
    'bf9679c0-0de6-11d0-a285-00aa003049e2',
    g('validated-write', 'Self-Membership', 'Add/remove self as member'),
  ],
];

/** Attribute → property set, for the attributes this tool evaluates (schema attributeSecurityGuid). */
export const WELL_KNOWN_PROPERTY_SETS: ReadonlyMap<Guid, Guid> = new Map([
  [WritebackGuid.pwdLastSet, WritebackGuid.userAccountRestrictions],
  ['bf967a68-0de6-11d0-a285-00aa003049e2', WritebackGuid.userAccountRestrictions], // userAccountControl
  ['bf967915-0de6-11d0-a285-00aa003049e2', WritebackGuid.userAccountRestrictions], // accountExpires
]);

/** Well-known SIDs with the names ADUC shows (MS-DTYP 2.4.2.4). */
export const WELL_KNOWN_SIDS: ReadonlyMap<Sid, string> = new Map([
  ['S-1-0-0', 'NULL SID'],
  ['S-1-1-0', 'Everyone'],
  ['S-1-3-0', 'CREATOR OWNER'],
  ['S-1-3-1', 'CREATOR GROUP'],
  ['S-1-3-4', 'OWNER RIGHTS'],
  ['S-1-5-2', 'NETWORK'],
  ['S-1-5-4', 'INTERACTIVE'],
  ['S-1-5-6', 'SERVICE'],
  ['S-1-5-7', 'ANONYMOUS LOGON'],
  ['S-1-5-9', 'ENTERPRISE DOMAIN CONTROLLERS'],
  ['S-1-5-10', 'SELF'],
  ['S-1-5-11', 'Authenticated Users'],
  ['S-1-5-12', 'RESTRICTED'],
  ['S-1-5-18', 'SYSTEM'],
  ['S-1-5-19', 'LOCAL SERVICE'],
  ['S-1-5-20', 'NETWORK SERVICE'],
  ['S-1-5-32-544', 'Administrators'],
  ['S-1-5-32-545', 'Users'],
  ['S-1-5-32-546', 'Guests'],
  ['S-1-5-32-548', 'Account Operators'],
  ['S-1-5-32-549', 'Server Operators'],
  ['S-1-5-32-550', 'Print Operators'],
  ['S-1-5-32-551', 'Backup Operators'],
  ['S-1-5-32-552', 'Replicator'],
  ['S-1-5-32-554', 'Pre-Windows 2000 Compatible Access'],
  ['S-1-5-32-555', 'Remote Desktop Users'],
  ['S-1-5-32-556', 'Network Configuration Operators'],
  ['S-1-5-32-557', 'Incoming Forest Trust Builders'],
  ['S-1-5-32-558', 'Performance Monitor Users'],
  ['S-1-5-32-559', 'Performance Log Users'],
  ['S-1-5-32-560', 'Windows Authorization Access Group'],
  ['S-1-5-32-561', 'Terminal Server License Servers'],
  ['S-1-5-32-562', 'Distributed COM Users'],
  ['S-1-5-32-568', 'IIS_IUSRS'],
  ['S-1-5-32-569', 'Cryptographic Operators'],
  ['S-1-5-32-573', 'Event Log Readers'],
  ['S-1-5-32-574', 'Certificate Service DCOM Access'],
  ['S-1-5-32-580', 'Remote Management Users'],
]);

/** Domain-relative RIDs (MS-DTYP 2.4.2.4) with their default names. */
export const WELL_KNOWN_RIDS: ReadonlyMap<number, string> = new Map([
  [498, 'Enterprise Read-only Domain Controllers'],
  [500, 'Administrator'],
  [501, 'Guest'],
  [502, 'krbtgt'],
  [512, 'Domain Admins'],
  [513, 'Domain Users'],
  [514, 'Domain Guests'],
  [515, 'Domain Computers'],
  [516, 'Domain Controllers'],
  [517, 'Cert Publishers'],
  [518, 'Schema Admins'],
  [519, 'Enterprise Admins'],
  [520, 'Group Policy Creator Owners'],
  [521, 'Read-only Domain Controllers'],
  [522, 'Cloneable Domain Controllers'],
  [525, 'Protected Users'],
  [526, 'Key Admins'],
  [527, 'Enterprise Key Admins'],
  [553, 'RAS and IAS Servers'],
  [571, 'Allowed RODC Password Replication Group'],
  [572, 'Denied RODC Password Replication Group'],
]);

export const EVERYONE_SID: Sid = 'S-1-1-0';
export const AUTHENTICATED_USERS_SID: Sid = 'S-1-5-11';
export const PRINCIPAL_SELF_SID: Sid = 'S-1-5-10';
