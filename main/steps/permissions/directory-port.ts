/**
 * What the Permissions step needs from the directory: a port, so the step's logic is tested
 * against fixtures. `ldap-directory.ts` implements it over the caller's ldapts client, picking
 * the connector through main/directory (selectConnectorWithSid) as the wizard does.
 */
import type { AccessToken, NameTable } from '../../../shared/sd';
import type { ContainerSecurityEntry, UserSecurityEntry } from './scan-users';

export interface DomainFacts {
  /** DC=contoso,DC=test */
  readonly dn: string;
  /** CONTOSO */
  readonly netbios: string;
  readonly sid: string;
}

export interface ConnectorAccount {
  readonly dn: string;
  readonly sAMAccountName: string;
  readonly sid: string;
}

export interface SchemaFacts {
  /** attribute schemaIDGUID → attributeSecurityGUID (its property set). */
  readonly propertySets: ReadonlyMap<string, string>;
  /** The user class's defaultSecurityDescriptor (SDDL): the explicit ACEs of every new user. */
  readonly userDefaultSddl?: string;
}

export interface PermissionsDirectory {
  readDomain(): Promise<DomainFacts>;
  readSchema(): Promise<SchemaFacts>;
  /** The connector: the one named (sAMAccountName, UPN or DN), else the only enabled MSOL_ account. */
  resolveConnector(account?: string): Promise<ConnectorAccount>;
  /** Its SID and tokenGroups, as the DC builds its token. */
  readToken(dn: string): Promise<AccessToken>;
  /** nTSecurityDescriptor read with the SD flags control DACL (4). */
  readSecurityDescriptor(dn: string): Promise<Uint8Array>;
  /** Replaces the DACL only (SD flags 4). Callers check drift first and read back after. */
  writeSecurityDescriptor(dn: string, sd: Uint8Array): Promise<void>;
  /** The schemaIDGUID of the object's structural class (its last objectClass value). */
  readClassGuid(dn: string): Promise<string>;
  /** User objects below `base`, streamed page by page. */
  searchUsers(base: string): AsyncIterable<UserSecurityEntry>;
  /** OUs, containers and the domain object below `base` (inclusive), streamed. */
  searchContainers(base: string): AsyncIterable<ContainerSecurityEntry>;
  /** Names for principals and GUIDs (live schema where known). */
  names(domain: DomainFacts): NameTable;
}
