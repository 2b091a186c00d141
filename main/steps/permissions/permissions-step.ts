/**
 * The Permissions step (docs/product.md, "The wizard", page 6): inspect the connector's effective writeback rights
 * per domain root or chosen OU, list who writeback will still fail for, and plan only what is
 * missing as security-descriptor operations.
 */
import { badInput } from '../../../shared/errors';
import { fromSddl, NameTable, parseSecurityDescriptor, type AccessToken } from '../../../shared/sd';
import type { Directory } from '../../directory/directory';
import {
  readToken,
  selectConnectorWithSid,
  type ConnectorIdentity as ConnectorAccount,
} from '../../directory/discover';
import {
  readDomainHead,
  readStructuralClassGuid,
  readWritebackSchema,
  type DomainHead as DomainFacts,
} from '../../directory/domain-head';
import { SdFlags } from '../../directory/sd-flags-control';
import { isPredictable, parentDn, propagateDown, type AncestorDacl } from './inheritance';
import { containersOf, usersOf } from './security-entries';
import { evaluateWritebackRights, type RightStatus } from './evaluate-rights';
import { fromBase64, type PermissionsChange } from './operation';
import {
  evaluateAdminSdHolder,
  planAdminSdHolderGrant,
  planEnableInheritance,
  planRootGrants,
  type Grantee,
} from './plan-grants';
import {
  findDenyCarriers,
  scanUsers,
  type DenyCarrier,
  type UserFinding,
  type UserSecurityEntry,
} from './scan-users';
import { field } from '../../../shared/fields';

export interface PermissionsOptions {
  /** --scope <dn>, repeatable: grant on these OUs instead of the domain root. */
  readonly scopes?: readonly string[];
  /** --account: the AD DS connector account; default: the only enabled MSOL_ account. */
  readonly account?: string;
  /** --include-adminsdholder (opt-in; Microsoft: not recommended). */
  readonly includeAdminSdHolder?: boolean;
  /** --enable-inheritance <dn>|all: a separate operation per user. */
  readonly enableInheritance?: readonly string[] | 'all';
  /** Progress of the user scan (count so far). */
  readonly onProgress?: (usersScanned: number) => void;
}

export interface ScopeInspection {
  readonly dn: string;
  readonly rights: readonly RightStatus[];
}

export interface PermissionsInspection {
  readonly domain: DomainFacts;
  readonly connector: ConnectorAccount;
  readonly scopes: readonly ScopeInspection[];
  readonly adminSdHolder: { readonly dn: string; readonly rights: readonly RightStatus[] };
  readonly usersScanned: number;
  readonly protectedAccounts: readonly UserFinding[];
  readonly inheritanceDisabled: readonly UserFinding[];
  readonly denied: readonly UserFinding[];
  /** Containers whose explicit Deny ACEs reach user objects, per right. */
  readonly denyCarriers: readonly DenyCarrier[];
}

interface Context {
  readonly dir: Directory;
  readonly domain: DomainFacts;
  readonly connector: ConnectorAccount;
  readonly token: AccessToken;
  readonly names: NameTable;
  readonly schema: ReadonlyMap<string, string>;
  readonly userDefaultSddl?: string;
  readonly grantee: Grantee;
  /** Structural class → schemaIDGUID, looked up once per class. */
  readonly classGuids: Map<string, string>;
}

const within = (dn: string, base: string): boolean =>
  dn.toLowerCase() === base.toLowerCase() || dn.toLowerCase().endsWith(',' + base.toLowerCase());

