/**
 * The domain read model: what every verdict and every step needs to know about the domain,
 * read once per run through main/directory and shared (docs/architecture.md, "The domain
 * model"). The domain (naming context, SID, NetBIOS name, functional level), the schema's
 * property sets and the user class's default ACEs, the connector account and its token, the
 * password policy (domain and PSOs), the protected accounts, and the containers' DACLs (deny
 * origins, inheritance breaks).
 */
import { ExitCode, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';
import { timed, type PhaseListener } from '../platform/phases';
import type { AccessToken } from '../../shared/sd';
import type { Directory, DirectoryEntry } from '../directory/directory';
import { readToken, selectConnectorWithSid, type ConnectorIdentity } from '../directory/discover';
import { sid, text } from '../directory/entry';
import { readWritebackSchema, type WritebackSchema } from '../directory/domain-head';
import { readForestDomains } from '../directory/forest-domains';
import { readContainers, type ContainerIndex } from './containers';
import { readDomainPasswordPolicy, type PasswordPolicy } from './password-policy';
import { readProtectedMembers } from './protected-members';

export interface DomainFacts {
  /** DC=contoso,DC=test */
  readonly dn: string;
  /** CONTOSO */
  readonly netbios: string;
  readonly sid: string;
}

/** The AD DS connector account, as every step and verdict names it (discover.ts finds it). */
export type ConnectorAccount = ConnectorIdentity;

/** The property sets of the attributes writeback writes, and the user class's default ACEs. */
export type SchemaFacts = WritebackSchema;

export interface DomainModel {
  readonly domain: DomainFacts;
  readonly schema: SchemaFacts;
  readonly connector: ConnectorAccount;
  /** The connector's token: its SID and tokenGroups, as the DC builds it. */
  readonly token: AccessToken;
  readonly policy: PasswordPolicy;
  /** DN (lower case) of each protected account (adminCount=1 and protected) → why. */
  readonly protectedMembers: ReadonlyMap<string, string>;
  readonly containers: ContainerIndex;
}

export interface ReadModelOptions {
  /** The connector account as the admin named it; default: the only enabled MSOL_ account. */
  readonly account?: string;
  /** The domain's naming context; default: the DC's defaultNamingContext. */
  readonly baseDn?: string;
  readonly signal?: AbortSignal;
  /** Told how long each part of the read took (the bench's breakdown). */
  readonly onPhase?: PhaseListener;
}

function unreadable(code: string, what: string): WizardError {
  return new WizardError(
    code,
    `${what} could not be read from the domain controller.`,
    `Check that ${field('dc')} is an Active Directory domain controller and that the bind account may read the domain, its configuration and its schema (any domain user can by default).`,
    ExitCode.connect,
  );
}

interface Head {
  readonly facts: DomainFacts;
  readonly entry: DirectoryEntry;
  readonly schemaDn: string;
}

async function readHead(directory: Directory, baseDn: string | undefined): Promise<Head> {
  const root = await directory.rootDse();
  const dn = baseDn ?? text(root, 'defaultNamingContext');
  const config = text(root, 'configurationNamingContext');
  const schemaDn = text(root, 'schemaNamingContext');
  if (!dn || !config || !schemaDn)
    throw unreadable('naming-contexts-unreadable', 'The naming contexts');
  const entry = await directory.read(dn, [
    'objectSid',
    'minPwdAge',
    'lockoutDuration',
    'msDS-Behavior-Version',
  ]);
  const domainSid = sid(entry);
  if (!entry || !domainSid)
    throw unreadable('domain-unreadable', `The domain head ${dn} (its objectSid)`);
  // The NetBIOS name from the domain's crossRef, read the one way main/directory reads them.
  const forest = await readForestDomains(directory);
  const netbios = forest.domains.find((d) => d.dn.toLowerCase() === dn.toLowerCase())?.netbiosName;
  const facts = { dn, netbios: netbios ?? dn, sid: domainSid };
  return { facts, entry, schemaDn };
}

/** Reads the model in a few small searches and one pass over the containers. */
export async function readDomainModel(
  directory: Directory,
  options: ReadModelOptions = {},
): Promise<DomainModel> {
  const phase = <T>(name: string, work: () => Promise<T>): Promise<T> =>
    timed(options.onPhase, `read model: ${name}`, work);
  const { facts, entry } = await phase('domain head', () => readHead(directory, options.baseDn));
  const connector = await phase('connector', () =>
    selectConnectorWithSid(directory, options.account),
  );
  const token = await phase('token', () => readToken(directory, connector.dn));
  const schema = await phase('schema', () => readWritebackSchema(directory));
  const policy = await phase('password policy', () =>
    readDomainPasswordPolicy(
      directory,
      facts.dn,
      {
        minPwdAge: text(entry, 'minPwdAge'),
        lockoutDuration: text(entry, 'lockoutDuration'),
        functionalLevel: Number(text(entry, 'msDS-Behavior-Version') ?? 0),
      },
      options.signal,
    ),
  );
  const protectedMembers = await phase('protected accounts', () =>
    readProtectedMembers(directory, facts.dn, facts.sid),
  );
  const containers = await phase('containers', () =>
    readContainers(directory, facts.dn, options.signal),
  );
  return { domain: facts, schema, connector, token, policy, protectedMembers, containers };
}

/** AdminSDHolder of a domain: the DACL SDProp stamps on protected accounts. */
export function adminSdHolderDn(domainDn: string): string {
  return `CN=AdminSDHolder,CN=System,${domainDn}`;
}
