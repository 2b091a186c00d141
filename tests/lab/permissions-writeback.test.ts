import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  addAce,
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  setDaclProtected,
  withDacl,
} from '../../shared/sd';
import type { Plan } from '../../shared/plan';
import { readPlanFile } from '../../main/plan/plan-file';
import { readLab, type LabAccount, type LabInfo } from './lab-env';
import { rightsOf, tryAsConnector } from './oracle/connector-tries';
import { bindLab, readDacl, restoreRootDacl, writeDacl } from './oracle/sd-ldap';
import { processTestTimeoutMs, labConnection } from '../support/writeback-cli';

// This file starts the CLI as a process: a loaded machine must not fail it.
vi.setConfig({ testTimeout: processTestTimeoutMs });

/**
 * The Permissions step's proof on the lab DC:
 * before, the connector cannot reset an ordinary user's password nor write its lockoutTime
 * and pwdLastSet; through the CLI (bin/writeback.mjs plan|apply|rollback), plan → apply → the
 * DC allows them, while protected, inheritance-disabled and restricted (denied) users are still
 * refused; plan again is empty; rollback puts the domain root's DACL back byte for byte.
 * A target changed between plan and apply makes apply exit 4 having written nothing (on an OU
 * this test creates). The domain root's DACL is restored in afterAll whatever happens.
 *
 * Passwords changed: scenarios.ordinaryUsers[1] only (never ordinaryUsers[0]).
 */

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

  const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

  interface CliResult {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
  }

  /** Runs `node bin/writeback.mjs …` as an admin would, the password in an environment variable. */
  function cli(args: readonly string[]): Promise<CliResult> {
    const connection = labConnection(lab, 'WB_PERMISSIONS_PASSWORD');
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(repo, 'bin/writeback.mjs'), ...args, ...connection],
        {
          cwd: repo,
          env: { ...process.env, WB_PERMISSIONS_PASSWORD: lab.admin.password },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** `writeback plan --steps permissions …`: the plan file's path, its content and what was printed. */
  async function makePlan(
    name: string,
    extra: readonly string[] = [],
    discoverAccount = false,
  ): Promise<{ path: string; plan: Plan; stdout: string }> {
    const path = join(workDir, name);
    const result = await cli([
      'plan',
      '--steps',
      'permissions',
      ...(discoverAccount ? [] : ['--account', lab.connector.sAMAccountName]),
      '--out',
      path,
      ...extra,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(lab.admin.password);
    return { path, plan: await readPlanFile(path), stdout: result.stdout };
  }

  async function apply(planPath: string, journal: string): Promise<CliResult> {
    return cli(['apply', planPath, '--yes', '--journal', journal]);
  }

  it(
    'a target changed between plan and apply: apply exits 4 having written nothing',
    { timeout: 300_000 },
    async () => {
      testOu = `OU=t-perm-${randomBytes(4).toString('hex')},${lab.baseDn}`;
      await admin.add(testOu, { objectClass: ['top', 'organizationalUnit'] });
      // No --account: the only enabled MSOL_ account is found (the stale one is disabled).
      const { path, plan, stdout } = await makePlan('drift-plan.json', ['--scope', testOu], true);
      expect(plan.operations.map((op) => op.target)).toEqual([testOu]);
      expect(stdout).toContain(`${lab.netbios}\\${lab.connector.sAMAccountName}`);
      expect(stdout).not.toContain(lab.staleConnector.sAMAccountName);
      // Someone edits the OU's permissions after the plan was made.
      const ouBefore = await readDacl(admin, testOu);
      const sd = parseSecurityDescriptor(new Uint8Array(ouBefore));
      const extra = fromSddl(`D:(A;;RC;;;${lab.scenarios.psoGroup.sid})`).dacl!.aces[0]!;
      await writeDacl(
        admin,
        testOu,
        serializeSecurityDescriptor(withDacl(sd, addAce(sd.dacl!, extra))),
      );
      const changed = await readDacl(admin, testOu);
      expect(changed.equals(ouBefore)).toBe(false);

      const result = await apply(path, join(workDir, 'drift-journal.jsonl'));
      expect(result.code, result.stderr).toBe(4);
      expect(result.stderr).toContain(testOu);
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
        // Disable inheritance as ADUC's "convert to explicit" does: keep the explicit ACEs, set protected.
        const initial = parseSecurityDescriptor(new Uint8Array(await readDacl(admin, userDn)));
        const explicit = initial.dacl!.aces.filter((ace) => !(ace.flags & 0x10));
        const protectedSd = setDaclProtected(
          withDacl(initial, { ...initial.dacl!, aces: explicit }),
          true,
        );
        await writeDacl(admin, userDn, serializeSecurityDescriptor(protectedSd));
        const before = await readDacl(admin, userDn);

        const without = await makePlan('inherit-without.json', ['--scope', ou]);
        expect(without.plan.operations.map((op) => op.target)).toEqual([ou]);
        expect(without.stdout).toContain(
          `Inheritance disabled: writeback will still fail for 1 user(s) once this plan is applied: ${sam}.`,
        );

        const holder = await makePlan('inherit-holder.json', [
          '--scope',
          ou,
          '--include-adminsdholder',
        ]);
        expect(holder.plan.operations.map((op) => [op.target, op.optIn])).toEqual([
          [ou, false],
          [`CN=AdminSDHolder,CN=System,${lab.baseDn}`, true],
        ]);
        expect(holder.stdout).toContain('not recommended');

        // AdminSDHolder is shared by every test: only the OU grant and the inheritance change are applied.
        const { path, plan } = await makePlan('inherit.json', [
          '--scope',
          ou,
          '--enable-inheritance',
          userDn,
        ]);
        expect(plan.operations.map((op) => [op.target, op.optIn])).toEqual([
          [ou, false],
          [userDn, true],
        ]);
        const journal = join(workDir, 'inherit-journal.jsonl');
        const applied = await apply(path, journal);
        expect(applied.code, applied.stderr).toBe(0);
        const after = parseSecurityDescriptor(new Uint8Array(await readDacl(admin, userDn)));
        expect(after.control & 0x1000).toBe(0);
        // The user now inherits the OU's grant: the DC lets the connector write its lockoutTime.
        const user = { dn: userDn, sAMAccountName: sam } as LabAccount;
        expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(true);
        const again = await makePlan('inherit-again.json', [
          '--scope',
          ou,
          '--enable-inheritance',
          userDn,
        ]);
        expect(again.plan.operations).toEqual([]);

        const rolledBack = await cli(['rollback', journal, '--yes']);
        expect(rolledBack.code, rolledBack.stderr).toBe(0);
        expect((await readDacl(admin, userDn)).equals(before)).toBe(true);
        expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(false);
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
      expect(await rightsOf(connector, ordinary.dn)).toEqual({
        reset: false,
        lockoutTime: false,
        pwdLastSet: false,
      });

      const { path, plan, stdout } = await makePlan('plan.json');
      expect(plan.operations).toHaveLength(1);
      const op = plan.operations[0]!;
      expect(op.kind).toBe('security-descriptor');
      expect(op.target).toBe(lab.baseDn);
      const who = `${lab.netbios}\\${lab.connector.sAMAccountName}`;
      expect(op.equivalentCommand?.split('\n')).toEqual([
        `dsacls "${lab.baseDn}" /I:S /G "${who}:CA;Reset Password;user"`,
        `dsacls "${lab.baseDn}" /I:S /G "${who}:WP;lockoutTime;user"`,
        `dsacls "${lab.baseDn}" /I:S /G "${who}:WP;pwdLastSet;user"`,
      ]);
      // The diff in ADUC's words, the SDDL, and what is already held and by which ACE.
      expect(stdout).toContain('"Reset password"  Descendant User objects');
      expect(stdout).toContain('SDDL before: D:AI');
      expect(stdout).toMatch(
        /Change password on descendant User objects .*already held, through Allow Everyone/,
      );
      expect(stdout).toMatch(
        /Unexpire Password on the domain root: already held, through Allow Authenticated Users/,
      );
      expect(stdout).toContain(s.protectedUser.sAMAccountName);
      expect(stdout).toContain(s.inheritanceDisabledUser.sAMAccountName);
      expect(stdout).toContain(`Remove the Deny entry on ${s.restrictedOu}`);

      const journal = join(workDir, 'journal.jsonl');
      rootMayHaveChanged = true; // set first: the write may land even if its response is lost
      const applied = await apply(path, journal);
      expect(applied.code, applied.stderr).toBe(0);

      // After: the DC itself now allows the ordinary user, and still refuses the others.
      expect(await rightsOf(connector, ordinary.dn)).toEqual({
        reset: true,
        lockoutTime: true,
        pwdLastSet: true,
      });
      for (const user of refused)
        expect(await tryAsConnector(connector, user.dn, 'reset'), user.sAMAccountName).toBe(false);

      expect((await makePlan('plan-again.json')).plan.operations).toEqual([]);

      const rolledBack = await cli(['rollback', journal, '--yes']);
      expect(rolledBack.code, rolledBack.stderr).toBe(0);
      expect((await readDacl(admin, lab.baseDn)).equals(originalRootDacl!)).toBe(true);
      expect(await tryAsConnector(connector, ordinary.dn, 'lockoutTime')).toBe(false);
    },
  );
});
