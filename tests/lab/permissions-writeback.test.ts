import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, InsufficientAccessError, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWizardError } from '../../shared/errors';
import {
  addAce,
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  setDaclProtected,
  withDacl,
} from '../../shared/sd';
import { planFormatVersion, type Plan } from '../../shared/plan';
import { securityDescriptorAdapter } from '../../main/plan/adapters/security-descriptor-adapter';
import { applyPlan } from '../../main/plan/apply';
import { readPlanFile, writePlanFile } from '../../main/plan/plan-file';
import { rollbackRun } from '../../main/plan/rollback';
import {
  createPermissionsStep,
  LdapPermissionsDirectory,
  type PermissionsOptions,
} from '../../main/steps/permissions';
import { readLab, type LabAccount, type LabInfo } from './lab-env';
import { bindLab, SD_DACL, SdFlagsControl } from './oracle/sd-ldap';

/**
 * The Permissions step's proof on the lab DC (issue 6, "Done when", permissions half):
 * before, the connector cannot reset an ordinary user's password nor write its lockoutTime
 * and pwdLastSet; plan → apply (the plan engine with the security-descriptor adapter) → the
 * DC allows them, while protected, inheritance-disabled and restricted (denied) users are still
 * refused; plan again is empty; rollback puts the domain root's DACL back byte for byte.
 * A target changed between plan and apply makes apply exit 4 having written nothing (on an OU
 * this test creates). The domain root's DACL is restored in afterAll whatever happens.
 *
 * Passwords changed: scenarios.ordinaryUsers[1] only (never ordinaryUsers[0]).
 */
type Right = 'reset' | 'lockoutTime' | 'pwdLastSet';

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

async function readDacl(client: Client, dn: string): Promise<Buffer> {
  const { searchEntries } = await client.search(
    dn,
    {
      scope: 'base',
      attributes: ['nTSecurityDescriptor'],
      explicitBufferAttributes: ['nTSecurityDescriptor'],
    },
    new SdFlagsControl(SD_DACL),
  );
  const sd = first(searchEntries[0]?.['nTSecurityDescriptor']);
  if (!(sd instanceof Buffer)) throw new Error(`No nTSecurityDescriptor on ${dn}`);
  return sd;
}

async function writeDacl(client: Client, dn: string, sd: Uint8Array): Promise<void> {
  await client.modify(
    dn,
    new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'nTSecurityDescriptor', values: [Buffer.from(sd)] }),
    }),
    new SdFlagsControl(SD_DACL),
  );
}

