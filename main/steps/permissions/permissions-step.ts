/**
 * The Permissions step (docs/product.md, "The wizard", page 6): inspect the connector's effective
 * writeback rights per domain root or chosen OU, plan only what is missing as
 * security-descriptor operations, and say who writeback will still fail for once the plan is
 * applied: the one verdict engine (main/readiness) projected onto the plan's DACLs.
 */
import type { Blocker } from '../../../shared/checks';
import { badInput } from '../../../shared/errors';
import { field } from '../../../shared/fields';
import { fromSddl, NameTable, type AccessToken } from '../../../shared/sd';
import type { ContainerIndex } from '../../domain/containers';
import { isWithin } from '../../domain/dn';
import { adminSdHolderDn, type DomainModel } from '../../domain/read-model';
import { verdictContext } from '../../readiness/verdict-context';
import type { Directory } from '../../directory/directory';
import { SdFlags } from '../../directory/sd-flags-control';
import { readDomainModel, type ConnectorAccount, type DomainFacts } from '../../domain/read-model';
import { readUsers } from '../../readiness/ldap-users';
import { scanStreams } from '../../readiness/scan-streams';
import { evaluateWritebackRights, type RightStatus } from './evaluate-rights';
import { planInheritance } from './plan-inheritance';
import type { PermissionsChange } from './operation';
import {
  evaluateAdminSdHolder,
  planAdminSdHolderGrant,
  planRootGrants,
  type Grantee,
} from './plan-grants';
import { afterPlanJudge } from '../../readiness/after-plan';
import { afterImages, scanStillFailing } from './still-failing';

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
  /** The domain model when the caller has read it already (read once per run). */
  readonly model?: DomainModel;
  /** Connections the user scan is split across; default: by the domain's size (scan-streams.ts). */
  readonly streams?: number;
  /** The DC's address, when known: one on this computer gets one stream by default. */
  readonly dc?: string;
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
  /**
   * Users writeback will still fail for once this plan is applied, with the verdict engine's
   * access reasons (the same words as `writeback assess`).
   */
  readonly stillFailing: readonly Blocker[];
}

/** Users per page in the step's scan (smaller pages keep the first verdicts coming). */
const USER_PAGE_SIZE = 500;

interface Context {
  readonly dir: Directory;
  readonly model: DomainModel;
  readonly domain: DomainFacts;
  readonly token: AccessToken;
  readonly names: NameTable;
  readonly schema: ReadonlyMap<string, string>;
  readonly grantee: Grantee;
}

/** Whether a grant on `outer` reaches `inner`'s users: no inheritance break on the way. */
function grantReaches(containers: ContainerIndex, outer: string, inner: string): boolean {
  if (containers.get(inner)?.inheritanceDisabled) return false;
  return containers.inheritanceBreakBetween(inner, outer) === undefined;
}

function checkScopes(scopes: readonly string[], model: DomainModel): void {
  const domain = model.domain;
  for (const scope of scopes) {
    if (!isWithin(scope, domain.dn))
      throw badInput(
        'scope-outside-domain',
        `${field('scope', scope)} is not inside the domain ${domain.dn}`,
        `Give the DN of an OU in ${domain.dn}, or leave ${field('scope')} out to grant on the domain root.`,
      );
  }
  for (const outer of scopes) {
    const inner = scopes.find(
      (dn) => dn !== outer && isWithin(dn, outer) && grantReaches(model.containers, outer, dn),
    );
    if (inner)
      throw badInput(
        'scope-nested',
        `${field('scope', inner)} is inside ${field('scope', outer)}: the grant on ${outer} already reaches its users`,
        `Keep only ${field('scope', outer)}.`,
      );
  }
}

async function context(dir: Directory, options: PermissionsOptions): Promise<Context> {
  const model =
    options.model ??
    (await readDomainModel(dir, options.account !== undefined ? { account: options.account } : {}));
  const { domain, connector } = model;
  const names = new NameTable(domain.sid);
  const dsaclsName = `${domain.netbios}\\${connector.sAMAccountName}`;
  names.addPrincipal(connector.sid, dsaclsName);
  checkScopes(options.scopes ?? [], model);
  return {
    dir,
    model,
    domain,
    token: model.token,
    names,
    schema: new Map([...names.propertySets(), ...model.schema.propertySets]),
    grantee: { sid: connector.sid, dsaclsName, displayName: dsaclsName },
  };
}

type SdReader = (dn: string) => Promise<Uint8Array>;

/** The connector's rights where the grant goes (each scope) and on AdminSDHolder. */
async function inspectRights(
  ctx: Context,
  options: PermissionsOptions,
  read: SdReader,
): Promise<Pick<PermissionsInspection, 'scopes' | 'adminSdHolder'>> {
  const domainRootSd = await read(ctx.domain.dn);
  const userDefaultSddl = ctx.model.schema.userDefaultSddl;
  const userDefaultSd = userDefaultSddl ? fromSddl(userDefaultSddl, ctx.domain.sid) : null;
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
  const holderDn = adminSdHolderDn(ctx.domain.dn);
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
  const { scopes } = await inspectRights(ctx, options, (dn) =>
    dir.readSecurityDescriptor(dn, SdFlags.DACL),
  );
  return { scopes, grantee: ctx.grantee };
}

