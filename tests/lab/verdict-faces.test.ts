/**
 * One verdict engine, two faces: the Permissions step's "who it will still fail for" (the
 * verdicts projected onto the DACLs its plan writes) equals, user for user, what `writeback
 * assess` reports once that plan is written, and the DC agrees with both (the connector tries
 * writeback's writes). In an OU of its own: an ordinary user, a user with inheritance disabled,
 * an OU with inheritance disabled and a user in it, an OU denying the connector Reset password
 * and a user in it, a protected account (adminCount=1, Domain Admins, AdminSDHolder's DACL) and
 * a stale adminCount. Then the OU with inheritance disabled as a scope beside the first: accepted
 * (not "already reaches its users"), and its user is reached. Everything is deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../main/directory/connect';
import { assessDirectoryReadiness } from '../../main/readiness/ad-assess-provider';
import { ACCESS_REASON_CODES } from '../../main/readiness/reasons';
import { inspectPermissionsState, planPermissionChanges } from '../../main/steps/permissions';
import { SdFlags } from '../../main/directory/sd-flags-control';
import { fromBase64 } from '../../main/steps/permissions/operation';
import { cliWords } from '../../main/cli/words';
import type { Blocker } from '../../shared/checks';
import { isWizardError } from '../../shared/errors';
import { wordFields } from '../../shared/fields';
import {
  addAce,
  AceFlag,
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  setDaclProtected,
  withDacl,
  WritebackGuid,
} from '../../shared/sd';
import { readLab } from './lab-env';
import { rightsOf } from './oracle/connector-tries';
import { bindLab, readDacl, writeDacl } from './oracle/sd-ldap';
import { adminDirectory, testObjectsInOu, type TestObjects } from './oracle/test-objects';

const lab = readLab();
const tag = randomBytes(3).toString('hex');
const ou = `OU=Verdict-Faces-${tag},${lab.baseDn}`;
const lockedOu = `OU=Locked,${ou}`;
const denyingOu = `OU=Denying,${ou}`;
const dn = (cn: string, parent = ou): string => `CN=${cn},${parent}`;

let admin: Client;
let connector: Client;
let directory: Directory;
let objects: TestObjects;

/** ADUC's "disable inheritance, convert inherited permissions into explicit". */
async function disableInheritance(target: string): Promise<void> {
  const sd = parseSecurityDescriptor(new Uint8Array(await readDacl(admin, target)));
  const aces = (sd.dacl?.aces ?? []).map((ace) => ({
    ...ace,
    flags: ace.flags & ~AceFlag.inherited,
  }));
  const next = setDaclProtected(withDacl(sd, { ...sd.dacl!, aces }), true);
  await writeDacl(admin, target, serializeSecurityDescriptor(next));
}

const addMember = (group: string, member: string): Promise<void> =>
  objects.addMember(group, member);

beforeAll(async () => {
  admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
  connector = await bindLab(lab, lab.connector.dn, lab.connector.password);
  directory = await adminDirectory(lab);
  objects = await testObjectsInOu(admin, lab.baseDn, ou);
  await objects.add(lockedOu, { objectClass: ['top', 'organizationalUnit'] });
  await disableInheritance(lockedOu);
  await objects.add(denyingOu, { objectClass: ['top', 'organizationalUnit'] });
  const deny = fromSddl(
    `D:(OD;CIIO;CR;${WritebackGuid.resetPassword};${WritebackGuid.userClass};${lab.connector.sid})`,
  ).dacl!.aces[0]!;
  const denying = parseSecurityDescriptor(new Uint8Array(await readDacl(admin, denyingOu)));
  await writeDacl(
    admin,
    denyingOu,
    serializeSecurityDescriptor(withDacl(denying, addAce(denying.dacl!, deny))),
  );
  const user = (cn: string, parent = ou, extra = {}) =>
    objects.user(parent, cn, `${cn}-${tag}`, extra);
  await user('ordinary');
  await user('locked-in', lockedOu);
  await user('denied', denyingOu);
  await user('no-inherit');
  await disableInheritance(dn('no-inherit'));
  // A protected account as SDProp leaves it: adminCount=1, AdminSDHolder's DACL, protected.
  await user('prot', ou, { adminCount: '1' });
  await addMember(`CN=Domain Admins,CN=Users,${lab.baseDn}`, dn('prot'));
  const holderSd = parseSecurityDescriptor(
    new Uint8Array(await readDacl(admin, `CN=AdminSDHolder,CN=System,${lab.baseDn}`)),
  );
  const holder = serializeSecurityDescriptor(setDaclProtected(holderSd, true));
  await writeDacl(admin, dn('prot'), holder);
  // A former admin: adminCount=1 and the stamped DACL left behind, in no protected group.
  await user('former', ou, { adminCount: '1' });
  await writeDacl(admin, dn('former'), holder);
}, 120_000);

