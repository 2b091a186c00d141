/**
 * Verify and Permissions as a new admin meets them, in Debian's Chromium through the dev bridge
 * with the lab DC behind it, with no route to Entra ID and no Windows PowerShell (this machine
 * is not a Connect server and cannot reach one):
 *
 * - Verify uses the Connect server typed there (kept when the admin leaves and comes back): the
 *   checks name it instead of saying none was named, and the page shows the exact commands to
 *   run on it by hand. Its results are saved as JSON and HTML, a second save beside the first.
 * - The canary says exactly what it still needs, and refuses a protected administrator as soon
 *   as it is typed, from AD alone, without an Entra sign-in.
 * - Permissions shows who writeback would still fail for once the planned changes are applied:
 *   fewer users than today, the connector's missing grant gone, the lab's traps still there.
 *
 * Each state is screenshotted to test-artifacts/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLab, type LabInfo } from '../lab/lab-env';
import { flagsShown, seriousViolations } from './support/page-checks';
import { startWizard, type WizardEnv } from './support/wizard-env';
import { byName, connectToLab, expectPage, nav } from './support/wizard-pages';

const lab: LabInfo = readLab();
const walkTimeoutMs = 900_000;
/** Reading every user of the lab, on a machine other runs load too: minutes. */
const scanTimeoutMs = 600_000;

