/**
 * PermissionsDirectory over an ldapts client bound by the caller (TLS verified by whoever
 * connected it). Reads stream with the paged results control; security descriptors are read
 * and written with the SD flags control DACL only (MS-ADTS 3.1.1.3.4.1.11).
 */
import { Attribute, Change, type Client } from 'ldapts';
import { NameTable, parseGuid, parseSid, type AccessToken } from '../../../shared/sd';
import { directoryOver } from '../../directory/directory';
import { readToken, selectConnectorWithSid } from '../../directory/discover';
import { escapeFilterValue } from '../../directory/escape';
import { SdFlags, SdFlagsControl } from '../../directory/sd-flags-control';
import type {
  ConnectorAccount,
  DomainFacts,
  PermissionsDirectory,
  SchemaFacts,
} from './directory-port';
import type { ContainerSecurityEntry, UserSecurityEntry } from './scan-users';

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
const bytes = (value: unknown): Uint8Array | undefined => {
  const item = first(value);
  return item instanceof Buffer ? new Uint8Array(item) : undefined;
};
const text = (value: unknown): string | undefined => {
  const item = first(value);
  return item === undefined
    ? undefined
    : Buffer.isBuffer(item)
      ? item.toString('utf8')
      : String(item);
};

const PAGE = { pageSize: 500 };

export class LdapPermissionsDirectory implements PermissionsDirectory {
  private domain?: DomainFacts;

  constructor(private readonly client: Client) {}

  async readDomain(): Promise<DomainFacts> {
    if (this.domain) return this.domain;
    const root = await this.client.search('', {
      scope: 'base',
      attributes: ['defaultNamingContext', 'configurationNamingContext'],
    });
    const dn = text(root.searchEntries[0]?.['defaultNamingContext']);
    const config = text(root.searchEntries[0]?.['configurationNamingContext']);
    if (!dn || !config) throw new Error('The server did not return its naming contexts');
    const head = await this.client.search(dn, {
      scope: 'base',
      attributes: ['objectSid'],
      explicitBufferAttributes: ['objectSid'],
    });
    const sidBytes = bytes(head.searchEntries[0]?.['objectSid']);
    if (!sidBytes) throw new Error(`No objectSid on ${dn}`);
    const partitions = await this.client.search(`CN=Partitions,${config}`, {
      scope: 'one',
      filter: `(&(objectClass=crossRef)(nCName=${escapeFilterValue(dn)}))`,
      attributes: ['nETBIOSName'],
    });
    const netbios = text(partitions.searchEntries[0]?.['nETBIOSName']) ?? dn;
    this.domain = { dn, netbios, sid: parseSid(sidBytes) };
    return this.domain;
  }

  async readSchema(): Promise<SchemaFacts> {
    const root = await this.client.search('', {
      scope: 'base',
      attributes: ['schemaNamingContext'],
    });
    const schemaDn = text(root.searchEntries[0]?.['schemaNamingContext']);
    if (!schemaDn) throw new Error('The server did not return its schema naming context');
    const { searchEntries } = await this.client.search(schemaDn, {
      scope: 'one',
      filter: '(|(lDAPDisplayName=lockoutTime)(lDAPDisplayName=pwdLastSet)(lDAPDisplayName=user))',
      attributes: [
        'lDAPDisplayName',
        'schemaIDGUID',
        'attributeSecurityGUID',
        'defaultSecurityDescriptor',
      ],
      explicitBufferAttributes: ['schemaIDGUID', 'attributeSecurityGUID'],
    });
    const propertySets = new Map<string, string>();
    let userDefaultSddl: string | undefined;
    for (const entry of searchEntries) {
      const name = text(entry['lDAPDisplayName']);
      if (name === 'user') userDefaultSddl = text(entry['defaultSecurityDescriptor']);
      const id = bytes(entry['schemaIDGUID']);
      const set = bytes(entry['attributeSecurityGUID']);
      if (id && set?.length === 16) propertySets.set(parseGuid(id), parseGuid(set));
    }
    return { propertySets, ...(userDefaultSddl ? { userDefaultSddl } : {}) };
  }

  resolveConnector(account?: string): Promise<ConnectorAccount> {
    // One way to pick the connector, shared with the wizard, assess and the readiness scan.
    return selectConnectorWithSid(this.client, account);
  }

