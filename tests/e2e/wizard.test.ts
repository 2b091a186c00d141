/**
 * The wizard end to end in Debian's Chromium, served by the dev bridge with the real engine and
 * the lab DC behind it: every page, a wrong password refused with its
 * fix, the Permissions diff, the confirmation that lists the targets, the apply, the directory
 * checked as the connector (it can now write lockoutTime), Configuration complete, and the
 * rollback through the wizard with the directory checked again. A screenshot of every page goes
 * to test-artifacts/screenshots/. A second walk uses the keyboard only, at 150% scaling.
 */
import { readFileSync } from 'node:fs';
import type { Client } from 'ldapts';
import { setupServer } from 'msw/node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLab, type LabInfo } from '../lab/lab-env';
import { tryAsConnector } from '../lab/oracle/connector-tries';
import { bindLab, readDacl, restoreRootDacl } from '../lab/oracle/sd-ldap';
import { contosoTenant, graphHandlers } from '../unit/entra/graph-double';
import {
  authorityMetadata,
  cloudDiscoveryMetadata,
  identityPlatform,
  tenantId,
} from '../unit/entra/identity-platform-double';
import { startWizard, type WizardEnv } from './support/wizard-env';

const lab: LabInfo = readLab();
const user = lab.scenarios.ordinaryUsers[0]!;
let admin: Client;
let connector: Client;
let originalRoot: Buffer;

beforeAll(async () => {
  admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
  connector = await bindLab(lab, lab.connector.dn, lab.connector.password);
  originalRoot = await readDacl(admin, lab.baseDn);
});

afterAll(async () => {
  await restoreRootDacl(lab, originalRoot);
  await connector?.unbind().catch(() => undefined);
  await admin?.unbind().catch(() => undefined);
});

async function expectPage(page: Page, title: string): Promise<void> {
  await page.waitForFunction(
    (wanted) => document.querySelector('main h2')?.textContent === wanted,
    title,
  );
}

