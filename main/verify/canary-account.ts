/**
 * The canary: a synchronized test account the admin names, read from AD, and the refusals that
 * keep the canary from ever touching an account that matters. Never a default (the admin must
 * name it), never a built-in account, never an administrator or a protected account (adminCount,
 * protected groups), never the AD DS connector, never a disabled account, never the signed-in
 * admin, and never a cloud user that is not this very AD account.
 */
import { field } from '../../shared/fields';
import { badInput } from '../../shared/errors';
import { printable, printableCollapsed } from '../../shared/text/printable';
import type { Directory } from '../directory/connect';
import type { DirectoryEntry } from '../directory/directory';
import { splitRid } from '../../shared/sd';
import { WELL_KNOWN_RIDS, WELL_KNOWN_SIDS } from '../../shared/sd/well-known';
import { sid as sidOf, sids, text } from '../directory/entry';
import { escapeFilterValue } from '../directory/escape';
import type { CloudUser } from '../entra/password-reset';
import { PROTECTED_BUILTIN, PROTECTED_DOMAIN_RIDS } from '../domain/protected-members';

export interface CanaryAccount {
  readonly dn: string;
  readonly sAMAccountName: string;
  readonly userPrincipalName: string;
  readonly objectSid: string;
  readonly pwdLastSet: string;
  readonly resultantPso?: string;
}

const accountDisabled = 0x2;
const attributes = [
  'sAMAccountName',
  'userPrincipalName',
  'objectSid',
  'objectClass',
  'userAccountControl',
  'adminCount',
  'pwdLastSet',
  'description',
  'msDS-ResultantPSO',
];

function refuse(
  upn: string,
  why: string,
  fix = `Name an ordinary, enabled, synchronized test account in ${field('canary')}.`,
) {
  return badInput(
    'verify-canary-refused',
    `The canary ${printableCollapsed(upn, 120)} is refused: ${why}`,
    fix,
  );
}

/** Reads the account named by its UPN and refuses anything that is not a safe canary. */
export async function readCanaryAccount(
  directory: Directory,
  baseDn: string,
  upn: string,
  connectorDn: string | undefined,
): Promise<CanaryAccount> {
  const byUpn = /^[^@\s]+@[^@\s]+$/.test(upn);
  const found = byUpn
    ? await usersWhere(directory, baseDn, 'userPrincipalName', upn)
    : await usersWhere(directory, baseDn, 'sAMAccountName', upn.replace(/^[^\\]*\\/, ''));
  if (found.length > 1) throw refuse(upn, 'several AD users have this userPrincipalName.');
  if (found.length === 0) {
    // A sign-in name AD accepts without the attribute (sAMAccountName@domain, the implicit UPN).
    const implicit = byUpn
      ? await usersWhere(directory, baseDn, 'sAMAccountName', upn.split('@')[0]!)
      : [];
    if (implicit.length === 1 && text(implicit[0]!, 'userPrincipalName') === undefined) {
      refuseBuiltIn(upn, implicit[0]!);
      throw noUpn(upn);
    }
    throw refuse(
      upn,
      byUpn
        ? 'no user in AD has this userPrincipalName.'
        : 'it is not a user principal name (name@domain), and no AD user has this sAMAccountName.',
    );
  }
  const entry = found[0]!;
  refuseBuiltIn(upn, entry);
  if (!byUpn) {
    const realUpn = text(entry, 'userPrincipalName');
    if (realUpn === undefined) throw noUpn(upn);
    throw refuse(
      upn,
      'it is a sAMAccountName: Entra ID finds a synchronized user by its user principal name.',
      `Give its user principal name: ${field('canary', printable(realUpn))}.`,
    );
  }
  const v = (name: string) => text(entry, name);
  const sid = sidOf(entry)!;
  const sam = v('sAMAccountName') ?? '';
  if (v('adminCount') === '1') {
    throw refuse(
      upn,
      'it has adminCount=1: an administrator or protected account (Microsoft does not support writeback for them, and a test must never reset one).',
    );
  }
  if ((Number(v('userAccountControl') ?? 0) & accountDisabled) !== 0) {
    throw refuse(
      upn,
      'it is disabled in AD: the reset would fail with event 33005 and prove nothing.',
      'Enable the test account, or name an enabled one.',
    );
  }
  if (
    /^MSOL_[0-9a-f]{12}$/i.test(sam) ||
    (connectorDn !== undefined && entry.dn.toLowerCase() === connectorDn.toLowerCase())
  ) {
    throw refuse(upn, 'it is the AD DS connector account Connect itself signs in with.');
  }
  await refuseProtectedMember(directory, entry.dn, sid, upn);
  const pso = v('msDS-ResultantPSO');
  return {
    dn: entry.dn,
    sAMAccountName: printableCollapsed(sam, 64),
    userPrincipalName: printableCollapsed(v('userPrincipalName') ?? upn, 200),
    objectSid: sid,
    pwdLastSet: v('pwdLastSet') ?? '0',
    ...(pso === undefined ? {} : { resultantPso: pso }),
  };
}

