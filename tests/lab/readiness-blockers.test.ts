import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Attribute, Change, type Client } from 'ldapts';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Blocker } from '../../shared/checks';
import {
  addAce,
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  withDacl,
  WritebackGuid,
} from '../../shared/sd';
import { runAssessment, type AssessReport } from '../../main/assess/assess-provider';
import { adAssessProvider } from '../../main/readiness/ad-assess-provider';
import { isBlockerCode } from '../../main/readiness/reasons';
import { reportCsv } from '../../main/report/report-csv';
import { reportHtml } from '../../main/report/report-html';
import { reportModel } from '../../main/report/report-model';
import { readLab, type LabAccount, type LabInfo } from './lab-env';
import { strongPassword, tryAsConnector, unicodePwd } from './oracle/connector-tries';
import { bindLab, readDacl, restoreRootDacl, writeDacl } from './oracle/sd-ldap';

/**
 * Ground truth for the readiness verdicts: the blockers `assess` reports for the seeded users
 * are exactly the users for whom the DC refuses the connector's writes (the connector tries
 * Reset password, lockoutTime and pwdLastSet), before and after the Permissions step's grant
 * on the domain root, plus the users the minimum password age refuses (checked on users of
 * our own, whose password change the DC refuses or allows). The domain root's DACL is
 * restored to its exact bytes and our OU is deleted. Passwords changed: scenario users the
 * connector may reset after the grant, except scenarios.ordinaryUsers[0].
 */
const ACCESS_CODES = new Set([
  'inheritance-disabled',
  'protected-account',
  'stale-admin-count-inheritance',
  'deny-ace',
  'missing-grant',
]);
const artifacts = join(process.cwd(), 'test-artifacts');

interface OwnUser {
  readonly dn: string;
  readonly sAMAccountName: string;
  password: string;
}

