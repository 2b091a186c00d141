import { afterAll, describe, expect, it } from 'vitest';
import { isWizardError } from '../../../shared/errors';
import { operationSchema } from '../../../shared/plan';
import { WritebackGuid } from '../../../shared/sd';
import { DOMAIN_SID } from './fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPlan } from '../../../main/plan/apply';
import { rollbackRun } from '../../../main/plan/rollback';
import type { TargetAdapter } from '../../../main/operations/kind';
import { describeSecurityDescriptorChange } from '../../../main/operations/security-descriptor';
import { createPermissionsStep, planPermissions } from '../../../main/steps/permissions';
import { planFormatVersion, type Plan } from '../../../shared/plan';
import { parseSecurityDescriptor, toSddl } from '../../../shared/sd';
import { inspectPermissions, type PermissionsOptions } from '../../../main/steps/permissions';
import { CONNECTOR_SID, FakeDirectory, names, ROOT_DN, rootSd, sd, userRecord } from './fixtures';
import { cliWords } from '../../../main/cli/words';
import { wordFields } from '../../../shared/fields';
import { formatPlan } from '../../../main/plan/format-plan';

const U = WritebackGuid.userClass;
const RESTRICTED = `OU=Restricted,OU=Corp,${ROOT_DN}`;
const LOCKED = `OU=Locked,OU=Corp,${ROOT_DN}`;
const DENY_RESET = `(OD;CIIO;CR;${WritebackGuid.resetPassword};${U};${CONNECTOR_SID})`;
const GRANTED_ROOT = [
  `(OA;CIIO;CR;${WritebackGuid.resetPassword};${U};${CONNECTOR_SID})`,
  `(OA;CIIO;WP;${WritebackGuid.lockoutTime};${U};${CONNECTOR_SID})`,
  `(OA;CIIO;WP;${WritebackGuid.pwdLastSet};${U};${CONNECTOR_SID})`,
];
const inheritedFromRoot = GRANTED_ROOT.map((ace) => ace.replace('CIIO', 'ID'));