async function usersWhere(directory: Directory, baseDn: string, attribute: string, value: string) {
  const found: DirectoryEntry[] = [];
  for await (const entry of directory.search(baseDn, {
    filter: `(&(objectCategory=person)(objectClass=user)(${attribute}=${escapeFilterValue(value)}))`,
    attributes,
  })) {
    found.push(entry);
  }
  return found;
}

/** Administrator, Guest, krbtgt and the like (RID under 1000): never a canary, whatever else. */
function refuseBuiltIn(upn: string, entry: DirectoryEntry): void {
  const sid = sidOf(entry);
  if (sid === undefined) throw refuse(upn, 'it has no objectSid.');
  const rid = splitRid(sid)?.rid ?? NaN;
  if (rid < 1000) {
    const name = printable(text(entry, 'sAMAccountName') ?? upn);
    throw refuse(
      upn,
      `${name} is a built-in account of the domain (RID ${rid}), and a built-in account is never reset as a test: it exists in every domain and is often an administrator.`,
      `Create an ordinary test user, let Connect synchronize it, and name it in ${field('canary')}.`,
    );
  }
}

/** An account AD knows only by sAMAccountName: Entra ID cannot find it by UPN. */
const noUpn = (upn: string) =>
  refuse(
    upn,
    'the account has no userPrincipalName in AD, so the synchronized user in Entra ID cannot be found from it.',
    `Give the account a userPrincipalName, let Connect synchronize it, and name it by that UPN in ${field('canary')}; or name another test account.`,
  );

/** A member (even through nesting) of a protected group is a protected account: tokenGroups says so. */
async function refuseProtectedMember(directory: Directory, dn: string, sid: string, upn: string) {
  const domainSid = sid.split('-').slice(0, -1).join('-');
  const protectedSids = new Set([
    ...PROTECTED_BUILTIN,
    ...PROTECTED_DOMAIN_RIDS.map((rid) => `${domainSid}-${rid}`),
  ]);
  for await (const entry of directory.search(dn, { scope: 'base', attributes: ['tokenGroups'] })) {
    for (const groupSid of sids(entry, 'tokenGroups')) {
      if (protectedSids.has(groupSid))
        throw refuse(
          upn,
          `it is a member of ${protectedGroupName(groupSid)} (${groupSid}), a protected group: a protected account (Microsoft does not support writeback for them, and a test must never reset one).`,
        );
    }
  }
}

/** A protected group by its default name (Backup Operators, Domain Admins), as ADUC shows it. */
function protectedGroupName(groupSid: string): string {
  const rid = splitRid(groupSid)?.rid;
  return (
    WELL_KNOWN_SIDS.get(groupSid) ??
    (rid === undefined ? undefined : WELL_KNOWN_RIDS.get(rid)) ??
    'the group'
  );
}

/** The cloud side: the same account, synchronized, and not the admin who signed in. */
export function checkCloudUser(
  account: CanaryAccount,
  user: CloudUser,
  signedInId: string | undefined,
): void {
  const upn = account.userPrincipalName;
  if (!user.onPremisesSyncEnabled) {
    throw refuse(
      upn,
      'in Entra ID it is not synchronized from AD (onPremisesSyncEnabled is not true), so a reset is never written back.',
    );
  }
  if (user.onPremisesSecurityIdentifier?.toUpperCase() !== account.objectSid.toUpperCase()) {
    throw refuse(
      upn,
      `the Entra user's on-premises SID (${user.onPremisesSecurityIdentifier ?? 'none'}) is not the AD account's (${account.objectSid}).`,
      'Check which AD account this cloud user is synchronized from, and name that one.',
    );
  }
  if (signedInId !== undefined && user.id === signedInId) {
    throw refuse(
      upn,
      'it is the signed-in administrator (Graph cannot reset your own password this way).',
    );
  }
}
