/**
 * PermissionsDirectory over main/directory's Directory (connected and TLS-verified there). The
 * domain model is main/domain's; users stream with the paged results control; security
 * descriptors are read and written with the SD flags control DACL only (MS-ADTS 3.1.1.3.4.1.11).
 */
import { WizardError } from '../../../shared/errors';
import { NameTable } from '../../../shared/sd';
import type { Directory } from '../../directory/directory';
import { guid as guidOf, text, texts } from '../../directory/entry';
import { escapeFilterValue } from '../../directory/escape';
import { SdFlags } from '../../directory/sd-flags-control';
import { readDomainModel, type DomainFacts, type DomainModel } from '../../domain/read-model';
import { readUsers } from '../../readiness/ldap-users';
import type { UserRecord } from '../../readiness/user-record';
import type { PermissionsDirectory } from './directory-port';

/** What the DC did not return, as an error the admin can act on. */
function unreadable(code: string, what: string): WizardError {
  return new WizardError(
    code,
    `${what} could not be read from the domain controller.`,
    'Check that the DC is an Active Directory domain controller and that the bind account may read the domain, its configuration and its schema (any domain user can by default).',
  );
}

const PAGE_SIZE = 500;

export class LdapPermissionsDirectory implements PermissionsDirectory {
  constructor(private readonly directory: Directory) {}

  readModel(account?: string): Promise<DomainModel> {
    return readDomainModel(this.directory, account !== undefined ? { account } : {});
  }

  async readSecurityDescriptor(dn: string): Promise<Uint8Array> {
    return this.directory.readSecurityDescriptor(dn, SdFlags.DACL);
  }

  async writeSecurityDescriptor(dn: string, sd: Uint8Array): Promise<void> {
    await this.directory.write(dn, [{ attribute: 'nTSecurityDescriptor', values: [sd] }], {
      sdFlags: SdFlags.DACL,
    });
  }

  private readonly classGuids = new Map<string, string>();

  async readClassGuid(dn: string): Promise<string> {
    const classes = texts(await this.directory.read(dn, ['objectClass']), 'objectClass');
    const structural = classes.at(-1);
    if (!structural) throw unreadable('object-class-unreadable', `The objectClass of ${dn}`);
    let guid = this.classGuids.get(structural.toLowerCase());
    if (!guid) {
      const schemaDn = text(await this.directory.rootDse(), 'schemaNamingContext') ?? '';
      let id: string | undefined;
      for await (const entry of this.directory.search(schemaDn, {
        scope: 'one',
        filter: `(&(objectClass=classSchema)(lDAPDisplayName=${escapeFilterValue(structural)}))`,
        attributes: ['schemaIDGUID'],
      }))
        id ??= guidOf(entry, 'schemaIDGUID');
      if (!id) throw unreadable('class-unreadable', `The class ${structural} in the schema`);
      guid = id;
      this.classGuids.set(structural.toLowerCase(), guid);
    }
    return guid;
  }

  searchUsers(base: string): AsyncIterable<UserRecord> {
    // The readiness scan's own pass: the same attributes, decoded the same way.
    return readUsers(this.directory, base, { pageSize: PAGE_SIZE });
  }

  names(domain: DomainFacts): NameTable {
    return new NameTable(domain.sid);
  }
}