async function context(dir: Directory, options: PermissionsOptions): Promise<Context> {
  const domain = await readDomainHead(dir);
  const connector = await selectConnectorWithSid(dir, options.account);
  const token = await readToken(dir, connector.dn);
  const facts = await readWritebackSchema(dir);
  const names = new NameTable(domain.sid);
  const dsaclsName = `${domain.netbios}\\${connector.sAMAccountName}`;
  names.addPrincipal(connector.sid, dsaclsName);
  const schema = new Map([...names.propertySets(), ...facts.propertySets]);
  for (const scope of options.scopes ?? []) {
    if (!within(scope, domain.dn))
      throw badInput(
        'scope-outside-domain',
        `${field('scope', scope)} is not inside the domain ${domain.dn}`,
        `Give the DN of an OU in ${domain.dn}, or leave ${field('scope')} out to grant on the domain root.`,
      );
  }
  const scopes = options.scopes ?? [];
  for (const outer of scopes) {
    const inner = scopes.find((dn) => dn !== outer && within(dn, outer));
    if (inner)
      throw badInput(
        'scope-nested',
        `${field('scope', inner)} is inside ${field('scope', outer)}: the grant on ${outer} already reaches its users`,
        `Keep only ${field('scope', outer)}.`,
      );
  }
  return {
    dir,
    domain,
    connector,
    token,
    names,
    schema,
    ...(facts.userDefaultSddl ? { userDefaultSddl: facts.userDefaultSddl } : {}),
    grantee: { sid: connector.sid, dsaclsName, displayName: dsaclsName },
    classGuids: new Map(),
  };
}

function adminSdHolderDn(domain: DomainFacts): string {
  return `CN=AdminSDHolder,CN=System,${domain.dn}`;
}

/** A DACL as the step reads every one: the SD flags control asking for the DACL only. */
const readDacl = (dir: Directory, dn: string): Promise<Uint8Array> =>
  dir.readSecurityDescriptor(dn, SdFlags.DACL);

type SdReader = (dn: string) => Promise<Uint8Array>;

/** The connector's rights where the grant goes (each scope) and on AdminSDHolder. */
async function inspectRights(
  ctx: Context,
  options: PermissionsOptions,
  read: SdReader,
): Promise<Pick<PermissionsInspection, 'scopes' | 'adminSdHolder'>> {
  const domainRootSd = await read(ctx.domain.dn);
  const userDefaultSd = ctx.userDefaultSddl ? fromSddl(ctx.userDefaultSddl, ctx.domain.sid) : null;
  const scopeDns = options.scopes?.length ? options.scopes : [ctx.domain.dn];
  const scopes: ScopeInspection[] = [];
  for (const dn of scopeDns) {
    scopes.push({
      dn,
      rights: evaluateWritebackRights({
        token: ctx.token,
        scopeDn: dn,
        scopeSd: await read(dn),
        domainRootDn: ctx.domain.dn,
        domainRootSd,
        userDefaultSd,
        schema: ctx.schema,
        resolver: ctx.names,
      }),
    });
  }
  const holderDn = adminSdHolderDn(ctx.domain);
  const holderRights = evaluateAdminSdHolder({
    adminSdHolderDn: holderDn,
    adminSdHolderSd: await read(holderDn),
    token: ctx.token,
    grantee: ctx.grantee,
    schema: ctx.schema,
    resolver: ctx.names,
  });
  return { scopes, adminSdHolder: { dn: holderDn, rights: holderRights } };
}

/**
 * Read-only and cheap (a few security descriptors, no user scan): the connector's writeback
 * rights on each scope, for `writeback assess`, whose own scan judges every user.
 */
export async function inspectConnectorRights(
  dir: Directory,
  options: PermissionsOptions = {},
): Promise<{ readonly scopes: readonly ScopeInspection[]; readonly grantee: Grantee }> {
  const ctx = await context(dir, options);
  const { scopes } = await inspectRights(ctx, options, (dn) => readDacl(dir, dn));
  return { scopes, grantee: ctx.grantee };
}

