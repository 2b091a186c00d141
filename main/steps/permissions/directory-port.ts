/**
 * What the Permissions step needs from the directory: a port, so the step's logic is tested
 * against fixtures. `ldap-directory.ts` implements it over main/directory's Directory, the domain
 * model read through main/domain as everywhere else.
 */
import type { NameTable } from '../../../shared/sd';
import type { DomainFacts, DomainModel } from '../../domain/read-model';
import type { UserRecord } from '../../readiness/user-record';

export type { ConnectorAccount, DomainFacts, SchemaFacts } from '../../domain/read-model';

export interface PermissionsDirectory {
  /** The domain read model (main/domain), for the connector the admin named or the only one. */
  readModel(account?: string): Promise<DomainModel>;
  /** nTSecurityDescriptor read with the SD flags control DACL (4). */
  readSecurityDescriptor(dn: string): Promise<Uint8Array>;
  /** Replaces the DACL only (SD flags 4). Callers check drift first and read back after. */
  writeSecurityDescriptor(dn: string, sd: Uint8Array): Promise<void>;
  /** The schemaIDGUID of the object's structural class (its last objectClass value). */
  readClassGuid(dn: string): Promise<string>;
  /** User objects below `base` as the verdict engine reads them, streamed page by page. */
  searchUsers(base: string): AsyncIterable<UserRecord>;
  /** Names for principals and GUIDs (live schema where known). */
  names(domain: DomainFacts): NameTable;
}
