/**
 * Turns what is missing into security-descriptor operations: the connector's ACEs added in
 * canonical order (explicit deny, explicit allow, inherited; MS-DTYP 2.4.5) to the DACL read
 * from the directory, everything else kept byte for byte.
 */
import {
  addAce,
  diffDacl,
  evaluateAccess,
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  setDaclProtected,
  SdControl,
  toSddl,
  withDacl,
  WritebackGuid,
  type AccessToken,
  type Ace,
  type Acl,
  type NameResolver,
  type PropertySetMap,
  type SecurityDescriptor,
} from '../../../shared/sd';
import { dsaclsEnableInheritance, dsaclsGrant } from './dsacls';
import { inheritingDacl } from '../../domain/inheritance';
import type { RightStatus } from './evaluate-rights';
import {
  fingerprintOf,
  toBase64,
  toRowView,
  type SecurityDescriptorImage,
  type PermissionsChange,
} from './operation';
import {
  grantSddl,
  PROTECTED_ACCOUNT_RIGHTS,
  type WritebackRight,
} from '../../domain/writeback-rights';

export interface Grantee {
  readonly sid: string;
  /** `CONTOSO\MSOL_…`: how dsacls names the account. */
  readonly dsaclsName: string;
  /** How the summary names it (sAMAccountName). */
  readonly displayName: string;
}

function image(
  sd: SecurityDescriptor,
  bytes: Uint8Array,
  domainSid?: string,
): SecurityDescriptorImage {
  return {
    sdBase64: toBase64(bytes),
    sddl: toSddl(sd, domainSid),
    inheritance: sd.control & SdControl.daclProtected ? 'disabled' : 'enabled',
  };
}

function aceFrom(sddl: string): Ace {
  const ace = fromSddl(`D:${sddl}`).dacl?.aces[0];
  if (!ace) throw new Error(`Internal: the ACE ${sddl} did not parse`);
  return ace;
}

interface OperationParts {
  readonly target: string;
  readonly beforeBytes: Uint8Array;
  readonly after: SecurityDescriptor;
  readonly summary: string;
  readonly optIn: boolean;
  readonly commands: readonly string[];
  readonly resolver?: NameResolver;
  readonly domainSid?: string;
}

function operation(parts: OperationParts): PermissionsChange {
  const before = parseSecurityDescriptor(parts.beforeBytes);
  const afterBytes = serializeSecurityDescriptor(parts.after);
  const diff = diffDacl(before.dacl, parts.after.dacl, parts.resolver, WritebackGuid.userClass);
  const beforeImage = image(before, parts.beforeBytes, parts.domainSid);
  const afterImage = image(parts.after, afterBytes, parts.domainSid);
  return {
    kind: 'security-descriptor',
    step: 'permissions',
    target: parts.target,
    summary: parts.summary,
    optIn: parts.optIn,
    before: beforeImage,
    after: afterImage,
    diff: {
      added: diff.added.map(toRowView),
      removed: diff.removed.map(toRowView),
      ...(beforeImage.inheritance !== afterImage.inheritance
        ? { inheritance: `Inheritance: ${beforeImage.inheritance} → ${afterImage.inheritance}` }
        : {}),
    },
    commands: parts.commands,
    sdFlags: 4,
    fingerprint: fingerprintOf(parts.beforeBytes),
  };
}

function addGrants(
  sdBytes: Uint8Array,
  rights: readonly WritebackRight[],
  grantee: Grantee,
  form: 'descendant-users' | 'this-object',
): SecurityDescriptor {
  const sd = parseSecurityDescriptor(sdBytes);
  let dacl = sd.dacl ?? { revision: 4, aces: [] };
  for (const right of rights) dacl = addAce(dacl, aceFrom(grantSddl(right, grantee.sid, form)));
  return withDacl(sd, dacl);
}

const labels = (rights: readonly WritebackRight[]): string =>
  rights.map((right) => right.label).join(', ');

export interface RootGrantInput {
  readonly scopeDn: string;
  readonly scopeSd: Uint8Array;
  readonly domainRootDn: string;
  readonly domainRootSd: Uint8Array;
  readonly statuses: readonly RightStatus[];
  readonly grantee: Grantee;
  readonly resolver?: NameResolver;
  readonly domainSid?: string;
}

/**
 * Only what is missing and can be fixed by an Allow: rights held are left alone; a right
 * decided by a Deny ACE is not planned (an Allow after it changes nothing; the inspection
 * names the Deny). When the scope is the domain root, one operation carries every ACE.
 */