describe('the wizard in Chromium against the lab', () => {
  let env: WizardEnv;
  // Microsoft Graph as documented, in this process (the bridge runs the engine here).
  const tenant = contosoTenant();
  const graph = setupServer(...graphHandlers(tenant, 'https://graph.microsoft.com/v1.0'));
  beforeAll(async () => {
    graph.listen({ onUnhandledFrame: 'bypass' });
    env = await startWizard({
      entra: {
        signIn: {
          networkClient: identityPlatform(() => tenant.acceptedToken),
          authorityMetadata,
          cloudDiscoveryMetadata,
        },
      },
    });
  });
  afterAll(async () => {
    await env?.close();
    graph.close();
  });

  it('walks every page, applies the Permissions step, and rolls it back', async () => {
    const { page } = env;
    await expectPage(page, 'Welcome / tasks');
    await expect(
      page.getByRole('radio', { name: /Enable password writeback/ }).isChecked(),
    ).resolves.toBe(true);
    await env.screenshot('01-welcome');
    await page.getByRole('button', { name: 'Next' }).click();

    await expectPage(page, 'Connect to Microsoft Entra ID');
    await page.getByLabel(/Tenant/).fill(tenantId);
    await page.getByRole('checkbox', { name: /code on another device/ }).check();
    await env.screenshot('02-entra');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Signed in', { exact: true }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain('ada@contoso.test');
    await expect(page.locator('.check-title').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringMatching(/licen[cs]e/i)]),
    );
    // The renderer never got a token: none in the page, none in what it stored.
    await expect(page.content()).resolves.not.toContain(tenant.acceptedToken);
    expect(tenant.requests.length).toBeGreaterThan(0);
    await env.screenshot('02b-entra-signed-in');
    await page.getByRole('button', { name: 'Next' }).click();

    await expectPage(page, 'Connect directories');
    await expect(page.getByRole('button', { name: 'Next' }).isDisabled()).resolves.toBe(true);
    await expect(page.locator('.blocked').textContent()).resolves.toContain(
      'Connect to a domain controller first',
    );
    await page.getByLabel('Domain controller').fill(lab.url);
    await page
      .getByLabel('Account (an administrator of the domain)')
      .fill(lab.admin.userPrincipalName);
    await page.getByText('Certificate trust').click();
    await page.getByLabel(/CA certificate/).fill(lab.caPem);
    await page.getByLabel('Password').fill('Wrong-Password-1');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/How to fix/);
    await expect(page.getByLabel('Password').inputValue()).resolves.toBe('');
    await env.screenshot('03-connect-wrong-password');
    await page.getByLabel('Password').fill(lab.admin.password);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const chosen = page.getByRole('radio', { name: new RegExp(lab.connector.sAMAccountName) });
    await chosen.waitFor();
    await page.waitForFunction(() => !document.querySelector('[role=alert]'));
    await expect(chosen.isChecked()).resolves.toBe(true);
    await env.screenshot('04-connect');
    await page.getByRole('button', { name: 'Next' }).click();

    await expectPage(page, 'Prerequisites');
    await page.getByText('AD DS connector account').waitFor();
    await env.screenshot('05-prerequisites');
    await page.getByRole('button', { name: 'Next' }).click();

    await expectPage(page, 'Optional features');
    // No Connect server from here: the step says so and gives the commands to run there.
    await page.getByText(/No AD Connect server is reachable from here/).waitFor();
    // The dev bridge on Linux cannot run Windows PowerShell, and the page says what to do.
    await page.getByText(/This computer cannot run Windows PowerShell/).waitFor();
    await expect(page.locator('.command pre').allTextContents()).resolves.toContain(
      'Import-Module ADSync',
    );
    await env.screenshot('06-optional-features');
    await page.getByRole('button', { name: 'Next' }).click();

    await expectPage(page, 'Permissions');
    const grant = page.locator('article.operation').first();
    await grant.waitFor({ timeout: 120_000 });
    await expect(page.locator('tr.added').first().textContent()).resolves.toMatch(
      /Allow.*(Reset password|Write lockoutTime|Write pwdLastSet|Change password|Unexpire Password)/,
    );
    await env.screenshot('07-permissions');
    await page.getByText('SDDL before and after').first().click();
    await env.screenshot('07b-permissions-sddl');
    // Who writeback would still fail for: counts by cause, and the virtualized table.
    await page.getByRole('button', { name: 'Assess every user' }).click();
    await page.locator('table.causes').waitFor({ timeout: 120_000 });
    await expect(page.locator('table.causes').textContent()).resolves.toMatch(/Blocks writeback/);
    await page
      .getByLabel(/Filter users/)
      .fill(lab.scenarios.inheritanceDisabledUser.sAMAccountName);
    await page
      .locator('.blocker-row .account', {
        hasText: lab.scenarios.inheritanceDisabledUser.sAMAccountName,
      })
      .waitFor();
    await expect(page.locator('.blockers p[aria-live]').textContent()).resolves.toMatch(
      /\(filtered\)/,
    );
    await page.locator('.blockers').scrollIntoViewIfNeeded();
    await env.screenshot('07c-permissions-users');
    await page.getByRole('button', { name: 'Next' }).click();

    await expectPage(page, 'Minimum password age');
    await page.getByLabel(/SYSVOL folder/).fill(lab.sysvolPath);
    await page.getByRole('button', { name: 'Read the policies' }).click();
    await page.locator('.text-diff').first().waitFor();
    await expect(page.locator('.text-diff .added').first().textContent()).resolves.toContain(
      'MinimumPasswordAge = 0',
    );
    await env.screenshot('08-min-password-age');
    await page.getByRole('button', { name: 'Next' }).click();

    await expectPage(page, 'SSPR on-premises integration');
    await page.getByRole('button', { name: /Open On-premises integration/ }).click();
    await page.getByRole('checkbox', { name: /I saved these settings/ }).check();
    await page.getByRole('button', { name: 'Record my confirmation' }).click();
    await page.getByText(/^Confirmed /).waitFor();
    expect(env.opened).toEqual([
      'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/PasswordResetMenuBlade/~/OnPremisesIntegration',
    ]);
    await env.screenshot('09-sspr');
    await page.getByRole('button', { name: 'Next' }).click();

    await expectPage(page, 'Ready to configure');
    // The Connect server was not reached: listed apart, so Apply is not read as covering it.
    const byHand = page.getByRole('region', { name: 'Left to do by hand' });
    await byHand.getByText(/Optional features:.*No AD Connect server is reachable/).waitFor();
    await env.screenshot('10-ready');
    await byHand.scrollIntoViewIfNeeded();
    await env.screenshot('10b-ready-by-hand');
    await page.getByRole('heading', { level: 2 }).scrollIntoViewIfNeeded();
    const permissions = page.locator('section.ready-step', { hasText: 'Permissions' });
    await permissions.getByRole('button', { name: 'Apply this step' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect(dialog.locator('.targets li').allTextContents()).resolves.toContain(lab.baseDn);
    await expect(dialog.getByRole('button', { name: 'Apply' }).isDisabled()).resolves.toBe(true);
    await env.screenshot('11-confirm');
    expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(false);
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Apply' }).click();

    await expectPage(page, 'Configuration complete');
    await page.getByText(/changes? applied\s+and verified/).waitFor({ timeout: 60_000 });
    // The directory itself now lets the connector do what writeback does.
    expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(true);
    expect(await tryAsConnector(connector, user.dn, 'pwdLastSet')).toBe(true);
    expect((await readDacl(admin, lab.baseDn)).equals(originalRoot)).toBe(false);
    await env.screenshot('12-complete');
    await page.getByRole('button', { name: 'Save HTML report' }).click();
    const saved = await page.getByText(/^Report saved to /).textContent();
    const reportPath = saved!.replace(/^Report saved to /, '').replace(/\.$/, '');
    expect(readFileSync(reportPath, 'utf8')).toContain(
      lab.scenarios.inheritanceDisabledUser.sAMAccountName,
    );

    await page.getByRole('button', { name: 'Roll back' }).first().click();
    const rollbackDialog = page.getByRole('dialog');
    await expect(rollbackDialog.locator('.targets li').allTextContents()).resolves.toContain(
      lab.baseDn,
    );
    await rollbackDialog.getByRole('checkbox').check();
    await rollbackDialog.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/Rolled back: \d+ target\(s\) restored/).waitFor({ timeout: 60_000 });
    await env.screenshot('13-rolled-back');
    expect((await readDacl(admin, lab.baseDn)).equals(originalRoot)).toBe(true);
    expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(false);

    // Verify: this machine is not a Connect server and none is named, so both checks say the
    // Connect server was not reached rather than passing.
    await page.getByRole('button', { name: 'Next' }).click();
    await expectPage(page, 'Verify');
    await page.getByRole('button', { name: 'Run the checks' }).click();
    await page
      .getByText(/The Connect server was not reached/)
      .first()
      .waitFor({ timeout: 60_000 });
    await env.screenshot('14-verify');
  });
});