describe('Verify and Permissions for a new admin, no Connect server, no Entra route', () => {
  let env: WizardEnv;
  beforeAll(async () => {
    env = await startWizard();
  });
  afterAll(async () => {
    await env?.close();
  });

  it(
    'Verify uses the Connect server typed, gives the commands by hand, saves its results; the canary says what it needs',
    async () => {
      const { page } = env;
      await page.getByRole('radio', { name: /Verify an existing deployment/ }).check();
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect to Microsoft Entra ID');
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect directories');
      await byName(page, 'Next').click();
      await expectPage(page, 'Verify');

      // Before anything: the canary says each thing it still needs.
      const missing = page.locator('#canary-missing');
      await expect(missing.textContent()).resolves.toMatch(
        /Type the test account’s user principal name\..*not connected to a domain controller.*not signed in to Entra ID.*Authentication Administrator.*UserAuthenticationMethod\.ReadWrite\.All/,
      );

      const server = page.getByRole('textbox', { name: /^Connect server/ });
      await server.fill('aadc01.contoso.test');
      // Kept in the wizard: away and back, the name is still there.
      await nav(page, 'Connect directories').click();
      await expectPage(page, 'Connect directories');
      await byName(page, 'Next').click();
      await expectPage(page, 'Verify');
      await expect(server.inputValue()).resolves.toBe('aadc01.contoso.test');

      await byName(page, 'Run the checks').click();
      const results = page.locator('section', { has: page.locator('#verify-results') });
      await results.waitFor({ timeout: 60_000 });
      const text = (await results.textContent())!;
      expect(text).toContain('aadc01.contoso.test was not reached');
      expect(text).not.toMatch(/none was named/);
      await page.getByRole('heading', { name: 'Run these on aadc01.contoso.test' }).waitFor();
      const commands = await page.locator('.by-hand pre').allTextContents();
      // The engine's commands: the window chosen, both providers, Microsoft's IDs; one
      // Test-NetConnection per endpoint of the cloud.
      expect(commands[0]).toMatch(
        /StartTime = \[DateTimeOffset\]::Parse\('\d{4}-\d\d-\d\dT[\d:.]+Z'\)/,
      );
      expect(commands[0]).toMatch(
        /PasswordResetService[\s\S]*ADSync[\s\S]*31005[\s\S]*Get-WinEvent/,
      );
      expect(commands[1]!.split('\n').filter((l) => l.startsWith('Test-NetConnection'))).toEqual([
        expect.stringContaining('passwordreset.microsoftonline.com'),
        expect.stringContaining('ssprdedicatedsbprodscu.servicebus.windows.net'),
        expect.stringContaining('ssprdedicatedsbprodncu.servicebus.windows.net'),
      ]);
      await page.locator('.by-hand').scrollIntoViewIfNeeded();
      await env.screenshot('v-01-verify-by-hand');

      // Save results: JSON as writeback verify --out writes it, HTML as --html; never over.
      const savedPath = async () =>
        (await page.getByText(/^Results saved to /).textContent())!
          .replace(/^Results saved to /, '')
          .replace(/\.$/, '');
      await byName(page, 'Save results as JSON').click();
      const json = await savedPath();
      const savedJson = JSON.parse(readFileSync(json, 'utf8')) as {
        checks: { id: string; message: string }[];
      };
      expect(savedJson.checks.find((c) => c.id === 'verify.events')?.message).toContain(
        'aadc01.contoso.test was not reached',
      );
      await byName(page, 'Save results as HTML').click();
      await page.waitForFunction(
        (path) => !document.body.innerText.includes(`Results saved to ${path}.`),
        json,
      );
      const html = await savedPath();
      expect(html).toMatch(/\.html$/);
      expect(readFileSync(html, 'utf8')).toContain('aadc01.contoso.test was not reached');
      await byName(page, 'Save results as HTML').click();
      await page.waitForFunction(
        (path) => !document.body.innerText.includes(`Results saved to ${path}.`),
        html,
      );
      expect(await savedPath()).not.toBe(html);
      expect(await flagsShown(page)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);

      // Connected, the canary refuses a protected administrator from AD alone (no sign-in).
      await nav(page, 'Connect directories').click();
      await expectPage(page, 'Connect directories');
      await connectToLab(page, lab);
      await byName(page, 'Next').click();
      await expectPage(page, 'Verify');
      await page
        .getByRole('textbox', { name: /^Test account/ })
        .fill(lab.scenarios.protectedUser.userPrincipalName);
      await page.waitForFunction(() =>
        /refused: it has adminCount=1/.test(
          document.getElementById('canary-missing')?.textContent ?? '',
        ),
      );
      await expect(missing.textContent()).resolves.toMatch(/not signed in to Entra ID/);
      await expect(missing.textContent()).resolves.not.toMatch(/not connected/);
      await expect(byName(page, 'Show the canary plan').isDisabled()).resolves.toBe(true);
      await missing.scrollIntoViewIfNeeded();
      await env.screenshot('v-02-verify-canary-refused');
      // An ordinary user is accepted in AD; only the sign-in is left.
      const ordinary = lab.scenarios.ordinaryUsers[0]!;
      await page.getByRole('textbox', { name: /^Test account/ }).fill(ordinary.userPrincipalName);
      await page.getByText(/^Accepted in AD:/).waitFor({ timeout: 60_000 });
      await expect(missing.locator('li').allTextContents()).resolves.toEqual([
        expect.stringMatching(/^The wizard is not signed in to Entra ID/),
      ]);
      await missing.scrollIntoViewIfNeeded();
      await env.screenshot('v-03-verify-canary-needs-sign-in');
      expect(await seriousViolations(page)).toEqual([]);
      // The DC addresses box says what is wrong with each line, as the walk typed them.
      await page.getByText('Domain controller addresses').click();
      await page
        .getByRole('textbox', { name: /cannot reach by name/ })
        .fill('ldaps://127.0.0.73\ndc2.contoso.test=http://x\ndc2=ldaps://127.0.0.73');
      const wrong = page.getByRole('alert', { name: /Domain controller addresses to correct/ });
      await expect(wrong.locator('li').allTextContents()).resolves.toEqual([
        expect.stringMatching(/^Line 1 \(ldaps:\/\/127\.0\.0\.73\): it has no "="/),
        expect.stringMatching(/^Line 2 .*is not LDAPS/),
        expect.stringMatching(/^Line 3 .*dc2 is not a DC's full DNS name/),
      ]);
      await wrong.scrollIntoViewIfNeeded();
      await env.screenshot('v-03b-verify-dc-addresses-wrong');
      expect(await seriousViolations(page)).toEqual([]);
    },
    walkTimeoutMs,
  );

  it(
    'Permissions shows who writeback would still fail for once the planned changes are applied',
    async () => {
      const { page } = env;
      // After the walk above, or at the start when this test runs alone.
      const home = nav(page, 'Welcome / tasks');
      if ((await home.count()) > 0) await home.click();
      await expectPage(page, 'Welcome / tasks');
      await page.getByRole('radio', { name: /Enable password writeback/ }).check();
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect to Microsoft Entra ID');
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect directories');
      // Connected by the walk above, or here when this test runs alone.
      if (await byName(page, 'Next').isDisabled()) await connectToLab(page, lab);
      await page.waitForFunction(() => !document.querySelector('.footer button.primary[disabled]'));
      await byName(page, 'Next').click();
      await expectPage(page, 'Prerequisites');
      await byName(page, 'Next').click();
      await expectPage(page, 'Optional features');
      await byName(page, 'Next').click();
      await expectPage(page, 'Permissions');
      await page.locator('article.operation').first().waitFor({ timeout: scanTimeoutMs });
      await page.getByRole('button', { name: 'Assess every user' }).click();
      const afterPlan = page.getByRole('radio', { name: /once the planned changes are applied/ });
      await afterPlan.waitFor({ timeout: scanTimeoutMs });

      const summary = page.locator('p', { hasText: /users read;/ });
      const failing = async () =>
        Number(/read; ([\d,]+)/.exec((await summary.textContent())!)![1]!.replace(/,/g, ''));
      const causes = () => page.locator('table.causes').textContent();
      const today = await failing();
      const todayCauses = (await causes())!;
      expect(todayCauses).toMatch(/Reset password not granted|not granted/i);

      await afterPlan.check();
      await page.waitForFunction(() =>
        /would still fail once the changes planned here are applied/.test(
          document.querySelector('main')?.textContent ?? '',
        ),
      );
      const after = await failing();
      // Fewer or as many (a freshly made lab's users are all within the minimum password age,
      // which Permissions does not change), and never the connector's missing grant again.
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThanOrEqual(today);
      const afterCauses = (await causes())!;
      expect(afterCauses).not.toMatch(/not granted/i);
      const count = page.locator('.blockers p[aria-live]');
      await expect(count.textContent()).resolves.toMatch(/once the planned changes are applied/);
      // The traps the plan does not fix are still listed with their cause; an ordinary user
      // keeps no Permissions cause.
      const filter = page.getByLabel('Filter users (name, DN or reason)');
      const row = async (name: string) => {
        await filter.fill(name);
        await page.waitForFunction(
          (wanted) =>
            [...document.querySelectorAll('.verdict-table .blocker-row')].every((r) =>
              r.textContent?.includes(wanted),
            ),
          name,
        );
        return (
          await page.locator('.verdict-table .blocker-row', { hasText: name }).allTextContents()
        ).join(' | ');
      };
      await expect(row(lab.scenarios.inheritanceDisabledUser.sAMAccountName)).resolves.toMatch(
        /Inheritance disabled/,
      );
      await expect(row(lab.scenarios.restrictedUsers[0]!.sAMAccountName)).resolves.toMatch(
        /Deny entry/,
      );
      const ordinary = await row(lab.scenarios.ordinaryUsers[0]!.sAMAccountName);
      expect(ordinary).not.toMatch(/not granted|Inheritance disabled|Deny entry/i);
      await filter.fill('');
      await page.locator('fieldset.verdict-view').scrollIntoViewIfNeeded();
      await env.screenshot('v-04-permissions-after-plan');
      console.log(
        `[e2e] Permissions, who would fail: today ${today}, once the planned changes are applied ${after}`,
      );
    },
    walkTimeoutMs,
  );
});