async function inspectWith(
  ctx: Context,
  options: PermissionsOptions,
): Promise<{ inspection: PermissionsInspection; sds: Map<string, Uint8Array> }> {
  const sds = new Map<string, Uint8Array>();
  const read = async (dn: string): Promise<Uint8Array> => {
    const key = dn.toLowerCase();
    let sd = sds.get(key);
    if (!sd) sds.set(key, (sd = await readDacl(ctx.dir, dn)));
    return sd;
  };
  const { scopes, adminSdHolder } = await inspectRights(ctx, options, read);
  const scopeDns = scopes.map((scope) => scope.dn);

  const scanContext = { token: ctx.token, schema: ctx.schema, resolver: ctx.names };
  const carriers = [];
  const protectedAccounts: UserFinding[] = [];
  const inheritanceDisabled: UserFinding[] = [];
  const denied: UserFinding[] = [];
  let usersScanned = 0;
  for (const scopeDn of scopeDns) {
    const scopeCarriers = [];
    for await (const carrier of findDenyCarriers(containersOf(ctx.dir, scopeDn), {
      ...scanContext,
      scopeDn,
    }))
      scopeCarriers.push(carrier);
    carriers.push(...scopeCarriers);
    const counted = async function* (users: AsyncIterable<UserSecurityEntry>) {
      for await (const user of users) {
        usersScanned++;
        if (usersScanned % 10000 === 0) options.onProgress?.(usersScanned);
        yield user;
      }
    };
    for await (const finding of scanUsers(
      counted(usersOf(ctx.dir, scopeDn)),
      { ...scanContext, scopeDn },
      scopeCarriers,
    )) {
      if (finding.kind === 'protected-account') protectedAccounts.push(finding);
      else if (finding.kind === 'inheritance-disabled') inheritanceDisabled.push(finding);
      else denied.push(finding);
    }
  }
  options.onProgress?.(usersScanned);
  return {
    inspection: {
      domain: ctx.domain,
      connector: ctx.connector,
      scopes,
      adminSdHolder,
      usersScanned,
      protectedAccounts,
      inheritanceDisabled,
      denied,
      denyCarriers: carriers.map(({ dn, right, ace }) => ({ dn, right, ace })),
    },
    sds,
  };
}

/** Everything plan needs, read once by inspect (plan itself reads nothing). */
export interface PermissionsState {
  readonly inspection: PermissionsInspection;
  /** Lower-cased DN → nTSecurityDescriptor (DACL) bytes, as read. */
  readonly descriptors: ReadonlyMap<string, Uint8Array>;
  /** The users named by --enable-inheritance (or all with inheritance disabled). */
  readonly enableInheritance: readonly {
    dn: string;
    sd: Uint8Array;
    /** From the domain root down to the user's parent. */
    ancestors: readonly AncestorDacl[];
    adminCount: boolean;
  }[];
  /**
   * Users asked for whose parent carries CREATOR OWNER/GROUP inheritable ACEs: the DC's result
   * cannot be predicted byte for byte, so no operation is planned; dsacls /P:N does it by hand.
   */
  readonly enableInheritanceByHand: readonly string[];
  readonly token: AccessToken;
  readonly schema: ReadonlyMap<string, string>;
  readonly names: NameTable;
  readonly grantee: Grantee;
}

