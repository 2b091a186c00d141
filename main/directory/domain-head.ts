/**
 * The domain a DC serves as the Permissions step needs it: its DN, NetBIOS name and SID, the
 * property sets of the attributes writeback writes with the user class's default security
 * descriptor, and the schemaIDGUID of an object's structural class. What the DC does not return
 * is an error the admin can act on (the DC or the bind account), never a bare Error.
 */
import { ExitCode, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';
import type { Directory } from './directory';
import { escapeFilterValue } from './escape';
import { guid, sid, text, texts } from './entry';

export interface DomainHead {
  /** DC=contoso,DC=test */
  readonly dn: string;
  /** CONTOSO (the DN when the domain's crossRef gives no NetBIOS name). */
  readonly netbios: string;
  readonly sid: string;
}

export interface WritebackSchema {
  /** attribute schemaIDGUID → attributeSecurityGUID (its property set). */
  readonly propertySets: ReadonlyMap<string, string>;
  /** The user class's defaultSecurityDescriptor (SDDL): the explicit ACEs of every new user. */
  readonly userDefaultSddl?: string;
}

/** What the DC did not return, as an error the admin can act on. */
function unreadable(code: string, what: string): WizardError {
  return new WizardError(
    code,
    `${what} could not be read from the domain controller.`,
    `Check that ${field('dc')} is an Active Directory domain controller and that ${field('bindUser')} may read the domain, its configuration and its schema (any domain user can by default).`,
    ExitCode.failed,
  );
}

export async function readDomainHead(dir: Directory): Promise<DomainHead> {
  const root = await dir.rootDse();
  const dn = text(root, 'defaultNamingContext');
  const config = text(root, 'configurationNamingContext');
  if (!dn || !config) throw unreadable('naming-contexts-unreadable', 'The naming contexts');
  const domainSid = sid(await dir.read(dn, ['objectSid']));
  if (!domainSid) throw unreadable('domain-sid-unreadable', `The objectSid of ${dn}`);
  let netbios: string | undefined;
  for await (const entry of dir.search(`CN=Partitions,${config}`, {
    scope: 'one',
    filter: `(&(objectClass=crossRef)(nCName=${escapeFilterValue(dn)}))`,
    attributes: ['nETBIOSName'],
  }))
    netbios ??= text(entry, 'nETBIOSName');
  return { dn, netbios: netbios ?? dn, sid: domainSid };
}

async function schemaNamingContext(dir: Directory): Promise<string> {
  const schemaDn = text(await dir.rootDse(), 'schemaNamingContext');
  if (!schemaDn) throw unreadable('schema-unreadable', 'The schema naming context');
  return schemaDn;
}

/** The property sets of lockoutTime and pwdLastSet, and the user class's default SD. */
export async function readWritebackSchema(dir: Directory): Promise<WritebackSchema> {
  const propertySets = new Map<string, string>();
  let userDefaultSddl: string | undefined;
  for await (const entry of dir.search(await schemaNamingContext(dir), {
    scope: 'one',
    filter: '(|(lDAPDisplayName=lockoutTime)(lDAPDisplayName=pwdLastSet)(lDAPDisplayName=user))',
    attributes: [
      'lDAPDisplayName',
      'schemaIDGUID',
      'attributeSecurityGUID',
      'defaultSecurityDescriptor',
    ],
  })) {
    if (text(entry, 'lDAPDisplayName') === 'user')
      userDefaultSddl = text(entry, 'defaultSecurityDescriptor');
    const id = guid(entry, 'schemaIDGUID');
    const set = guid(entry, 'attributeSecurityGUID');
    if (id && set) propertySets.set(id, set);
  }
  return { propertySets, ...(userDefaultSddl ? { userDefaultSddl } : {}) };
}

/**
 * The schemaIDGUID of an object's structural class (its last objectClass value), each class
 * looked up once per cache.
 */
export async function readStructuralClassGuid(
  dir: Directory,
  dn: string,
  cache: Map<string, string>,
): Promise<string> {
  const structural = texts(await dir.read(dn, ['objectClass']), 'objectClass').at(-1);
  if (!structural) throw unreadable('object-class-unreadable', `The objectClass of ${dn}`);
  const cached = cache.get(structural.toLowerCase());
  if (cached) return cached;
  let id: string | undefined;
  for await (const entry of dir.search(await schemaNamingContext(dir), {
    scope: 'one',
    filter: `(&(objectClass=classSchema)(lDAPDisplayName=${escapeFilterValue(structural)}))`,
    attributes: ['schemaIDGUID'],
  }))
    id ??= guid(entry, 'schemaIDGUID');
  if (!id) throw unreadable('class-unreadable', `The class ${structural} in the schema`);
  cache.set(structural.toLowerCase(), id);
  return id;
}
