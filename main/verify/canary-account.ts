/**
 * The canary: a synchronized test account the admin names, read from AD, and the refusals that
 * keep the canary from ever touching an account that matters. Never a default (the admin must
 * name it), never a built-in account, never an administrator or a protected account (adminCount,
 * protected groups), never the AD DS connector, never a disabled account, never the signed-in
 * admin, and never a cloud user that is not this very AD account.
 */
import { field } from '../../shared/fields';
import { badInput } from '../../shared/errors';
import { printableCollapsed } from '../../shared/text/printable';
import type { Directory } from '../directory/connect';
import { splitRid } from '../../shared/sd';
import { sid as sidOf, sids, text } from '../directory/entry';
import { escapeFilterValue } from '../directory/escape';
import type { CloudUser } from '../entra/password-reset';
import { PROTECTED_BUILTIN, PROTECTED_DOMAIN_RIDS } from '../readiness/ad-context';

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
  fix = `Name an ordinary, enabled, synchronized test account as ${field('canary')}.`,
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
  if (!/^[^@\s]+@[^@\s]+$/.test(upn))
    throw refuse(upn, 'it is not a user principal name (name@domain).');
  const found = [];
  for await (const entry of directory.search(baseDn, {
    filter: `(&(objectCategory=person)(objectClass=user)(userPrincipalName=${escapeFilterValue(upn)}))`,
    attributes,
  })) {
    found.push(entry);
  }
  if (found.length !== 1) {
    throw refuse(
      upn,
      found.length === 0
        ? 'no user in AD has this userPrincipalName.'
        : 'several AD users have this userPrincipalName.',
    );
  }
  const entry = found[0]!;
  const v = (name: string) => text(entry, name);
  const sid = sidOf(entry);
  if (sid === undefined) throw refuse(upn, 'it has no objectSid.');
  const rid = splitRid(sid)?.rid ?? NaN;
  const sam = v('sAMAccountName') ?? '';
  if (rid < 1000) throw refuse(upn, `it is a built-in account (RID ${rid}).`);
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

/** A member (even through nesting) of a protected group is an admin: tokenGroups says so. */
async function refuseProtectedMember(directory: Directory, dn: string, sid: string, upn: string) {
  const domainSid = sid.split('-').slice(0, -1).join('-');
  const protectedSids = new Set([
    ...PROTECTED_BUILTIN,
    ...PROTECTED_DOMAIN_RIDS.map((rid) => `${domainSid}-${rid}`),
  ]);
  for await (const entry of directory.search(dn, { scope: 'base', attributes: ['tokenGroups'] })) {
    for (const groupSid of sids(entry, 'tokenGroups')) {
      if (protectedSids.has(groupSid))
        throw refuse(upn, `it is a member of a protected group (${groupSid}): an administrator.`);
    }
  }
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