/** The grants on each scope (and AdminSDHolder when asked): they depend on no user. */
function planGrants(
  ctx: Context,
  rights: Pick<PermissionsInspection, 'scopes' | 'adminSdHolder'>,
  sdOf: (dn: string) => Uint8Array,
  options: PermissionsOptions,
): PermissionsChange[] {
  const changes: PermissionsChange[] = [];
  const common = { resolver: ctx.names, domainSid: ctx.domain.sid };
  for (const [index, scope] of rights.scopes.entries()) {
    changes.push(
      ...planRootGrants({
        scopeDn: scope.dn,
        scopeSd: sdOf(scope.dn),
        domainRootDn: ctx.domain.dn,
        domainRootSd: sdOf(ctx.domain.dn),
        // Unexpire Password (domain root) is planned once, with the first scope.
        statuses:
          index === 0 ? scope.rights : scope.rights.filter((s) => s.right.on !== 'domain-root'),
        grantee: ctx.grantee,
        ...common,
      }),
    );
  }
  if (options.includeAdminSdHolder) {
    const change = planAdminSdHolderGrant({
      adminSdHolderDn: rights.adminSdHolder.dn,
      adminSdHolderSd: sdOf(rights.adminSdHolder.dn),
      token: ctx.token,
      grantee: ctx.grantee,
      schema: ctx.schema,
      ...common,
    });
    if (change) changes.push(change);
  }
  return changes;
}

/** Everything plan needs, read once by inspect (plan itself reads nothing). */
export interface PermissionsState {
  readonly inspection: PermissionsInspection;
  /** The changes this inspection's options call for, in plan order. */
  readonly changes: readonly PermissionsChange[];
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

/** Read-only: the connector's rights, what to change, and who writeback will still fail for. */
export async function inspectPermissionsState(
  dir: Directory,
  options: PermissionsOptions = {},
): Promise<PermissionsState> {
  const ctx = await context(dir, options);
  const sds = new Map<string, Uint8Array>();
  const read = async (dn: string): Promise<Uint8Array> => {
    const key = dn.toLowerCase();
    let sd = sds.get(key);
    if (!sd) sds.set(key, (sd = await ctx.dir.readSecurityDescriptor(dn, SdFlags.DACL)));
    return sd;
  };
  const rights = await inspectRights(ctx, options, read);
  const sdOf = (dn: string): Uint8Array => {
    const sd = sds.get(dn.toLowerCase());
    if (!sd) throw new Error(`Internal: the permissions of ${dn} were not read by inspect`);
    return sd;
  };
  const grants = planGrants(ctx, rights, sdOf, options);
  const scopeDns = rights.scopes.map((scope) => scope.dn);
  const verdict = verdictContext(ctx.model, { grantScopes: scopeDns, resolver: ctx.names });
  const judge = afterPlanJudge(ctx.model, afterImages(grants));
  const streams = await scanStreams(ctx.dir, ctx.domain.dn, options.streams, options.dc);
  const scans = [];
  for (const scopeDn of scopeDns)
    scans.push(
      await scanStillFailing(
        readUsers(ctx.dir, scopeDn, { pageSize: USER_PAGE_SIZE, streams }),
        verdict,
        judge,
        options.onProgress,
      ),
    );
  const usersScanned = scans.reduce((sum, scan) => sum + scan.usersScanned, 0);
  options.onProgress?.(usersScanned);
  const inheritance = await planInheritance({
    dir: ctx.dir,
    classGuids: new Map(),
    domain: ctx.domain,
    model: ctx.model,
    wanted: options.enableInheritance,
    candidates: scans.flatMap((scan) => scan.inheritanceCandidates),
    stillFailing: scans.flatMap((scan) => scan.stillFailing),
    grants,
    verdict,
    names: ctx.names,
  });
  return {
    inspection: {
      domain: ctx.domain,
      connector: ctx.model.connector,
      ...rights,
      usersScanned,
      stillFailing: inheritance.stillFailing,
    },
    changes: [...grants, ...inheritance.changes],
    enableInheritanceByHand: inheritance.byHand,
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
 * The changes that bring the connector's rights to what writeback needs, computed by inspect
 * from what it read with the same options; empty when nothing is missing. Opt-ins only when asked.
 */
export function planPermissionChanges(state: PermissionsState): PermissionsChange[] {
  return [...state.changes];
}

/** Inspect then plan, in one call. */
export async function planPermissions(
  dir: Directory,
  options: PermissionsOptions = {},
): Promise<{ state: PermissionsState; changes: PermissionsChange[] }> {
  const state = await inspectPermissionsState(dir, options);
  return { state, changes: planPermissionChanges(state) };
}
