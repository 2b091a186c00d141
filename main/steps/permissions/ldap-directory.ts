/**
 * PermissionsDirectory over main/directory's Directory (connected and TLS-verified there).
 * Reads stream with the paged results control; security descriptors are read and written with
 * the SD flags control DACL only (MS-ADTS 3.1.1.3.4.1.11).
 */
import { WizardError } from '../../../shared/errors';
import { NameTable, parseGuid, parseSid, type AccessToken } from '../../../shared/sd';
import type { Directory, DirectoryEntry } from '../../directory/directory';
import { readToken, selectConnectorWithSid } from '../../directory/discover';
import { escapeFilterValue } from '../../directory/escape';
import { SdFlags } from '../../directory/sd-flags-control';
import type {
  ConnectorAccount,
  DomainFacts,
  PermissionsDirectory,
  SchemaFacts,
} from './directory-port';
import type { ContainerSecurityEntry, UserSecurityEntry } from './scan-users';

const text = (entry: DirectoryEntry | undefined, name: string): string | undefined =>
  entry?.values[name.toLowerCase()]?.[0];
const bytes = (entry: DirectoryEntry | undefined, name: string): Uint8Array | undefined =>
  entry?.bytes[name.toLowerCase()]?.[0];

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
  private domain?: DomainFacts;

  constructor(private readonly directory: Directory) {}

  private async namingContexts(): Promise<DirectoryEntry> {
    return this.directory.rootDse();
  }

  async readDomain(): Promise<DomainFacts> {
    if (this.domain) return this.domain;
    const root = await this.namingContexts();
    const dn = text(root, 'defaultNamingContext');
    const config = text(root, 'configurationNamingContext');
    if (!dn || !config) throw unreadable('naming-contexts-unreadable', 'The naming contexts');
    const sidBytes = bytes(await this.directory.read(dn, ['objectSid']), 'objectSid');
    if (!sidBytes) throw unreadable('domain-sid-unreadable', `The objectSid of ${dn}`);
    let netbios: string | undefined;
    for await (const entry of this.directory.search(`CN=Partitions,${config}`, {
      scope: 'one',
      filter: `(&(objectClass=crossRef)(nCName=${escapeFilterValue(dn)}))`,
      attributes: ['nETBIOSName'],
    }))
      netbios ??= text(entry, 'nETBIOSName');
    this.domain = { dn, netbios: netbios ?? dn, sid: parseSid(sidBytes) };
    return this.domain;
  }

  async readSchema(): Promise<SchemaFacts> {
    const schemaDn = text(await this.namingContexts(), 'schemaNamingContext');
    if (!schemaDn) throw unreadable('schema-unreadable', 'The schema naming context');
    const propertySets = new Map<string, string>();
    let userDefaultSddl: string | undefined;
    for await (const entry of this.directory.search(schemaDn, {
      scope: 'one',
      filter: '(|(lDAPDisplayName=lockoutTime)(lDAPDisplayName=pwdLastSet)(lDAPDisplayName=user))',
      attributes: [
        'lDAPDisplayName',
        'schemaIDGUID',
        'attributeSecurityGUID',
        'defaultSecurityDescriptor',
      ],
    })) {
      const name = text(entry, 'lDAPDisplayName');
      if (name === 'user') userDefaultSddl = text(entry, 'defaultSecurityDescriptor');
      const id = bytes(entry, 'schemaIDGUID');
      const set = bytes(entry, 'attributeSecurityGUID');
      if (id && set?.length === 16) propertySets.set(parseGuid(id), parseGuid(set));
    }
    return { propertySets, ...(userDefaultSddl ? { userDefaultSddl } : {}) };
  }

  resolveConnector(account?: string): Promise<ConnectorAccount> {
    // One way to pick the connector, shared with the wizard, assess and the readiness scan.
    return selectConnectorWithSid(this.directory, account);
  }

  readToken(dn: string): Promise<AccessToken> {
    return readToken(this.directory, dn);
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
    const classes = (await this.directory.read(dn, ['objectClass']))?.values['objectclass'] ?? [];
    const structural = classes.at(-1);
    if (!structural) throw unreadable('object-class-unreadable', `The objectClass of ${dn}`);
    let guid = this.classGuids.get(structural.toLowerCase());
    if (!guid) {
      const schemaDn = text(await this.namingContexts(), 'schemaNamingContext') ?? '';
      let id: Uint8Array | undefined;
      for await (const entry of this.directory.search(schemaDn, {
        scope: 'one',
        filter: `(&(objectClass=classSchema)(lDAPDisplayName=${escapeFilterValue(structural)}))`,
        attributes: ['schemaIDGUID'],
      }))
        id ??= bytes(entry, 'schemaIDGUID');
      if (!id) throw unreadable('class-unreadable', `The class ${structural} in the schema`);
      guid = parseGuid(id);
      this.classGuids.set(structural.toLowerCase(), guid);
    }
    return guid;
  }

  async *searchUsers(base: string): AsyncIterable<UserSecurityEntry> {
    for await (const entry of this.directory.search(base, {
      scope: 'sub',
      filter: '(&(objectCategory=person)(objectClass=user))',
      attributes: ['sAMAccountName', 'adminCount', 'objectSid', 'nTSecurityDescriptor'],
      sdFlags: SdFlags.DACL,
      pageSize: PAGE_SIZE,
    })) {
      const sd = bytes(entry, 'nTSecurityDescriptor');
      if (!sd) continue;
      const sid = bytes(entry, 'objectSid');
      yield {
        dn: entry.dn,
        sAMAccountName: text(entry, 'sAMAccountName') ?? entry.dn,
        adminCount: text(entry, 'adminCount') === '1',
        sd,
        ...(sid ? { objectSid: parseSid(sid) } : {}),
      };
    }
  }

  async *searchContainers(base: string): AsyncIterable<ContainerSecurityEntry> {
    for await (const entry of this.directory.search(base, {
      scope: 'sub',
      filter: '(|(objectClass=organizationalUnit)(objectClass=container)(objectClass=domainDNS))',
      attributes: ['nTSecurityDescriptor'],
      sdFlags: SdFlags.DACL,
      pageSize: PAGE_SIZE,
    })) {
      const sd = bytes(entry, 'nTSecurityDescriptor');
      if (sd) yield { dn: entry.dn, sd };
    }
  }

  names(domain: DomainFacts): NameTable {
    return new NameTable(domain.sid);
  }
}