/** A small domain with one user of each kind docs/domain-facts.md §2 lists. */
function domain(): FakeDirectory {
  const dir = new FakeDirectory();
  dir.set(RESTRICTED, sd(`D:${DENY_RESET}(A;;RPLCLORC;;;AU)`));
  dir.containers = [
    ROOT_DN,
    `OU=Corp,${ROOT_DN}`,
    RESTRICTED,
    LOCKED,
    `CN=Users,${ROOT_DN}`,
    ...['Users', 'Staff', 'Service'].map((ou) => `OU=${ou},OU=Corp,${ROOT_DN}`),
  ];
  dir.set(`OU=Corp,${ROOT_DN}`, sd('D:AI(A;;RPLCLORC;;;AU)'));
  // An OU whose permissions do not inherit: the grant on the domain root never reaches below.
  dir.set(LOCKED, sd('D:PAI(A;;RPLCLORC;;;AU)'));
  const user = (cn: string, parent: string, sddl: string, adminCount = false) =>
    userRecord(`CN=${cn},${parent}`, sddl, adminCount);
  const OWN = '(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)';
  dir.users = [
    user('Olivia', `OU=Users,OU=Corp,${ROOT_DN}`, `D:AI${OWN}${inheritedFromRoot.join('')}`),
    user('Paul', `CN=Users,${ROOT_DN}`, `D:PAI${OWN}`, true),
    user('Nadia', `OU=Staff,OU=Corp,${ROOT_DN}`, `D:PAI${OWN}`),
    user(
      'Kiosk',
      `OU=Service,OU=Corp,${ROOT_DN}`,
      `D:AI(OD;;CR;${WritebackGuid.changePassword};;WD)(OD;;CR;${WritebackGuid.changePassword};;PS)${OWN}`,
    ),
    user('Rita', RESTRICTED, `D:AI${DENY_RESET.replace('CIIO', 'ID')}${OWN}`),
    user('Sara', `OU=Users,OU=Corp,${ROOT_DN}`, `D:PAI${OWN}`, true),
    user('Lena', LOCKED, `D:AI${OWN}`),
  ];
  dir.protectedMembers.set(`CN=Paul,CN=Users,${ROOT_DN}`.toLowerCase(), 'Domain Admins');
  for (const entry of dir.users) dir.set(entry.dn, entry.sd!);
  for (const ou of ['Users', 'Staff', 'Service'])
    dir.set(`OU=${ou},OU=Corp,${ROOT_DN}`, sd('D:AI(A;CI;LC;;;AU)'));
  dir.set(`CN=Users,${ROOT_DN}`, sd('D:AI(A;CI;LC;;;AU)'));
  return dir;
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function work(): string {
  const folder = mkdtempSync(join(tmpdir(), 'wb-perm-unit-'));
  folders.push(folder);
  return folder;
}

function asPlan(operations: readonly Plan['operations'][number][]): Plan {
  return {
    formatVersion: planFormatVersion,
    createdAt: new Date().toISOString(),
    source: { baseDn: ROOT_DN },
    steps: ['permissions'],
    operations: [...operations],
    notes: [],
  };
}

/** The engine's security-descriptor adapter, over the in-memory directory. */
function adapters(dir: FakeDirectory): {
  'security-descriptor': TargetAdapter<'security-descriptor'>;
} {
  return {
    'security-descriptor': {
      kind: 'security-descriptor',
      async read(operation) {
        const bytes = await dir.readSecurityDescriptor(operation.target);
        return {
          base64: Buffer.from(bytes).toString('base64'),
          sddl: toSddl(parseSecurityDescriptor(bytes), DOMAIN_SID),
        };
      },
      async write(operation, image) {
        await dir.writeSecurityDescriptor(
          operation.target,
          new Uint8Array(Buffer.from(image.base64, 'base64')),
        );
      },
    },
  };
}

/** The step's options with the fixture's domain model (read once per run, as main/domain does). */
function withModel(dir: FakeDirectory, options: PermissionsOptions = {}): PermissionsOptions {
  return { ...options, model: dir.model() };
}

/** Who still fails after the plan, as [sAMAccountName, cause codes]. */
async function stillFailing(
  dir: FakeDirectory,
  options: Parameters<typeof inspectPermissions>[1] = {},
): Promise<[string, string[]][]> {
  const inspection = await inspectPermissions(dir, withModel(dir, options));
  return inspection.stillFailing.map((b) => [b.sAMAccountName, b.reasons.map((r) => r.code)]);
}

describe('who writeback will still fail for once the plan is applied (the verdict engine, projected)', () => {
  it('names protected accounts, inheritance disabled on the user or an OU above it, and Denies with where they are set', async () => {
    const dir = domain();
    expect(await stillFailing(dir)).toEqual([
      ['paul', ['protected-account']],
      ['nadia', ['inheritance-disabled']],
      ['rita', ['deny-ace']],
      ['sara', ['stale-admin-count-inheritance']],
      ['lena', ['inheritance-disabled-above']],
    ]);
    const inspection = await inspectPermissions(dir, withModel(dir));
    const reasons = Object.fromEntries(
      inspection.stillFailing.map((b) => [b.sAMAccountName, b.reasons[0]!]),
    );
    expect(reasons['paul']!.fix).toContain('not recommend');
    expect(wordFields(reasons['nadia']!.fix, cliWords)).toContain('--enable-inheritance');
    expect(reasons['rita']!.message).toContain(`inherited from ${RESTRICTED}`);
    expect(reasons['rita']!.message).toContain('MSOL_0123456789ab');
    // The OU is named, with the two ways out: a grant on it, or inheritance enabled on it.
    expect(reasons['lena']!.message).toContain(`Inheritance is disabled on ${LOCKED}`);
    expect(wordFields(reasons['lena']!.fix, cliWords)).toContain(
      `--scope "${ROOT_DN}" --scope "${LOCKED}"`,
    );
    expect(reasons['lena']!.fix).toContain(`enable inheritance on ${LOCKED}`);
    // "User cannot change password" does not block resets: not in the list (a warning in assess).
    expect(inspection.stillFailing.some((b) => b.sAMAccountName === 'kiosk')).toBe(false);
  });

  it('a grant on the OU with inheritance disabled, beside the domain root, reaches its users', async () => {
    const dir = domain();
    const both = await planPermissions(dir, withModel(dir, { scopes: [ROOT_DN, LOCKED] }));
    expect(both.changes.map((c) => c.target)).toEqual([ROOT_DN, LOCKED]);
    expect(both.state.inspection.stillFailing.map((b) => b.sAMAccountName)).not.toContain('lena');
    // An OU that inherits from the root is still refused beside it: the root's grant reaches it.
    const nested = await planPermissions(
      dir,
      withModel(dir, { scopes: [ROOT_DN, `OU=Corp,${ROOT_DN}`] }),
    ).catch((e: unknown) => e);
    expect(isWizardError(nested) && nested.code).toBe('scope-nested');
  });

  it('the opt-ins move users off the list: enable inheritance covers every user whose fix it is', async () => {
    const dir = domain();
    const after = await stillFailing(dir, { enableInheritance: 'all', includeAdminSdHolder: true });
    // Nadia and Sara re-inherit the planned grant; Paul gets AdminSDHolder's, stamped by SDProp.
    expect(after).toEqual([
      ['rita', ['deny-ace']],
      ['lena', ['inheritance-disabled-above']],
    ]);
  });

  it('keeps only the users still failing, whatever the number scanned', async () => {
    const dir = domain();
    const good = dir.users[0]!;
    dir.users = Array.from({ length: 3000 }, (_, i) => ({
      ...good,
      dn: `CN=u${i},OU=Users,OU=Corp,${ROOT_DN}`,
      sAMAccountName: `u${i}`,
    }));
    const inspection = await inspectPermissions(dir, withModel(dir));
    expect(inspection.usersScanned).toBe(3000);
    expect(inspection.stillFailing).toEqual([]);
  });
});

describe('a disabled connector account', () => {
  it('gets no right planned: plan refuses it, saying which account and what to choose', async () => {
    const dir = domain();
    dir.connectorEnabled = false;
    const step = createPermissionsStep(dir);
    const inspection = await step.inspect(withModel(dir));
    expect(inspection.checks.length).toBeGreaterThan(0);
    expect(() => step.plan(inspection, {})).toThrow(
      expect.objectContaining({
        code: 'connector-disabled',
        message: expect.stringContaining('MSOL_0123456789ab is disabled'),
        fix: expect.stringContaining('enabled connector account'),
      }),
    );
  });
});

describe('the Permissions step end to end on an in-memory directory', () => {
  it('inspect explains, plan is valid plan-file JSON, apply then plan again is empty, rollback restores the bytes', async () => {
    const dir = domain();
    const original = dir.descriptors.get(ROOT_DN.toLowerCase())!;
    const step = createPermissionsStep(dir);
    const inspection = await step.inspect(withModel(dir));
    const ids = Object.fromEntries(inspection.checks.map((c) => [c.id, c.status]));
    expect(ids).toEqual({
      'permissions.reset-password': 'fail',
      'permissions.change-password': 'pass',
      'permissions.write-lockout-time': 'fail',
      'permissions.write-pwd-last-set': 'fail',
      'permissions.unexpire-password': 'pass',
    });
    const notes = inspection.findings.map((f) => f.message);
    expect(notes.join('\n')).toMatch(
      /Protected account \(adminCount=1\): .* 1 user\(s\) .*: paul\./,
    );
    expect(notes.some((m) => m.includes(`Remove the Deny entry on ${RESTRICTED}`))).toBe(true);

    const plan = step.plan(inspection, {});
    expect(plan.operations).toHaveLength(1);
    const operation = operationSchema.parse(plan.operations[0]);
    expect(operation.kind).toBe('security-descriptor');
    expect(operation.step).toBe('permissions');
    expect(operation.equivalentCommand).toContain(
      '/I:S /G "CONTOSO\\MSOL_0123456789ab:CA;Reset Password;user"',
    );
    expect(JSON.stringify(plan)).not.toMatch(/password"\s*:/i);
    if (operation.kind === 'security-descriptor') {
      const text = describeSecurityDescriptorChange(operation, names()).join('\n');
      expect(text).toContain(
        `+ Allow CONTOSO\\MSOL_0123456789ab (${CONNECTOR_SID})  "Reset password"  Descendant User objects`,
      );
      // show and apply have only the plan file: it names the connector as the app does.
      expect(operation.principals).toEqual({ [CONNECTOR_SID]: 'CONTOSO\\MSOL_0123456789ab' });
      expect(formatPlan(asPlan([operation]))).toContain(
        `+ Allow CONTOSO\\MSOL_0123456789ab (${CONNECTOR_SID})  "Reset password"`,
      );
      expect(text).toContain('SDDL before: D:AI');
    }

    // Through the plan engine (main/plan) with an adapter over the in-memory directory.
    const journal = join(work(), 'journal.jsonl');
    const result = await applyPlan(asPlan(plan.operations), {
      adapters: adapters(dir),
      journalPath: journal,
    });
    expect(result.applied).toBe(1);
    expect(dir.writes).toEqual([ROOT_DN]);
    const again = await planPermissions(dir, withModel(dir));
    expect(again.changes).toEqual([]);
    await rollbackRun(journal, { adapters: adapters(dir) });
    expect(dir.descriptors.get(ROOT_DN.toLowerCase())).toEqual(original);
  });

  it('refuses with exit 4 and writes nothing when a target changed after the plan', async () => {
    const dir = domain();
    const step = createPermissionsStep(dir);
    const options = withModel(dir);
    const plan = step.plan(await step.inspect(options), options);
    dir.set(ROOT_DN, rootSd(['(A;;RC;;;WD)']));
    const error = await applyPlan(asPlan(plan.operations), {
      adapters: adapters(dir),
      journalPath: join(work(), 'journal.jsonl'),
    }).catch((e: unknown) => e);
    expect(isWizardError(error) && error.exitCode).toBe(4);
    expect(dir.writes).toEqual([]);
  });

  it('opt-ins: AdminSDHolder only with includeAdminSdHolder; enable inheritance per user with all', async () => {
    const dir = domain();
    const without = await planPermissions(dir, withModel(dir));
    expect(without.changes.map((c) => c.target)).toEqual([ROOT_DN]);
    const withOptIns = await planPermissions(
      dir,
      withModel(dir, {
        includeAdminSdHolder: true,
        enableInheritance: 'all',
      }),
    );
    expect(withOptIns.changes.map((c) => [c.target, c.optIn])).toEqual([
      [ROOT_DN, false],
      [`CN=AdminSDHolder,CN=System,${ROOT_DN}`, true],
      [`CN=Nadia,OU=Staff,OU=Corp,${ROOT_DN}`, true],
      [`CN=Sara,OU=Users,OU=Corp,${ROOT_DN}`, true],
    ]);
  });

  it('refuses a scope or an --enable-inheritance DN outside the domain (exit 2)', async () => {
    const dir = domain();
    const scope = await planPermissions(
      dir,
      withModel(dir, { scopes: ['OU=X,DC=fabrikam,DC=test'] }),
    ).catch((e: unknown) => e);
    expect(isWizardError(scope) && [scope.exitCode, scope.code]).toEqual([
      2,
      'scope-outside-domain',
    ]);
    const user = await planPermissions(
      dir,
      withModel(dir, {
        enableInheritance: ['CN=U,DC=fabrikam,DC=test'],
      }),
    ).catch((e: unknown) => e);
    expect(isWizardError(user) && user.exitCode).toBe(2);
  });
});
