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
import {
  findDenyCarriers,
  scanUsers,
  type UserFinding,
} from '../../../main/steps/permissions/scan-users';
import { CONNECTOR_SID, FakeDirectory, names, ROOT_DN, rootSd, sd, TOKEN } from './fixtures';
import { cliWords } from '../../../main/cli/words';
import { wordFields } from '../../../shared/fields';
import { formatPlan } from '../../../main/plan/format-plan';

const U = WritebackGuid.userClass;
const RESTRICTED = `OU=Restricted,OU=Corp,${ROOT_DN}`;
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
  dir.containers = [ROOT_DN, `OU=Corp,${ROOT_DN}`, RESTRICTED];
  dir.set(`OU=Corp,${ROOT_DN}`, sd('D:AI(A;;RPLCLORC;;;AU)'));
  const user = (cn: string, parent: string, sddl: string, adminCount = false) => ({
    dn: `CN=${cn},${parent}`,
    sAMAccountName: cn.toLowerCase(),
    adminCount,
    sd: sd(sddl),
  });
  dir.users = [
    user(
      'Olivia',
      `OU=Users,OU=Corp,${ROOT_DN}`,
      `D:AI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)${inheritedFromRoot.join('')}`,
    ),
    user('Paul', `CN=Users,${ROOT_DN}`, 'D:PAI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)', true),
    user('Nadia', `OU=Staff,OU=Corp,${ROOT_DN}`, 'D:PAI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)'),
    user(
      'Kiosk',
      `OU=Service,OU=Corp,${ROOT_DN}`,
      `D:AI(OD;;CR;${WritebackGuid.changePassword};;WD)(OD;;CR;${WritebackGuid.changePassword};;PS)(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)`,
    ),
    user(
      'Rita',
      RESTRICTED,
      `D:AI${DENY_RESET.replace('CIIO', 'ID')}(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)`,
    ),
  ];
  for (const entry of dir.users) dir.set(entry.dn, entry.sd);
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

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('scanning users for what the grant will not fix', () => {
  it('lists protected accounts, inheritance-disabled users and Denies with the object that carries them', async () => {
    const dir = domain();
    const context = { token: TOKEN, resolver: names(), scopeDn: ROOT_DN };
    const carriers = await collect(findDenyCarriers(dir.searchContainers(), context));
    expect(carriers.map((c) => [c.dn, c.right])).toEqual([[RESTRICTED, 'Reset password']]);
    const findings: UserFinding[] = await collect(scanUsers(dir.searchUsers(), context, carriers));
    const summary = findings.map((f) => [
      f.sAMAccountName,
      f.kind,
      f.denied?.right,
      f.denied?.carrier,
    ]);
    expect(summary).toEqual([
      ['paul', 'protected-account', undefined, undefined],
      ['nadia', 'inheritance-disabled', undefined, undefined],
      ['kiosk', 'denied', 'Change password', `CN=Kiosk,OU=Service,OU=Corp,${ROOT_DN}`],
      ['rita', 'denied', 'Reset password', RESTRICTED],
    ]);
    expect(findings[0]!.message).toContain('unsupported by design');
    expect(findings[0]!.fix).toContain('not recommended');
    expect(wordFields(findings[1]!.fix, cliWords)).toContain('--enable-inheritance');
    expect(findings[3]!.message).toContain('Deny CONTOSO\\MSOL_0123456789ab "Reset password"');
  });

  it('streams: findings come out before the directory has returned every user', async () => {
    const dir = domain();
    let produced = 0;
    async function* users() {
      for (const user of dir.users) {
        produced++;
        yield user;
      }
      yield* [];
    }
    const iterator = scanUsers(users(), { token: TOKEN, scopeDn: ROOT_DN })[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.sAMAccountName).toBe('paul');
    expect(produced).toBeLessThan(dir.users.length);
  });
});

describe('the Permissions step end to end on an in-memory directory', () => {
  it('inspect explains, plan is valid plan-file JSON, apply then plan again is empty, rollback restores the bytes', async () => {
    const dir = domain();
    const original = dir.descriptors.get(ROOT_DN.toLowerCase())!;
    const step = createPermissionsStep(dir);
    const inspection = await step.inspect({});
    const ids = Object.fromEntries(inspection.checks.map((c) => [c.id, c.status]));
    expect(ids).toEqual({
      'permissions.reset-password': 'fail',
      'permissions.change-password': 'pass',
      'permissions.write-lockout-time': 'fail',
      'permissions.write-pwd-last-set': 'fail',
      'permissions.unexpire-password': 'pass',
    });
    expect(inspection.findings.map((f) => f.message).join('\n')).toMatch(
      /1 protected account\(s\).*paul/,
    );
    expect(inspection.findings.some((f) => f.message.includes(`below ${RESTRICTED}`))).toBe(true);

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
    const again = await planPermissions(dir);
    expect(again.changes).toEqual([]);
    await rollbackRun(journal, { adapters: adapters(dir) });
    expect(dir.descriptors.get(ROOT_DN.toLowerCase())).toEqual(original);
  });

  it('refuses with exit 4 and writes nothing when a target changed after the plan', async () => {
    const dir = domain();
    const step = createPermissionsStep(dir);
    const options = {};
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
    const without = await planPermissions(dir);
    expect(without.changes.map((c) => c.target)).toEqual([ROOT_DN]);
    const withOptIns = await planPermissions(dir, {
      includeAdminSdHolder: true,
      enableInheritance: 'all',
    });
    expect(withOptIns.changes.map((c) => [c.target, c.optIn])).toEqual([
      [ROOT_DN, false],
      [`CN=AdminSDHolder,CN=System,${ROOT_DN}`, true],
      [`CN=Nadia,OU=Staff,OU=Corp,${ROOT_DN}`, true],
    ]);
  });

  it('refuses a scope or an --enable-inheritance DN outside the domain (exit 2)', async () => {
    const dir = domain();
    const scope = await planPermissions(dir, { scopes: ['OU=X,DC=fabrikam,DC=test'] }).catch(
      (e: unknown) => e,
    );
    expect(isWizardError(scope) && [scope.exitCode, scope.code]).toEqual([
      2,
      'scope-outside-domain',
    ]);
    const user = await planPermissions(dir, {
      enableInheritance: ['CN=U,DC=fabrikam,DC=test'],
    }).catch((e: unknown) => e);
    expect(isWizardError(user) && user.exitCode).toBe(2);
  });
});