  readToken(dn: string): Promise<AccessToken> {
    return readToken(directoryOver(this.client), dn);
  }

  async readSecurityDescriptor(dn: string): Promise<Uint8Array> {
    const { searchEntries } = await this.client.search(
      dn,
      {
        scope: 'base',
        attributes: ['nTSecurityDescriptor'],
        explicitBufferAttributes: ['nTSecurityDescriptor'],
      },
      new SdFlagsControl(SdFlags.DACL),
    );
    const sd = bytes(searchEntries[0]?.['nTSecurityDescriptor']);
    if (!sd) throw new Error(`No nTSecurityDescriptor could be read on ${dn}`);
    return sd;
  }

  async writeSecurityDescriptor(dn: string, sd: Uint8Array): Promise<void> {
    await this.client.modify(
      dn,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'nTSecurityDescriptor', values: [Buffer.from(sd)] }),
      }),
      new SdFlagsControl(SdFlags.DACL),
    );
  }

  private readonly classGuids = new Map<string, string>();

  async readClassGuid(dn: string): Promise<string> {
    const { searchEntries } = await this.client.search(dn, {
      scope: 'base',
      attributes: ['objectClass'],
    });
    const classes = searchEntries[0]?.['objectClass'];
    const list = (Array.isArray(classes) ? classes : [classes]).map(String);
    const structural = list.at(-1);
    if (!structural) throw new Error(`No objectClass on ${dn}`);
    let guid = this.classGuids.get(structural.toLowerCase());
    if (!guid) {
      const root = await this.client.search('', {
        scope: 'base',
        attributes: ['schemaNamingContext'],
      });
      const schemaDn = text(root.searchEntries[0]?.['schemaNamingContext']);
      const found = await this.client.search(schemaDn ?? '', {
        scope: 'one',
        filter: `(&(objectClass=classSchema)(lDAPDisplayName=${escapeFilterValue(structural)}))`,
        attributes: ['schemaIDGUID'],
        explicitBufferAttributes: ['schemaIDGUID'],
      });
      const id = bytes(found.searchEntries[0]?.['schemaIDGUID']);
      if (!id) throw new Error(`The class ${structural} is not in the schema`);
      guid = parseGuid(id);
      this.classGuids.set(structural.toLowerCase(), guid);
    }
    return guid;
  }

  async *searchUsers(base: string): AsyncIterable<UserSecurityEntry> {
    const pages = this.client.searchPaginated(
      base,
      {
        scope: 'sub',
        filter: '(&(objectCategory=person)(objectClass=user))',
        attributes: ['sAMAccountName', 'adminCount', 'objectSid', 'nTSecurityDescriptor'],
        explicitBufferAttributes: ['nTSecurityDescriptor', 'objectSid'],
        paged: PAGE,
      },
      new SdFlagsControl(SdFlags.DACL),
    );
    for await (const page of pages) {
      for (const entry of page.searchEntries) {
        const sd = bytes(entry['nTSecurityDescriptor']);
        if (!sd) continue;
        const sid = bytes(entry['objectSid']);
        yield {
          dn: entry.dn,
          sAMAccountName: text(entry['sAMAccountName']) ?? entry.dn,
          adminCount: text(entry['adminCount']) === '1',
          sd,
          ...(sid ? { objectSid: parseSid(sid) } : {}),
        };
      }
    }
  }

  async *searchContainers(base: string): AsyncIterable<ContainerSecurityEntry> {
    const pages = this.client.searchPaginated(
      base,
      {
        scope: 'sub',
        filter: '(|(objectClass=organizationalUnit)(objectClass=container)(objectClass=domainDNS))',
        attributes: ['nTSecurityDescriptor'],
        explicitBufferAttributes: ['nTSecurityDescriptor'],
        paged: PAGE,
      },
      new SdFlagsControl(SdFlags.DACL),
    );
    for await (const page of pages) {
      for (const entry of page.searchEntries) {
        const sd = bytes(entry['nTSecurityDescriptor']);
        if (sd) yield { dn: entry.dn, sd };
      }
    }
  }

  names(domain: DomainFacts): NameTable {
    return new NameTable(domain.sid);
  }
}
