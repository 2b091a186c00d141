/**
 * The canary's account on Verify, judged in AD alone (verify.canaryAccount), against the lab DC
 * and with no sign-in to Entra ID: an ordinary user is accepted; a protected administrator
 * (adminCount), the AD DS connector and a disabled account are refused as
 * soon as they are typed, each with its reason.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanaryAccountView } from '../../shared/ipc';
import { dispatch } from '../../main/engine-api/dispatch';
import { EngineSession } from '../../main/engine-api/session';
import { readLab, type LabInfo } from './lab-env';
import { bindLab } from './oracle/sd-ldap';

const lab: LabInfo = readLab();
const session = new EngineSession({
  kind: 'dev-bridge',
  version: 'test',
  journalFolder: join(mkdtempSync(join(tmpdir(), 'wb-canary-account-')), 'journals'),
  openExternal: async () => undefined,
  saveFile: async () => undefined,
  emit: () => undefined,
});
let admin: Client;
let disabledDn: string;
let disabledUpn: string;
let backupDn: string;
let backupUpn: string;

async function judge(upn: string): Promise<CanaryAccountView> {
  const result = await dispatch(session, 'verify.canaryAccount', { upn });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as CanaryAccountView;
}

beforeAll(async () => {
  admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
  const tag = randomBytes(4).toString('hex');
  disabledUpn = `disabled-canary-${tag}@${lab.dnsDomain}`;
  disabledDn = `CN=Disabled Canary ${tag},${lab.scenarios.ous.users}`;
  await admin.add(disabledDn, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: `dis-canary-${tag}`,
    userPrincipalName: disabledUpn,
    userAccountControl: '514',
  } as never);
  // A member of Backup Operators that SDProp has not stamped yet (Samba has no SDProp): only its
  // group membership makes it protected.
  backupUpn = `backup-canary-${tag}@${lab.dnsDomain}`;
  backupDn = `CN=Backup Canary ${tag},${lab.scenarios.ous.users}`;
  await admin.add(backupDn, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: `bak-canary-${tag}`,
    userPrincipalName: backupUpn,
    // Enabled with no password yet (PASSWD_NOTREQD), as a fresh test account can be.
    userAccountControl: '544',
  } as never);
  await admin.modify(
    `CN=Backup Operators,CN=Builtin,${lab.baseDn}`,
    new Change({
      operation: 'add',
      modification: new Attribute({ type: 'member', values: [backupDn] }),
    }),
  );
  const connected = await dispatch(session, 'directory.connect', {
    url: lab.url,
    bindUser: lab.admin.userPrincipalName,
    password: lab.admin.password,
    caPem: lab.caPem,
  });
  expect(connected.ok).toBe(true);
  expect((await dispatch(session, 'directory.connectors', {})).ok).toBe(true);
});

afterAll(async () => {
  await session.disconnect();
  await admin?.del(disabledDn).catch(() => undefined);
  await admin?.del(backupDn).catch(() => undefined);
  await admin?.unbind().catch(() => undefined);
});

describe('the canary account, judged in AD before any Entra sign-in', () => {
  it('accepts an ordinary user and refuses the protected, connector and disabled ones with their reasons', async () => {
    expect(session.entra).toBeUndefined();
    const ordinary = lab.scenarios.ordinaryUsers[0]!;
    const accepted = await judge(ordinary.userPrincipalName);
    expect(accepted).toMatchObject({ accepted: true });
    expect((accepted as { dn: string }).dn.toLowerCase()).toBe(ordinary.dn.toLowerCase());

    const refused = async (upn: string) => {
      const view = await judge(upn);
      expect(view.accepted, upn).toBe(false);
      return view as Extract<CanaryAccountView, { accepted: false }>;
    };
    expect((await refused(lab.scenarios.protectedUser.userPrincipalName)).reason).toMatch(
      /adminCount=1/,
    );
    expect((await refused(lab.connector.userPrincipalName)).reason).toMatch(
      /AD DS connector account/,
    );
    const disabled = await refused(disabledUpn);
    expect(disabled.reason).toMatch(/disabled in AD/);
    expect(disabled.fix).toMatch(/Enable the test account/);
    expect(
      (await refused(`nobody-${randomBytes(3).toString('hex')}@${lab.dnsDomain}`)).reason,
    ).toMatch(/no user in AD has this userPrincipalName/);
    // The field is named as the app names it, never a command-line flag.
    expect((await refused(lab.scenarios.protectedUser.userPrincipalName)).fix).toContain(
      'Test account',
    );
  });

  it('refuses a member of Backup Operators as a protected account, naming the group', async () => {
    const view = await judge(backupUpn);
    expect(view.accepted).toBe(false);
    const { reason } = view as Extract<CanaryAccountView, { accepted: false }>;
    expect(reason).toContain('a member of Backup Operators (S-1-5-32-551), a protected group');
    expect(reason).toContain('a protected account');
    expect(reason).not.toMatch(/administrator/i);
  });
});