afterAll(async () => {
  await objects?.removeAll();
  await admin?.unbind();
  await connector?.unbind();
  await directory?.close();
});

const byUser = (blockers: readonly Blocker[]): Map<string, string[]> =>
  new Map(
    blockers
      .map((b): [string, string[]] => [
        b.dn.toLowerCase(),
        b.reasons.map((r) => r.code).filter((code) => ACCESS_REASON_CODES.has(code)),
      ])
      .filter(([, codes]) => codes.length > 0),
  );

async function writeChanges(changes: readonly { target: string; after: { sdBase64: string } }[]) {
  for (const change of changes)
    await directory.write(
      change.target,
      [{ attribute: 'nTSecurityDescriptor', values: [fromBase64(change.after.sdBase64)] }],
      { sdFlags: SdFlags.DACL },
    );
}

describe('one verdict engine: the Permissions step and assess agree user for user', () => {
  it(
    "the step's 'still fails after the plan' is what assess says once the plan is written, and the DC agrees",
    { timeout: 300_000 },
    async () => {
      const account = lab.connector.sAMAccountName;
      const dir = directory;
      const state = await inspectPermissionsState(dir, { scopes: [ou], account });
      const projected = byUser(state.inspection.stillFailing);
      expect(Object.fromEntries(projected)).toEqual({
        [dn('locked-in', lockedOu).toLowerCase()]: ['inheritance-disabled-above'],
        [dn('denied', denyingOu).toLowerCase()]: ['deny-ace'],
        [dn('no-inherit').toLowerCase()]: ['inheritance-disabled'],
        [dn('prot').toLowerCase()]: ['protected-account'],
        [dn('former').toLowerCase()]: ['stale-admin-count-inheritance'],
      });
      const locked = state.inspection.stillFailing.find((b) => b.dn === dn('locked-in', lockedOu));
      expect(locked!.reasons[0]!.message).toContain(`Inheritance is disabled on ${lockedOu}`);
      expect(wordFields(locked!.reasons[0]!.fix, cliWords)).toContain(
        `--scope "${ou}" --scope "${lockedOu}"`,
      );

      const changes = planPermissionChanges(state);
      expect(changes.map((c) => c.target)).toEqual([ou]);
      await writeChanges(changes);

      const assessed = await assessDirectoryReadiness(directory, { scopes: [ou], account });
      expect(byUser(assessed.blockers)).toEqual(projected);
      // The DC: the connector may make writeback's writes exactly on the users not listed.
      const users = ['ordinary', 'no-inherit', 'prot', 'former']
        .map((cn) => dn(cn))
        .concat([dn('locked-in', lockedOu), dn('denied', denyingOu)]);
      for (const user of users) {
        const rights = await rightsOf(connector, user);
        const allowed = rights.reset && rights.lockoutTime && rights.pwdLastSet;
        expect([user, allowed]).toEqual([user, !projected.has(user.toLowerCase())]);
      }
    },
  );

  it(
    'a scope on the OU with inheritance disabled, beside the first, is accepted and reaches its user',
    { timeout: 300_000 },
    async () => {
      const account = lab.connector.sAMAccountName;
      const dir = directory;
      const state = await inspectPermissionsState(dir, { scopes: [ou, lockedOu], account });
      expect(state.inspection.stillFailing.map((b) => b.dn)).not.toContain(
        dn('locked-in', lockedOu),
      );
      const changes = planPermissionChanges(state);
      expect(changes.map((c) => c.target)).toContain(lockedOu);
      await writeChanges(changes.filter((c) => c.target === lockedOu));
      expect(await rightsOf(connector, dn('locked-in', lockedOu))).toEqual({
        reset: true,
        lockoutTime: true,
        pwdLastSet: true,
      });
      // An OU that inherits from the first scope is still refused beside it: the grant reaches it.
      const nested = await inspectPermissionsState(dir, { scopes: [ou, denyingOu], account }).catch(
        (e: unknown) => e,
      );
      expect(isWizardError(nested) && nested.code).toBe('scope-nested');
    },
  );
});