describe('the wizard by keyboard only, at 150% scaling', () => {
  let env: WizardEnv;
  beforeAll(async () => {
    env = await startWizard({ viewport: { width: 853, height: 533 }, deviceScaleFactor: 1.5 });
  });
  afterAll(async () => {
    await env?.close();
  });

  /** Tabs until the focused element's accessible text matches, then returns. */
  async function tabTo(page: Page, name: RegExp): Promise<void> {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return '';
        const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : '';
        return `${el.getAttribute('aria-label') ?? ''} ${label ?? ''} ${el.closest('label')?.textContent ?? ''} ${el.tagName === 'BUTTON' || el.tagName === 'SUMMARY' ? el.textContent : ''}`;
      });
      if (name.test(focused)) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  async function next(page: Page, title: string): Promise<void> {
    await tabTo(page, /^\s*Next\s*$/);
    await page.keyboard.press('Enter');
    await expectPage(page, title);
    // Focus lands on the new page's heading.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
  }

  it('reaches Configuration complete without a mouse', async () => {
    const { page } = env;
    await expectPage(page, 'Welcome / tasks');
    await next(page, 'Connect to Microsoft Entra ID');
    await next(page, 'Connect directories');
    await tabTo(page, /Domain controller/);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(lab.url);
    await tabTo(page, /Account \(an administrator/);
    await page.keyboard.type(lab.admin.userPrincipalName);
    await tabTo(page, /Password/);
    await page.keyboard.type(lab.admin.password);
    await tabTo(page, /Certificate trust/);
    await page.keyboard.press('Enter');
    await tabTo(page, /CA certificate/);
    await page.keyboard.insertText(lab.caPem);
    await tabTo(page, /^\s*Connect\s*$/);
    await page.keyboard.press('Enter');
    await page.getByRole('radio', { name: new RegExp(lab.connector.sAMAccountName) }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.footer button.primary[disabled]'));
    await env.screenshot('k-04-connect-150pct');
    await next(page, 'Prerequisites');
    await page.getByText('AD DS connector account').waitFor();
    await next(page, 'Optional features');
    await next(page, 'Permissions');
    await page.locator('article.operation').first().waitFor({ timeout: 120_000 });
    await env.screenshot('k-07-permissions-150pct');
    await next(page, 'Minimum password age');
    await next(page, 'SSPR on-premises integration');
    await next(page, 'Ready to configure');
    // Open the confirmation by keyboard, leave it with Escape: nothing is applied.
    await tabTo(page, /Apply this step/);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await env.screenshot('k-10-confirm-150pct');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await readDacl(admin, lab.baseDn)).equals(originalRoot)).toBe(true);
    await next(page, 'Configuration complete');
    await env.screenshot('k-12-complete-150pct');
  });
});