export function planRootGrants(input: RootGrantInput): PermissionsChange[] {
  const missing = input.statuses.filter((s) => !s.held && s.decidingAce === undefined);
  const descendant = missing.filter((s) => s.right.on === 'descendant-users').map((s) => s.right);
  const onRoot = missing.filter((s) => s.right.on === 'domain-root').map((s) => s.right);
  const who = input.grantee.displayName;
  const sameObject = input.scopeDn.toLowerCase() === input.domainRootDn.toLowerCase();
  const operations: PermissionsChange[] = [];
  const commandsFor = (
    dn: string,
    rights: readonly WritebackRight[],
    form: 'descendant-users' | 'this-object',
  ) => rights.map((right) => dsaclsGrant(dn, input.grantee.dsaclsName, right, form));

  if (sameObject && (descendant.length > 0 || onRoot.length > 0)) {
    let sd = addGrants(input.scopeSd, descendant, input.grantee, 'descendant-users');
    let dacl = sd.dacl!;
    for (const right of onRoot)
      dacl = addAce(dacl, aceFrom(grantSddl(right, input.grantee.sid, 'this-object')));
    sd = withDacl(sd, dacl);
    const parts = [
      descendant.length > 0 ? `${labels(descendant)} on descendant User objects` : '',
      onRoot.length > 0 ? `${labels(onRoot)} on the domain root` : '',
    ].filter(Boolean);
    operations.push(
      operation({
        target: input.scopeDn,
        beforeBytes: input.scopeSd,
        after: sd,
        summary: `Grant ${who}: ${parts.join('; ')}`,
        optIn: false,
        commands: [
          ...commandsFor(input.scopeDn, descendant, 'descendant-users'),
          ...commandsFor(input.domainRootDn, onRoot, 'this-object'),
        ],
        resolver: input.resolver,
        domainSid: input.domainSid,
      }),
    );
    return operations;
  }
  if (descendant.length > 0) {
    operations.push(
      operation({
        target: input.scopeDn,
        beforeBytes: input.scopeSd,
        after: addGrants(input.scopeSd, descendant, input.grantee, 'descendant-users'),
        summary: `Grant ${who}: ${labels(descendant)} on descendant User objects of ${input.scopeDn}`,
        optIn: false,
        commands: commandsFor(input.scopeDn, descendant, 'descendant-users'),
        resolver: input.resolver,
        domainSid: input.domainSid,
      }),
    );
  }
  if (onRoot.length > 0) {
    operations.push(
      operation({
        target: input.domainRootDn,
        beforeBytes: input.domainRootSd,
        after: addGrants(input.domainRootSd, onRoot, input.grantee, 'this-object'),
        summary: `Grant ${who}: ${labels(onRoot)} on the domain root`,
        optIn: false,
        commands: commandsFor(input.domainRootDn, onRoot, 'this-object'),
        resolver: input.resolver,
        domainSid: input.domainSid,
      }),
    );
  }
  return operations;
}

export interface AdminSdHolderInput {
  readonly adminSdHolderDn: string;
  readonly adminSdHolderSd: Uint8Array;
  readonly token: AccessToken;
  readonly grantee: Grantee;
  readonly schema?: PropertySetMap;
  readonly resolver?: NameResolver;
  readonly domainSid?: string;
}

/** What AdminSDHolder's DACL (stamped on protected users by SDProp) gives the connector. */
export function evaluateAdminSdHolder(input: AdminSdHolderInput): RightStatus[] {
  return PROTECTED_ACCOUNT_RIGHTS.map((right) => {
    const verdict = evaluateAccess({
      token: input.token,
      sd: input.adminSdHolderSd,
      objectClassGuid: WritebackGuid.userClass,
      schema: input.schema,
      resolver: input.resolver,
      request: right.request,
    });
    const row = verdict.decidedBy?.row;
    return {
      right,
      held: verdict.granted,
      ...(row ? { decidingAce: row, decidedOn: input.adminSdHolderDn } : {}),
      explanation: `${right.label} on protected accounts (AdminSDHolder): ${verdict.granted ? 'held' : 'not held'}. ${verdict.reason}`,
    };
  });
}

/**
 * Opt-in (--include-adminsdholder): the grant on AdminSDHolder, which SDProp copies to every
 * protected account within the hour. Microsoft makes this opt-in and calls it "not recommended".
 */
export function planAdminSdHolderGrant(input: AdminSdHolderInput): PermissionsChange | undefined {
  const missing = evaluateAdminSdHolder(input)
    .filter((s) => !s.held && s.decidingAce === undefined)
    .map((s) => s.right);
  if (missing.length === 0) return undefined;
  return operation({
    target: input.adminSdHolderDn,
    beforeBytes: input.adminSdHolderSd,
    after: addGrants(input.adminSdHolderSd, missing, input.grantee, 'this-object'),
    summary: `Grant ${input.grantee.displayName}: ${labels(missing)} on AdminSDHolder (opt-in; Microsoft: not recommended): SDProp copies it to protected accounts within 60 minutes`,
    optIn: true,
    commands: missing.map((right) =>
      dsaclsGrant(input.adminSdHolderDn, input.grantee.dsaclsName, right, 'this-object'),
    ),
    resolver: input.resolver,
    domainSid: input.domainSid,
  });
}

/**
 * Opt-in (--enable-inheritance): clears "protected" on one user so it receives the
 * permissions granted above it. The after-image is what the DC will hold: the user's explicit
 * ACEs followed by what it inherits from its parent (inheritance.ts), so the engine's read-back
 * and rollback's "changed again since" compare exact bytes.
 */
export function planEnableInheritance(input: {
  readonly userDn: string;
  readonly userSd: Uint8Array;
  /** The parent's DACL as it will be when this operation runs (propagateDown). */
  readonly parentDacl: Acl | null;
  readonly adminCount?: boolean;
  readonly resolver?: NameResolver;
  readonly domainSid?: string;
}): PermissionsChange | undefined {
  const sd = parseSecurityDescriptor(input.userSd);
  if (!(sd.control & SdControl.daclProtected)) return undefined;
  const after = withDacl(
    setDaclProtected(sd, false),
    inheritingDacl(sd.dacl, input.parentDacl, WritebackGuid.userClass),
  );
  const stale = input.adminCount
    ? ' (adminCount=1: SDProp disables it again within 60 minutes unless the account is no longer in a protected group and adminCount is cleared)'
    : '';
  return operation({
    target: input.userDn,
    beforeBytes: input.userSd,
    after,
    summary: `Enable inheritance on ${input.userDn} so it receives the writeback permissions granted above it${stale}`,
    optIn: true,
    commands: [dsaclsEnableInheritance(input.userDn)],
    resolver: input.resolver,
    domainSid: input.domainSid,
  });
}