describe('assess blockers agree with the lab DC', () => {
  let lab: LabInfo;
  let admin: Client;
  let connector: Client;
  let ou: string;
  let scenarioUsers: LabAccount[];
  let own: { fresh: OwnUser; pso: OwnUser; mustChange: OwnUser };
  let originalRootDacl: Buffer | undefined;
  let grantWritten = false;

  async function addUser(name: string): Promise<OwnUser> {
    const user = { dn: `CN=${name},${ou}`, sAMAccountName: name, password: strongPassword() };
    await admin.add(user.dn, [
      new Attribute({
        type: 'objectClass',
        values: ['top', 'person', 'organizationalPerson', 'user'],
      }),
      new Attribute({ type: 'sAMAccountName', values: [name] }),
      new Attribute({ type: 'userPrincipalName', values: [`${name}@${lab.dnsDomain}`] }),
      new Attribute({ type: 'unicodePwd', values: [unicodePwd(user.password)] }),
      new Attribute({ type: 'userAccountControl', values: ['512'] }),
    ]);
    return user;
  }

  beforeAll(async () => {
    lab = readLab();
    admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
    connector = await bindLab(lab, lab.connector.dn, lab.connector.password);
    originalRootDacl = await readDacl(admin, lab.baseDn);
    const s = lab.scenarios;
    scenarioUsers = [
      ...s.ordinaryUsers,
      s.inheritanceDisabledUser,
      s.protectedUser,
      s.staleAdminCountUser,
      s.cannotChangePasswordUser,
      ...s.restrictedUsers,
      ...s.psoUsers,
    ];
    const tag = randomBytes(4).toString('hex');
    ou = `OU=t-rd-${tag},${lab.baseDn}`;
    await admin.add(ou, { objectClass: ['top', 'organizationalUnit'] });
    own = {
      fresh: await addUser(`rd-${tag}-fresh`),
      pso: await addUser(`rd-${tag}-pso`),
      mustChange: await addUser(`rd-${tag}-must`),
    };
    await admin.modify(
      s.psoGroup.dn,
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: [own.pso.dn] }),
      }),
    );
    await admin.modify(
      own.mustChange.dn,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'pwdLastSet', values: ['0'] }),
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await connector?.unbind().catch(() => undefined);
    if (admin && ou) {
      for (const user of Object.values(own ?? {})) await admin.del(user.dn).catch(() => undefined);
      await admin.del(ou).catch(() => undefined);
    }
    await admin?.unbind().catch(() => undefined);
    if (grantWritten && originalRootDacl) await restoreRootDacl(lab, originalRootDacl);
  }, 60_000);

  async function assess(): Promise<AssessReport> {
    const provider = adAssessProvider({
      dc: lab.url,
      caPem: lab.caPem,
      bindUser: lab.admin.dn,
      password: lab.admin.password,
      account: lab.connector.sAMAccountName,
      scopes: [lab.scenarios.ous.corp, ou],
    });
    return runAssessment([provider]);
  }

  const blockerOf = (report: AssessReport, dn: string): Blocker | undefined =>
    report.blockers.find((b) => b.dn.toLowerCase() === dn.toLowerCase());
  const codesOf = (report: AssessReport, dn: string): string[] =>
    (blockerOf(report, dn)?.reasons ?? []).map((r) => r.code);

  /** Users the DC refuses at least one of the connector's writes. */
  async function refusedByDc(dns: readonly string[]): Promise<Set<string>> {
    const refused = new Set<string>();
    for (const dn of dns) {
      for (const right of ['reset', 'lockoutTime', 'pwdLastSet'] as const) {
        if (right === 'reset' && dn === lab.scenarios.ordinaryUsers[0]!.dn) continue; // never reset
        if (!(await tryAsConnector(connector, dn, right))) refused.add(dn);
      }
    }
    return refused;
  }

  /** Does the DC refuse the user's own password change because of the minimum age? */
  async function changeRefusedByAge(user: OwnUser): Promise<boolean> {
    const client = await bindLab(lab, user.dn, user.password);
    const next = strongPassword();
    try {
      await client.modify(user.dn, [
        new Change({
          operation: 'delete',
          modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(user.password)] }),
        }),
        new Change({
          operation: 'add',
          modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(next)] }),
        }),
      ]);
      user.password = next;
      return false;
    } catch (error) {
      if (/constraint|password/i.test(String(error))) return true;
      throw error;
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  function accessBlocked(report: AssessReport, dns: readonly string[]): Set<string> {
    return new Set(dns.filter((dn) => codesOf(report, dn).some((code) => ACCESS_CODES.has(code))));
  }

  it(
    'reports exactly the users the DC refuses, before and after the Permissions grant, plus the minimum age',
    { timeout: 600_000 },
    async () => {
      const s = lab.scenarios;
      const dns = [...scenarioUsers.map((u) => u.dn), own.fresh.dn, own.pso.dn, own.mustChange.dn];

      // Before the grant: assess first (the probes would not change anything: all refused).
      const before = await assess();
      expect(accessBlocked(before, dns)).toEqual(await refusedByDc(dns));
      expect(accessBlocked(before, dns).size).toBe(dns.length);

      // Minimum age, against the DC: the fresh user (domain policy) and the PSO user are
      // refused a change now. The must-change user (pwdLastSet=0) has no age to wait for
      // (the DC will not even let it bind before it changes its password: data 773).
      const ageSays = (user: OwnUser): boolean =>
        codesOf(before, user.dn).includes('minimum-password-age');
      expect(ageSays(own.fresh)).toBe(true);
      expect(ageSays(own.pso)).toBe(true);
      expect(ageSays(own.mustChange)).toBe(false);
      expect(
        blockerOf(before, own.pso.dn)!.reasons.find((r) => r.code === 'minimum-password-age')!
          .message,
      ).toContain(s.pso.name);
      for (const user of [own.fresh, own.pso]) {
        expect({ user: user.sAMAccountName, refused: await changeRefusedByAge(user) }).toEqual({
          user: user.sAMAccountName,
          refused: ageSays(user),
        });
      }

      // The Permissions step: the three grants on descendant User objects of the domain root.
      const root = parseSecurityDescriptor(new Uint8Array(originalRootDacl!));
      let dacl = root.dacl!;
      for (const objectType of [
        WritebackGuid.resetPassword,
        WritebackGuid.lockoutTime,
        WritebackGuid.pwdLastSet,
      ]) {
        const right = objectType === WritebackGuid.resetPassword ? 'CR' : 'WP';
        dacl = addAce(
          dacl,
          fromSddl(
            `D:(OA;CIIO;${right};${objectType};${WritebackGuid.userClass};${lab.connector.sid})`,
          ).dacl!.aces[0]!,
        );
      }
      grantWritten = true;
      await writeDacl(admin, lab.baseDn, serializeSecurityDescriptor(withDacl(root, dacl)));

      const after = await assess();
      const remaining = accessBlocked(after, dns);
      expect(remaining).toEqual(await refusedByDc(dns));
      // Only protected, inheritance-disabled and denied users remain, each with its cause.
      expect(
        Object.fromEntries(
          [...remaining].map((dn) => [dn, codesOf(after, dn).filter((c) => ACCESS_CODES.has(c))]),
        ),
      ).toEqual({
        [s.inheritanceDisabledUser.dn]: ['inheritance-disabled'],
        [s.protectedUser.dn]: ['protected-account'],
        [s.staleAdminCountUser.dn]: ['stale-admin-count-inheritance'],
        ...Object.fromEntries(s.restrictedUsers.map((u) => [u.dn, ['deny-ace']])),
      });
      for (const user of s.restrictedUsers) {
        const deny = blockerOf(after, user.dn)!.reasons.find((r) => r.code === 'deny-ace')!;
        expect(deny.message).toContain(`inherited from ${s.restrictedOu}`);
        expect(deny.fix).toContain(s.restrictedOu);
      }
      expect(blockerOf(after, s.protectedUser.dn)!.reasons[0]!.fix).toContain('by design');
      // Every blocker is a blocker code; warnings stay out of the blockers.
      for (const b of after.blockers)
        for (const r of b.reasons) expect(isBlockerCode(r.code)).toBe(true);
      const warnings = (after.facts['ad'] as { warnings: Blocker[] }).warnings;
      expect(
        warnings.find((w) => w.dn === s.cannotChangePasswordUser.dn)?.reasons.map((r) => r.code),
      ).toEqual(['cannot-change-password']);

      // The reports: no secret in any of them; the HTML shows it in Chromium.
      mkdirSync(artifacts, { recursive: true });
      const model = reportModel(after);
      const files = {
        'readiness-report.json': JSON.stringify(
          after,
          (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v),
          2,
        ),
        'readiness-blockers.csv': reportCsv(model.blockers, model.warnings),
        'readiness-report.html': reportHtml(model),
      };
      const secrets = [
        lab.admin.password,
        lab.connector.password,
        own.fresh.password,
        own.pso.password,
        own.mustChange.password,
        ...scenarioUsers.map((u) => u.password),
      ];
      for (const [name, text] of Object.entries(files)) {
        writeFileSync(join(artifacts, name), text);
        for (const secret of secrets)
          expect(text.includes(secret), `${name} holds a password`).toBe(false);
        expect(text).not.toMatch(/nTSecurityDescriptor|AQAEg/); // no descriptor bytes either
      }
      await screenshot(
        join(artifacts, 'readiness-report.html'),
        join(artifacts, 'readiness-report.png'),
      );
    },
  );
});

async function screenshot(htmlPath: string, pngPath: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${htmlPath}`);
    expect(await page.locator('#rows tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: pngPath, fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  } finally {
    await browser.close();
  }
}