/** Read-only: the connector's rights, who writeback will still fail for, and what plan needs. */
export async function inspectPermissionsState(
  dir: Directory,
  options: PermissionsOptions = {},
): Promise<PermissionsState> {
  const ctx = await context(dir, options);
  const { inspection, sds } = await inspectWith(ctx, options);
  const wanted = options.enableInheritance;
  const enableInheritance: PermissionsState['enableInheritance'][number][] = [];
  const unpredictable: string[] = [];
  if (wanted) {
    const dns =
      wanted === 'all' ? inspection.inheritanceDisabled.map((f) => f.dn) : [...new Set(wanted)];
    const protectedDns = new Set(inspection.protectedAccounts.map((f) => f.dn.toLowerCase()));
    for (const dn of dns) {
      if (!within(dn, ctx.domain.dn))
        throw badInput(
          'enable-inheritance-outside-domain',
          `${field('enableInheritance', dn)} is not inside the domain ${ctx.domain.dn}`,
          'Give the DN of a user in this domain, or all.',
        );
      const ancestors: AncestorDacl[] = [];
      for (let at = parentDn(dn); at && within(at, ctx.domain.dn); at = parentDn(at)) {
        ancestors.unshift({
          dn: at,
          sd: await readDacl(ctx.dir, at),
          classGuid: await readStructuralClassGuid(ctx.dir, at, ctx.classGuids),
        });
        if (at.toLowerCase() === ctx.domain.dn.toLowerCase()) break;
      }
      if (ancestors.some((a) => !isPredictable(parseSecurityDescriptor(a.sd).dacl))) {
        unpredictable.push(dn);
        continue;
      }
      enableInheritance.push({
        dn,
        sd: await readDacl(ctx.dir, dn),
        ancestors,
        adminCount: protectedDns.has(dn.toLowerCase()),
      });
    }
  }
  return {
    inspection,
    descriptors: sds,
    enableInheritance,
    enableInheritanceByHand: unpredictable,
    token: ctx.token,
    schema: ctx.schema,
    names: ctx.names,
    grantee: ctx.grantee,
  };
}

/** Read-only: the connector's rights and who writeback will still fail for. */
export async function inspectPermissions(
  dir: Directory,
  options: PermissionsOptions = {},
): Promise<PermissionsInspection> {
  return (await inspectPermissionsState(dir, options)).inspection;
}

/**
 * The changes that bring the connector's rights to what writeback needs, computed from the
 * state inspect read; empty when nothing is missing. Opt-ins only when asked.
 */
export function planPermissionChanges(
  state: PermissionsState,
  options: PermissionsOptions = {},
): PermissionsChange[] {
  const { inspection } = state;
  const domain = inspection.domain;
  const sdOf = (dn: string): Uint8Array => {
    const sd = state.descriptors.get(dn.toLowerCase());
    if (!sd) throw new Error(`Internal: the permissions of ${dn} were not read by inspect`);
    return sd;
  };
  const changes: PermissionsChange[] = [];
  const common = { resolver: state.names, domainSid: domain.sid };
  for (const [index, scope] of inspection.scopes.entries()) {
    changes.push(
      ...planRootGrants({
        scopeDn: scope.dn,
        scopeSd: sdOf(scope.dn),
        domainRootDn: domain.dn,
        domainRootSd: sdOf(domain.dn),
        // Unexpire Password (domain root) is planned once, with the first scope.
        statuses:
          index === 0 ? scope.rights : scope.rights.filter((s) => s.right.on !== 'domain-root'),
        grantee: state.grantee,
        ...common,
      }),
    );
  }
  if (options.includeAdminSdHolder) {
    const change = planAdminSdHolderGrant({
      adminSdHolderDn: inspection.adminSdHolder.dn,
      adminSdHolderSd: sdOf(inspection.adminSdHolder.dn),
      token: state.token,
      grantee: state.grantee,
      schema: state.schema,
      ...common,
    });
    if (change) changes.push(change);
  }
  // Users re-inheriting get what their ancestors will hold after this plan's grants.
  const plannedAfter = new Map(
    changes.map((change) => [change.target.toLowerCase(), fromBase64(change.after.sdBase64)]),
  );
  for (const user of state.enableInheritance) {
    const change = planEnableInheritance({
      userDn: user.dn,
      userSd: user.sd,
      parentDacl: propagateDown(
        user.ancestors.map((a) => {
          const planned = plannedAfter.get(a.dn.toLowerCase());
          return planned ? { ...a, sd: planned } : a;
        }),
      ),
      adminCount: user.adminCount,
      ...common,
    });
    if (change) changes.push(change);
  }
  return changes;
}

/** Inspect then plan, in one call. */
export async function planPermissions(
  dir: Directory,
  options: PermissionsOptions = {},
): Promise<{ state: PermissionsState; changes: PermissionsChange[] }> {
  const state = await inspectPermissionsState(dir, options);
  return { state, changes: planPermissionChanges(state, options) };
}
