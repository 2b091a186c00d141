/**
 * The canary reset and the evidence pack in the app, in Debian's Chromium through the dev bridge,
 * with the lab behind it and the Connect double playing Entra ID and Connect: Graph's user lookup
 * and resetPassword (msw in this process, where the bridge runs the engine), the write-back to AD
 * as the connector account, and the Connect server's events through a stand-in powershell.exe.
 * Verify shows the canary's plan (pwdLastSet on each writable DC before → changed by writeback,
 * and that a password cannot be rolled back); after its confirmation the reset fails before the
 * Permissions step with that step named, and after it reaches every writable DC, each with its
 * time. Configuration complete then saves the run's evidence pack into the folder given (a second
 * save beside the first, never over it), and its manifest verifies. The password never appears.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'ldapts';
import { setupServer } from 'msw/node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSpawner } from '../../main/adsync/local-powershell';
import { PowerShellRunner } from '../../main/adsync/powershell-runner';
import { checkManifest } from '../../main/evidence/manifest';
import { readSecondDc } from '../lab/dc2-env';
import { readLab, type LabInfo } from '../lab/lab-env';
import { bindLab } from '../lab/oracle/sd-ldap';
import { connectDouble, type ConnectDouble } from '../support/connect-double';
import { repo, writeback, labConnection } from '../support/writeback-cli';
import { contosoTenant, graphHandlers } from '../unit/entra/graph-double';
import {
  authorityMetadata,
  cloudDiscoveryMetadata,
  identityPlatform,
  tenantId,
} from '../unit/entra/identity-platform-double';
import { flagsShown } from './support/page-checks';
import { startWizard, type WizardEnv } from './support/wizard-env';
import { byName, expectPage } from './support/wizard-pages';

const lab: LabInfo = readLab();
const dc2 = readSecondDc();
const walkTimeoutMs = 900_000;

describe('the canary and the evidence pack in the app', () => {
  let env: WizardEnv;
  let admin: Client;
  let double: ConnectDouble;
  let work: string;
  let testOu: string;
  let canaryDn: string;
  let canaryUpn: string;
  let journal: string | undefined;
  const tenant = contosoTenant();
  const graph = setupServer();
  const adminEnv = { ...process.env, WB_LAB_PASSWORD: lab.admin.password };
  const connection = labConnection(lab, 'WB_LAB_PASSWORD');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'wb-e2e-canary-'));
    admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
    const tag = randomBytes(4).toString('hex');
    testOu = `OU=t-app-canary-${tag},${lab.baseDn}`;
    await admin.add(testOu, { objectClass: ['top', 'organizationalUnit'] });
    canaryUpn = `app-canary-${tag}@${lab.dnsDomain}`;
    canaryDn = `CN=App Canary ${tag},${testOu}`;
    await admin.add(canaryDn, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: `app-canary-${tag}`,
      userPrincipalName: canaryUpn,
      unicodePwd: Buffer.from(`"Lb7!${randomBytes(12).toString('base64url')}x"`, 'utf16le'),
      userAccountControl: '512',
      pwdLastSet: '0',
    } as never);
    double = connectDouble(lab, tenant.acceptedToken, join(work, 'events.json'));
    graph.use(
      ...graphHandlers(tenant, 'https://graph.microsoft.com/v1.0'),
      ...double.handlers('https://graph.microsoft.com'),
    );
    graph.listen({ onUnhandledFrame: 'bypass' });
    // The Connect server: the stand-in powershell.exe answering from the double's events.
    process.env.PATH = `${join(repo, 'tests/support/fake-powershell')}:${process.env.PATH ?? ''}`;
    process.env.WRITEBACK_FAKE_POWERSHELL_DIR = work;
    env = await startWizard({
      entra: {
        signIn: {
          networkClient: identityPlatform(() => tenant.acceptedToken),
          authorityMetadata,
          cloudDiscoveryMetadata,
        },
      },
      adsync: {
        defaultLocation: { kind: 'remote', host: 'aadc01.contoso.test' },
        runner: (location) => new PowerShellRunner(nodeSpawner, location),
      },
    });
  });

  afterAll(async () => {
    await env?.close();
    graph.close();
    if (journal !== undefined) writeback(['rollback', journal, '--yes', ...connection], adminEnv);
    await admin?.del(canaryDn).catch(() => undefined);
    await admin?.del(testOu).catch(() => undefined);
    await admin?.unbind().catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Shows the plan, confirms it, and waits for the result. */
  async function runCanary(page: Page, shot: string): Promise<void> {
    await byName(page, 'Show the canary plan').click();
    const plan = page.getByRole('table', { name: /pwdLastSet of/ });
    await plan.waitFor({ timeout: 60_000 });
    await expect(plan.locator('tbody tr').count()).resolves.toBe(dc2 === undefined ? 1 : 2);
    await expect(plan.getByText('changed by writeback').count()).resolves.toBe(
      dc2 === undefined ? 1 : 2,
    );
    await expect(page.locator('.canary-plan').textContent()).resolves.toContain(
      'A password cannot be rolled back',
    );
    await page.locator('.canary-plan').scrollIntoViewIfNeeded();
    await env.screenshot(`${shot}-plan`);
    await byName(page, 'Reset the password…').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.locator('.targets li').allTextContents()).resolves.toEqual([canaryDn]);
    await dialog.getByRole('checkbox').check();
    await env.screenshot(`${shot}-confirm`);
    await dialog.getByRole('button', { name: 'Reset the password' }).click();
    await page.getByRole('button', { name: 'Cancel' }).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Canary result' }).waitFor({ timeout: 300_000 });
    await page.locator('.canary-result').scrollIntoViewIfNeeded();
    await env.screenshot(`${shot}-result`);
  }

  it(
    'the canary fails before Permissions naming that step, then reaches every writable DC with its time; the evidence pack is saved and verifies',
    async () => {
      const { page } = env;
      await expectPage(page, 'Welcome / tasks');
      await page.getByRole('radio', { name: /Verify an existing deployment/ }).check();
      await byName(page, 'Next').click();

      await expectPage(page, 'Connect to Microsoft Entra ID');
      await page.getByLabel(/Tenant/).fill(tenantId);
      await page.getByRole('checkbox', { name: /code on another device/ }).check();
      await byName(page, 'Sign in').click();
      await page.getByText('Signed in', { exact: true }).waitFor();
      await byName(page, 'Next').click();

      await expectPage(page, 'Connect directories');
      await page.getByLabel('Domain controller').fill(new URL(lab.url).hostname);
      await page
        .getByLabel('Account (an administrator of the domain)')
        .fill(lab.admin.userPrincipalName);
      await page.getByText('Certificate trust').click();
      await page.getByLabel(/CA certificate \(PEM\)/).fill(lab.caPem);
      await page.getByLabel('Password').fill(lab.admin.password);
      await byName(page, 'Connect').click();
      await page
        .getByRole('radio', { name: new RegExp(lab.connector.sAMAccountName) })
        .waitFor({ timeout: 60_000 });
      await byName(page, 'Next').click();

      await expectPage(page, 'Verify');
      await page.getByLabel(/Test account/).fill(canaryUpn);
      if (dc2 !== undefined) {
        await page.getByText('Domain controller addresses').click();
        await page.getByLabel(/cannot reach by name/).fill(`${dc2.dcHostName}=${dc2.url}`);
      }

      // Before the Permissions step: the Connect server's 33004, and the step that fixes it.
      await runCanary(page, '16-verify-canary-before');
      const result = page.locator('.canary-result');
      await expect(result.textContent()).resolves.toMatch(/Step that fixes it: Permissions/);
      await expect(result.textContent()).resolves.toMatch(/33004/);
      expect(await flagsShown(page)).toEqual([]);

      // The Permissions step for the canary's OU (the command line, into the app's journals).
      const plan = join(work, 'permissions.json');
      const planned = writeback(
        [
          'plan',
          '--steps',
          'permissions',
          '--account',
          lab.connector.sAMAccountName,
          '--scope',
          testOu,
          '--out',
          plan,
          ...connection,
        ],
        adminEnv,
      );
      expect(planned.status, planned.stderr).toBe(0);
      journal = join(env.folder, 'journals', 'permissions-canary.jsonl');
      const applied = writeback(
        ['apply', plan, '--yes', '--journal', journal, ...connection],
        adminEnv,
      );
      expect(applied.status, applied.stderr).toBe(0);

      await runCanary(page, '17-verify-canary-after');
      await expect(result.textContent()).resolves.toMatch(/✓ Pass/);
      const rows = result.getByRole('table').locator('tbody tr');
      const dcs = await rows.allTextContents();
      expect(dcs).toHaveLength(dc2 === undefined ? 1 : 2);
      for (const row of dcs) expect(row).toMatch(/\d+\.\d s/);
      console.log(`[e2e] canary from the app, per writable DC: ${dcs.join(' | ')}`);

      // Configuration complete, through the rollback task: the run's evidence pack.
      await page.getByRole('button', { name: 'Welcome / tasks' }).click();
      await page.getByRole('radio', { name: /Roll back a previous run/ }).check();
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect directories');
      await byName(page, 'Next').click();
      await page.getByRole('heading', { name: 'Evidence packs' }).waitFor({ timeout: 60_000 });
      const save = page
        .locator('section', { has: page.getByRole('heading', { name: 'Evidence packs' }) })
        .getByRole('button', { name: 'Save evidence pack' });
      // The section's heading comes before the runs it lists (read from the journal folder).
      await save.first().waitFor({ timeout: 60_000 });
      await expect(save.count()).resolves.toBe(1);
      await save.click();
      const saved = page.getByText(/^Evidence pack saved to /);
      await saved.waitFor({ timeout: 60_000 });
      const first = /saved to (\S+) and/.exec((await saved.textContent())!)![1]!;
      // The bridge has no save dialog: the pack is in the journal folder, beside the run's
      // journal, and the page says so, with the full path to copy.
      expect(first.startsWith(join(env.folder, 'journals', 'evidence-'))).toBe(true);
      await page.getByText(/no save dialog .* in the journal folder/).waitFor();
      const pathBlock = page.locator('.command', { has: page.locator('pre', { hasText: first }) });
      await pathBlock.getByRole('button', { name: /^Copy: / }).waitFor();
      await page.locator('#evidence').scrollIntoViewIfNeeded();
      await env.screenshot('18-complete-evidence');
      expect(readdirSync(join(first, 'verify')).sort()).toEqual(['verify-canary.json']);
      const canaryJson = readFileSync(join(first, 'verify', 'verify-canary.json'), 'utf8');
      expect(canaryJson).toContain(canaryDn);
      await expect(checkManifest(first)).resolves.toMatchObject({ ok: true });
      // A second save goes beside the first: the first pack is untouched.
      await save.click();
      await page.waitForFunction(
        (path) => !document.body.innerText.includes(`saved to ${path} and`),
        first,
      );
      const second = /saved to (\S+) and/.exec((await saved.textContent())!)![1]!;
      expect(second).toBe(`${first}-2`);
      await expect(checkManifest(first)).resolves.toMatchObject({ ok: true });

      // The canary's passwords appear nowhere: not in the page, the packs or the journals.
      expect(double.passwordsSeen.length).toBe(2);
      const texts = [
        await page.content(),
        canaryJson,
        readFileSync(join(first, 'journal.jsonl'), 'utf8'),
        ...readdirSync(join(env.folder, 'journals', 'canary')).map((name) =>
          readFileSync(join(env.folder, 'journals', 'canary', name), 'utf8'),
        ),
      ];
      for (const password of double.passwordsSeen)
        for (const text of texts) expect(text).not.toContain(password);
    },
    walkTimeoutMs,
  );
});