/** Puts the domain root's DACL back on a fresh connection, retrying, and verifies it. */
async function restoreRootDacl(lab: LabInfo, original: Buffer): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 10; attempt++) {
    let client: Client | undefined;
    try {
      client = await bindLab(lab, lab.admin.dn, lab.admin.password);
      if (!(await readDacl(client, lab.baseDn)).equals(original))
        await writeDacl(client, lab.baseDn, original);
      if ((await readDacl(client, lab.baseDn)).equals(original)) return;
      lastError = new Error('the DACL read back differs from the original');
    } catch (error) {
      lastError = error;
    } finally {
      await client?.unbind().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(
    `The domain root DACL was NOT restored to its original bytes: ${String(lastError)}`,
  );
}

const strongPassword = (): string => `Wb-${randomBytes(18).toString('base64url')}-9aZ!`;

/** What the DC does when the connector tries: true = done, false = insufficientAccessRights. */
async function tryAsConnector(connector: Client, user: LabAccount, right: Right): Promise<boolean> {
  const modification =
    right === 'reset'
      ? new Attribute({
          type: 'unicodePwd',
          values: [Buffer.from(`"${strongPassword()}"`, 'utf16le')],
        })
      : right === 'lockoutTime'
        ? new Attribute({ type: 'lockoutTime', values: ['0'] })
        : new Attribute({ type: 'pwdLastSet', values: ['-1'] });
  try {
    await connector.modify(user.dn, new Change({ operation: 'replace', modification }));
    return true;
  } catch (error) {
    if (error instanceof InsufficientAccessError) return false;
    throw new Error(
      `${right} on ${user.sAMAccountName} failed for another reason than access: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
}

async function rightsOf(connector: Client, user: LabAccount): Promise<Record<Right, boolean>> {
  return {
    reset: await tryAsConnector(connector, user, 'reset'),
    lockoutTime: await tryAsConnector(connector, user, 'lockoutTime'),
    pwdLastSet: await tryAsConnector(connector, user, 'pwdLastSet'),
  };
}

describe('Permissions step on the lab DC', () => {
  let lab: LabInfo;
  let admin: Client;
  let connector: Client;
  let originalRootDacl: Buffer | undefined;
  let rootMayHaveChanged = false;
  let workDir: string;
  let testOu: string | undefined;

  beforeAll(async () => {
    lab = readLab();
    admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
    connector = await bindLab(lab, lab.connector.dn, lab.connector.password);
    originalRootDacl = await readDacl(admin, lab.baseDn);
    workDir = mkdtempSync(join(tmpdir(), 'wb-permissions-'));
  });

  afterAll(async () => {
    await connector?.unbind().catch(() => undefined);
    if (testOu) await admin?.del(testOu).catch(() => undefined);
    await admin?.unbind().catch(() => undefined);
    if (rootMayHaveChanged && originalRootDacl) await restoreRootDacl(lab, originalRootDacl);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  async function makePlan(options: PermissionsOptions): Promise<Plan> {
    const step = createPermissionsStep(new LdapPermissionsDirectory(admin));
    const inspection = await step.inspect({ account: lab.connector.sAMAccountName, ...options });
    const { operations, notes } = step.plan(inspection, options);
    return {
      formatVersion: planFormatVersion,
      createdAt: new Date().toISOString(),
      source: { dc: lab.url, baseDn: lab.baseDn },
      steps: ['permissions'],
      operations: [...operations],
      notes: [...notes],
    };
  }

  const adapters = () => ({ 'security-descriptor': securityDescriptorAdapter(admin) });

  it(
    'a target changed between plan and apply: exit 4, nothing written',
    { timeout: 300_000 },
    async () => {
      testOu = `OU=t-perm-${randomBytes(4).toString('hex')},${lab.baseDn}`;
      await admin.add(testOu, { objectClass: ['top', 'organizationalUnit'] });
      const plan = await makePlan({ scopes: [testOu] });
      expect(plan.operations.map((op) => op.target)).toEqual([testOu]);
      // Someone edits the OU's permissions after the plan was made.
      const ouBefore = await readDacl(admin, testOu);
      const drifted = Buffer.from(ouBefore);
      const sd = parseSecurityDescriptor(new Uint8Array(drifted));
      const extra = fromSddl(`D:(A;;RC;;;${lab.scenarios.psoGroup.sid})`).dacl!.aces[0]!;
      await writeDacl(
        admin,
        testOu,
        serializeSecurityDescriptor(withDacl(sd, addAce(sd.dacl!, extra))),
      );
      const changed = await readDacl(admin, testOu);
      expect(changed.equals(ouBefore)).toBe(false);

      const planFile = join(workDir, 'drift-plan.json');
      await writePlanFile(planFile, plan);
      const error = await applyPlan(await readPlanFile(planFile), {
        adapters: adapters(),
        journalPath: join(workDir, 'drift-journal.jsonl'),
      }).catch((e: unknown) => e);
      expect(isWizardError(error) && error.exitCode).toBe(4);
      expect((await readDacl(admin, testOu)).equals(changed)).toBe(true);
      expect((await readDacl(admin, lab.baseDn)).equals(originalRootDacl!)).toBe(true);
    },
  );

  it(
    'opt-ins: enable inheritance on a protected user (own OU) applies byte-exact and rolls back; AdminSDHolder only when asked',
    { timeout: 300_000 },
    async () => {
      const ou = `OU=t-perm-inh-${randomBytes(4).toString('hex')},${lab.baseDn}`;
      const userDn = `CN=t-noinherit,${ou}`;
      const sam = `t-inh-${randomBytes(4).toString('hex')}`;
      await admin.add(ou, { objectClass: ['top', 'organizationalUnit'] });
      try {
        await admin.add(userDn, {
          objectClass: ['top', 'person', 'organizationalPerson', 'user'],
          sAMAccountName: sam,
        });
        // Disable inheritance the way ADUC's "convert to explicit" does: keep the explicit ACEs, set protected.
        const initial = parseSecurityDescriptor(new Uint8Array(await readDacl(admin, userDn)));
        const explicit = initial.dacl!.aces.filter((ace) => !(ace.flags & 0x10));
        const protectedSd = setDaclProtected(
          withDacl(initial, { ...initial.dacl!, aces: explicit }),
          true,
        );
        await writeDacl(admin, userDn, serializeSecurityDescriptor(protectedSd));
        const before = await readDacl(admin, userDn);

        const without = await makePlan({ scopes: [ou] });
        expect(without.operations.map((op) => op.target)).toEqual([ou]);
        expect(without.notes.map((n) => n.message).join('\n')).toContain(
          `inheritance disabled will not receive the grant: ${sam}`,
        );

        const plan = await makePlan({
          scopes: [ou],
          enableInheritance: [userDn],
          includeAdminSdHolder: true,
        });
        expect(plan.operations.map((op) => [op.target, op.optIn])).toEqual([
          [ou, false],
          [`CN=AdminSDHolder,CN=System,${lab.baseDn}`, true],
          [userDn, true],
        ]);
        // Apply only the OU grant and the inheritance change (AdminSDHolder is shared: not written here).
        const chosen: Plan = {
          ...plan,
          operations: plan.operations.filter((op) => !op.target.startsWith('CN=AdminSDHolder')),
        };
        const journalPath = join(workDir, 'inherit-journal.jsonl');
        await applyPlan(chosen, { adapters: adapters(), journalPath });
        const after = parseSecurityDescriptor(new Uint8Array(await readDacl(admin, userDn)));
        expect(after.control & 0x1000).toBe(0);
        // The user now inherits the OU's grant: the DC lets the connector write its lockoutTime.
        expect(
          await tryAsConnector(
            connector,
            { dn: userDn, sAMAccountName: 't-noinherit' } as LabAccount,
            'lockoutTime',
          ),
        ).toBe(true);
        expect((await makePlan({ scopes: [ou], enableInheritance: [userDn] })).operations).toEqual(
          [],
        );

        await rollbackRun(journalPath, { adapters: adapters() });
        expect((await readDacl(admin, userDn)).equals(before)).toBe(true);
      } finally {
        await admin.del(userDn).catch(() => undefined);
        await admin.del(ou).catch(() => undefined);
      }
    },
  );

  it(
    'plan → apply lets the connector reset ordinary users only; plan again is empty; rollback restores the root byte for byte',
    { timeout: 600_000 },
    async () => {
      const s = lab.scenarios;
      const ordinary = s.ordinaryUsers[1]!;
      const refused = [s.protectedUser, s.inheritanceDisabledUser, s.restrictedUsers[0]!];

      // Before: the DC refuses the connector everything writeback needs.
      expect(await rightsOf(connector, ordinary)).toEqual({
        reset: false,
        lockoutTime: false,
        pwdLastSet: false,
      });

      const plan = await makePlan({});
      expect(plan.operations).toHaveLength(1);
      const op = plan.operations[0]!;
      expect(op.kind).toBe('security-descriptor');
      expect(op.target).toBe(lab.baseDn);
      expect(op.equivalentCommand?.split('\n')).toEqual([
        `dsacls "${lab.baseDn}" /I:S /G "${lab.netbios}\\${lab.connector.sAMAccountName}:CA;Reset Password;user"`,
        `dsacls "${lab.baseDn}" /I:S /G "${lab.netbios}\\${lab.connector.sAMAccountName}:WP;lockoutTime;user"`,
        `dsacls "${lab.baseDn}" /I:S /G "${lab.netbios}\\${lab.connector.sAMAccountName}:WP;pwdLastSet;user"`,
      ]);
      // Already held: Change password (Everyone, user defaults) and Unexpire Password (Authenticated Users).
      const notes = plan.notes.map((n) => n.message).join('\n');
      expect(notes).toContain('Change password on descendant User objects');
      expect(notes).toMatch(
        /Unexpire Password on the domain root: already held, through Allow Authenticated Users/,
      );
      expect(notes).toContain(s.protectedUser.sAMAccountName);
      expect(notes).toContain(s.inheritanceDisabledUser.sAMAccountName);
      expect(notes).toContain(`below ${s.restrictedOu}`);

      const planFile = join(workDir, 'plan.json');
      await writePlanFile(planFile, plan);
      const journalPath = join(workDir, 'journal.jsonl');
      rootMayHaveChanged = true; // set first: the write may land even if its response is lost
      const result = await applyPlan(await readPlanFile(planFile), {
        adapters: adapters(),
        journalPath,
      });
      expect(result.applied).toBe(1);

      // After: the DC itself now allows the ordinary user, and still refuses the others.
      expect(await rightsOf(connector, ordinary)).toEqual({
        reset: true,
        lockoutTime: true,
        pwdLastSet: true,
      });
      for (const user of refused)
        expect(await tryAsConnector(connector, user, 'reset'), user.sAMAccountName).toBe(false);

      expect((await makePlan({})).operations).toEqual([]);

      await rollbackRun(journalPath, { adapters: adapters() });
      expect((await readDacl(admin, lab.baseDn)).equals(originalRootDacl!)).toBe(true);
      expect(await tryAsConnector(connector, ordinary, 'lockoutTime')).toBe(false);
    },
  );
});
