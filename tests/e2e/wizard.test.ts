/**
 * The wizard end to end in Debian's Chromium, served by the dev bridge with the real engine and
 * the lab DC behind it: every page, a wrong password refused with its fix (and kept for the next
 * try), a disabled connector refused, each opt-in re-planning at once, the Permissions diff, the
 * confirmation that lists the targets, the apply of one step with its time printed, the directory
 * checked as the connector (it can now write lockoutTime), Configuration complete showing each
 * step's true state, the report saved after the apply saying what it is of, and the rollback
 * through its own confirmation with its diff, the directory checked again. Further walks: no
 * route to Entra ID (a sign-in that never answers: visible, cancellable, never blocking the
 * directory steps), a proxy that refuses the tunnel, assess only, and the keyboard alone at 150%.
 * Every page is screenshotted to test-artifacts/screenshots/, checked by axe-core for serious
 * violations, and scanned for command-line flags.
 */
import { readFileSync } from 'node:fs';
import type { INetworkModule } from '@azure/msal-node';
import type { Client } from 'ldapts';
import { setupServer } from 'msw/node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLab, type LabInfo } from '../lab/lab-env';
import { tryAsConnector } from '../lab/oracle/connector-tries';
import { bindLab, readDacl, restoreRootDacl } from '../lab/oracle/sd-ldap';
import { startConnectProxy } from '../support/connect-proxy';
import { contosoTenant, graphHandlers } from '../unit/entra/graph-double';
import {
  authorityMetadata,
  cloudDiscoveryMetadata,
  identityPlatform,
  tenantId,
} from '../unit/entra/identity-platform-double';
import { axeScript, flagsShown, seriousViolations, type AxeFinding } from './support/page-checks';
import { startWizard, type WizardEnv } from './support/wizard-env';
import { byName, connectToLab, expectPage } from './support/wizard-pages';

const lab: LabInfo = readLab();
const user = lab.scenarios.ordinaryUsers[0]!;
let admin: Client;
let connector: Client;
let originalRoot: Buffer;

/** What every page visited showed: command-line flags and serious accessibility violations. */
const flagsByPage = new Map<string, string[]>();
const violationsByPage = new Map<string, AxeFinding[]>();

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

/** Reading every user of the 20,000-user lab, on a machine other runs load too: minutes. */
const scanTimeoutMs = 900_000;

/** Writing the domain root's DACL makes Samba rework every user below before it answers. */
const dcWriteTimeoutMs = 600_000;

/** A screenshot of the page as it is, its flags and its axe findings recorded under its name. */
async function look(env: WizardEnv, name: string): Promise<void> {
  await env.screenshot(name);
  flagsByPage.set(name, await flagsShown(env.page));
  violationsByPage.set(name, await seriousViolations(env.page));
}

/** One apply or rollback phase, as the progress stream announced it, and when. */
interface Phase {
  readonly run: string;
  readonly phase: string;
  readonly index: number;
  readonly total: number;
  readonly at: number;
}

/**
 * Keeps, in the page, when each apply or rollback phase was announced: the progress stream read
 * as the page reads it (with the bridge's token header, which EventSource cannot send).
 */
async function recordPhases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { phases: Phase[] };
    w.phases = [];
    const token = window.sessionStorage.getItem('writeback-bridge-token') ?? '';
    void (async () => {
      const response = await fetch('/events', { headers: { 'x-writeback-token': token } });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const lines = (buffered + value).split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('data: ')) continue;
          const event = JSON.parse(line.slice(6)) as Phase & { kind: string };
          if (event.kind === 'operation')
            w.phases.push({
              run: event.run,
              phase: event.phase,
              index: event.index,
              total: event.total,
              at: performance.now(),
            });
        }
      }
    })();
  });
}

/** Records, at each change of the page, whether its progress line (if shown) is in view. */
async function watchProgressInView(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { progressInView: boolean[] };
    w.progressInView = [];
    new MutationObserver(() => {
      const box = document.querySelector('.progress')?.getBoundingClientRect();
      if (box) w.progressInView.push(box.top >= 0 && box.bottom <= innerHeight);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

/**
 * The list of who writeback would still fail for, on the lab's traps: a cause filters it (in
 * main), a header sorts it (in main), the DN is shown, warnings are listed (not only counted),
 * and more than three rows fit in the list.
 */
async function checkUsersList(env: WizardEnv): Promise<void> {
  const { page } = env;
  const { inheritanceDisabledUser, cannotChangePasswordUser } = lab.scenarios;
  const count = page.locator('.blockers p[aria-live]');
  const rows = page.locator('.verdict-table .blocker-row');
  await expect(page.locator('table.causes').textContent()).resolves.toMatch(/Blocks writeback/);
  // Warnings are rows of the list too.
  await page.locator('table.causes button', { hasText: 'User cannot change password' }).click();
  await page
    .locator('.blocker-row.warning-row', { hasText: cannotChangePasswordUser.sAMAccountName })
    .waitFor();
  await expect(count.textContent()).resolves.toMatch(/\(cause: User cannot change password\)/);
  await page.getByRole('button', { name: 'Show every cause' }).click();
  // Sorted by account name in main: the first rows are in order, whatever the directory's order.
  const account = page.getByRole('columnheader', { name: /Account/ });
  await account.getByRole('button').click();
  await page.waitForFunction(
    () => document.querySelector('[role=columnheader][aria-sort=ascending]') !== null,
  );
  await page.waitForFunction(() => {
    const names = [...document.querySelectorAll('.verdict-table .blocker-row .account')].map(
      (n) => n.textContent ?? '',
    );
    const sorted = [...names].sort((a, b) =>
      a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true }),
    );
    return names.length > 3 && names.every((n, i) => n === sorted[i]);
  });
  // More than three rows in view in the list.
  await page.locator('.verdict-table').scrollIntoViewIfNeeded();
  const visibleRows = await page.evaluate(() => {
    const list = document.querySelector('.verdict-table .virtual')!.getBoundingClientRect();
    return [...document.querySelectorAll('.verdict-table .blocker-row')].filter((row) => {
      const box = row.getBoundingClientRect();
      return box.top >= list.top && box.bottom <= list.bottom;
    }).length;
  });
  expect(visibleRows).toBeGreaterThan(3);
  await look(env, '07f-permissions-users-sorted');
  // A cause filters the list; the DN is shown in its own column.
  await page.locator('table.causes button', { hasText: /^Inheritance disabled$/ }).click();
  await rows.filter({ hasText: inheritanceDisabledUser.sAMAccountName }).first().waitFor();
  await expect(count.textContent()).resolves.toMatch(/\(cause: Inheritance disabled\)/);
  await expect(
    page.locator('.blocker-row .dn', { hasText: inheritanceDisabledUser.dn }).count(),
  ).resolves.toBe(1);
}

/** A walk reads every user several times: on the 20,000-user lab and a loaded machine, minutes. */
const walkTimeoutMs = 1_800_000;

/** Seconds, to one decimal place, for the printed timings. */
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

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

  it(
    'walks every page, applies one step, says what is left, reports, and rolls it back',
    async () => {
      const { page } = env;
      await expectPage(page, 'Welcome / tasks');
      await expect(
        page.getByRole('radio', { name: /Enable password writeback/ }).isChecked(),
      ).resolves.toBe(true);
      await look(env, '01-welcome');
      await byName(page, 'Next').click();

      await expectPage(page, 'Connect to Microsoft Entra ID');
      await page.getByLabel(/Tenant/).fill(tenantId);
      await page.getByRole('checkbox', { name: /code on another device/ }).check();
      await look(env, '02-entra');
      await byName(page, 'Sign in').click();
      await page.getByText('Signed in', { exact: true }).waitFor();
      await expect(page.locator('main').textContent()).resolves.toContain('ada@contoso.test');
      await expect(page.locator('.check-title').allTextContents()).resolves.toEqual(
        expect.arrayContaining([expect.stringMatching(/licen[cs]e/i)]),
      );
      // The renderer never got a token: none in the page, none in what it stored.
      await expect(page.content()).resolves.not.toContain(tenant.acceptedToken);
      expect(tenant.requests.length).toBeGreaterThan(0);
      await look(env, '02b-entra-signed-in');
      await byName(page, 'Next').click();

      await expectPage(page, 'Connect directories');
      await expect(byName(page, 'Next').isDisabled()).resolves.toBe(true);
      await expect(page.locator('.blocked').textContent()).resolves.toContain(
        'Connect to a domain controller first',
      );
      // A bare host name is taken as LDAPS.
      await page.getByLabel('Domain controller').fill(new URL(lab.url).hostname);
      await page
        .getByLabel('Account (an administrator of the domain)')
        .fill(lab.admin.userPrincipalName);
      await page.getByText('Certificate trust').click();
      await page.getByLabel(/CA certificate \(PEM\)/).fill(lab.caPem);
      await page.getByLabel('Password').fill('Wrong-Password-1');
      await byName(page, 'Connect').click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(/^Connecting failed: .*How to fix/);
      // Focus moves to the error; the password is kept for the next try.
      await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe(
        'alert',
      );
      await expect(page.getByLabel('Password').inputValue()).resolves.toBe('Wrong-Password-1');
      await look(env, '03-connect-wrong-password');
      await page.getByLabel('Password').fill(lab.admin.password);
      await byName(page, 'Connect').click();
      const chosen = page.getByRole('radio', { name: new RegExp(lab.connector.sAMAccountName) });
      await chosen.waitFor();
      await page.waitForFunction(() => !document.querySelector('[role=alert]'));
      await expect(chosen.isChecked()).resolves.toBe(true);
      await expect(page.getByLabel('Password').inputValue()).resolves.toBe('');
      // The disabled connector of an earlier install cannot be chosen, here or through the engine.
      const stale = page.getByRole('radio', {
        name: new RegExp(lab.staleConnector.sAMAccountName),
      });
      await expect(stale.isDisabled()).resolves.toBe(true);
      const refused = await page.evaluate(async (dn) => {
        // The bridge's token, as the page keeps it (the URL fragment, then this tab's storage).
        const token = window.sessionStorage.getItem('writeback-bridge-token') ?? '';
        const response = await fetch('/ipc/directory.chooseConnector', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-writeback-token': token },
          body: JSON.stringify({ dn }),
        });
        return (await response.json()) as { ok: boolean; error?: { code: string } };
      }, lab.staleConnector.dn);
      expect(refused).toMatchObject({ ok: false, error: { code: 'connector-disabled' } });
      await page.locator('fieldset.connectors').scrollIntoViewIfNeeded();
      await look(env, '04-connect');
      await byName(page, 'Next').click();

      await expectPage(page, 'Prerequisites');
      await page.getByText('AD DS connector account').waitFor();
      await look(env, '05-prerequisites');
      await byName(page, 'Next').click();

      await expectPage(page, 'Optional features');
      // No Connect server from here: the step says so and gives the commands to run there.
      await page.getByText(/No AD Connect server is reachable from here/).waitFor();
      await page.getByText(/This computer cannot run Windows PowerShell/).waitFor();
      await expect(page.locator('.command pre').allTextContents()).resolves.toContain(
        'Import-Module ADSync',
      );
      // The opt-in re-plans at once, and gives its exact command though no server was reached.
      await page.getByRole('checkbox', { name: /User must change password/ }).check();
      await page
        .getByText(
          /Sync "User must change password at next logon" \(ForcePasswordChangeOnLogOn\) is not in this plan/,
        )
        .waitFor();
      await look(env, '06-optional-features');
      await byName(page, 'Next').click();

      await expectPage(page, 'Permissions');
      const operations = page.locator('article.operation');
      await operations.first().waitFor({ timeout: scanTimeoutMs });
      await expect(page.locator('tr.added').first().textContent()).resolves.toMatch(
        /Allow.*(Reset password|Write lockoutTime|Write pwdLastSet|Change password|Unexpire Password)/,
      );
      await look(env, '07-permissions');
      await page.getByText('SDDL before and after').first().click();
      await env.screenshot('07b-permissions-sddl');
      // Each opt-in re-plans at once: AdminSDHolder becomes a target, then is gone again.
      const idle = () =>
        page.waitForFunction(() => !document.querySelector('.progress'), null, {
          timeout: scanTimeoutMs,
        });
      const adminSdHolder = page.getByRole('checkbox', { name: /AdminSDHolder/ });
      await adminSdHolder.check();
      await page
        .locator('article.operation .target', { hasText: 'CN=AdminSDHolder' })
        .waitFor({ timeout: scanTimeoutMs });
      await idle();
      await look(env, '07c-permissions-adminsdholder');
      await adminSdHolder.uncheck();
      await idle();
      await expect(
        page.locator('article.operation .target', { hasText: 'CN=AdminSDHolder' }).count(),
      ).resolves.toBe(0);
      // Enabling inheritance: the entries the DC will inherit are marked as such, named.
      const inheritance = page.getByRole('checkbox', { name: /Enable inheritance/ });
      await inheritance.check();
      await page
        .locator('article.operation .target', {
          hasText: lab.scenarios.inheritanceDisabledUser.dn,
        })
        .waitFor({ timeout: scanTimeoutMs });
      await idle();
      const inheritedRows = page.locator('tr.added', { hasText: 'Inherited from a parent' });
      expect(await inheritedRows.count()).toBeGreaterThan(0);
      await expect(page.locator('tr.added', { hasText: /Read b7c69e6d/ }).count()).resolves.toBe(0);
      await page
        .locator('article.operation', { hasText: lab.scenarios.inheritanceDisabledUser.dn })
        .scrollIntoViewIfNeeded();
      await look(env, '07d-permissions-inheritance');
      await inheritance.uncheck();
      await idle();
      await expect(operations.count()).resolves.toBe(1);
      // Who writeback would still fail for: counts by cause, each a filter of the list.
      await watchProgressInView(page);
      await page.getByRole('button', { name: 'Assess every user' }).click();
      await page.locator('table.causes').waitFor({ timeout: scanTimeoutMs });
      // The progress line was shown, and in view, while every user was read.
      const progressSeen = await page.evaluate(
        () => (window as unknown as { progressInView: boolean[] }).progressInView,
      );
      expect(progressSeen.length).toBeGreaterThan(0);
      expect(progressSeen.every(Boolean)).toBe(true);
      await checkUsersList(env);
      await page.locator('.blockers').scrollIntoViewIfNeeded();
      await look(env, '07e-permissions-users');
      await byName(page, 'Next').click();

      await expectPage(page, 'Minimum password age');
      // Not Windows: no Windows share offered; a wrong folder is called wrong, not "replication".
      await expect(page.getByLabel(/SYSVOL folder/).inputValue()).resolves.toBe('');
      await page.getByLabel(/SYSVOL folder/).fill('/nonexistent/sysvol');
      await page.getByRole('button', { name: 'Read the policies' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(
        /^Reading the password policies failed: \/nonexistent\/sysvol is not the domain’s SYSVOL folder/,
      );
      await look(env, '08a-min-password-age-wrong-folder');
      await page.getByLabel(/SYSVOL folder/).fill(lab.sysvolPath);
      await page.getByRole('button', { name: 'Read the policies' }).click();
      await page.locator('.text-diff').first().waitFor({ timeout: 120_000 });
      await expect(page.locator('.text-diff .added').first().textContent()).resolves.toContain(
        'MinimumPasswordAge = 0',
      );
      // minPwdAge reads in days, the raw value beside.
      await expect(
        page.locator('table.before-after tr', { hasText: 'minPwdAge' }).first().textContent(),
      ).resolves.toMatch(/\d+ days? \(-\d+\)/);
      // The PSO opt-in re-plans at once, and is kept across pages.
      const before = await operations.count();
      await page.getByRole('checkbox', { name: /every PSO/ }).check();
      await page
        .locator('article.operation .target', { hasText: lab.scenarios.pso.dn })
        .waitFor({ timeout: 120_000 });
      expect(await operations.count()).toBe(before + 1);
      await look(env, '08-min-password-age');
      await page.getByRole('checkbox', { name: /every PSO/ }).uncheck();
      await page.waitForFunction(
        (dn) =>
          ![...document.querySelectorAll('article.operation .target')].some((t) =>
            t.textContent?.includes(dn),
          ),
        lab.scenarios.pso.dn,
        { timeout: 120_000 },
      );
      await byName(page, 'Next').click();

      await expectPage(page, 'SSPR on-premises integration');
      await page.getByRole('button', { name: /Open On-premises integration/ }).click();
      await page.getByRole('checkbox', { name: /I saved these settings/ }).check();
      await page.getByRole('button', { name: 'Record my confirmation' }).click();
      // Recorded with the tenant signed in to.
      await page.getByText(new RegExp(`^Confirmed .* for tenant ${tenantId} by `)).waitFor();
      expect(env.opened).toEqual([
        'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/PasswordResetMenuBlade/~/OnPremisesIntegration',
      ]);
      await look(env, '09-sspr');
      await byName(page, 'Next').click();

      await expectPage(page, 'Ready to configure');
      // The Connect server was not reached: listed apart, so Apply is not read as covering it.
      const byHand = page.getByRole('region', { name: 'Left to do by hand' });
      await byHand.getByText(/Optional features:.*No AD Connect server is reachable/).waitFor();
      await look(env, '10-ready');
      await byHand.scrollIntoViewIfNeeded();
      await env.screenshot('10b-ready-by-hand');
      await page.getByRole('heading', { level: 2 }).scrollIntoViewIfNeeded();
      const permissions = page.locator('section.ready-step', { hasText: 'Permissions' });
      await permissions.getByRole('button', { name: 'Apply this step' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await expect(dialog.locator('.targets li').allTextContents()).resolves.toEqual([lab.baseDn]);
      await expect(dialog.textContent()).resolves.toMatch(/journal.*rolled back/);
      await expect(dialog.getByRole('button', { name: 'Apply' }).isDisabled()).resolves.toBe(true);
      await look(env, '11-confirm');
      expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(false);
      await dialog.getByRole('checkbox').check();
      await recordPhases(page);
      const applyStarted = performance.now();
      await dialog.getByRole('button', { name: 'Apply' }).click();

      // Only Permissions was applied: the page says so, and what is left.
      await expectPage(page, 'Partly configured', dcWriteTimeoutMs);
      const applyMs = performance.now() - applyStarted;
      const stepRow = (name: string) =>
        page.getByRole('rowheader', { name, exact: true }).locator('xpath=..');
      await expect(stepRow('Permissions').textContent()).resolves.toMatch(
        /Applied and verified: 1 change\./,
      );
      await expect(stepRow('Minimum password age').textContent()).resolves.toMatch(
        /Not applied: \d+ changes? planned/,
      );
      await expect(stepRow('Optional features').textContent()).resolves.toMatch(
        /Left to do by hand/,
      );
      await expect(stepRow('SSPR on-premises integration').textContent()).resolves.toMatch(
        /recorded confirmation/,
      );
      // The directory itself now lets the connector do what writeback does.
      expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(true);
      expect(await tryAsConnector(connector, user.dn, 'pwdLastSet')).toBe(true);
      expect((await readDacl(admin, lab.baseDn)).equals(originalRoot)).toBe(false);
      await look(env, '12-complete-partly');

      // The report, saved after the apply, says what it is of and that changes came after it.
      await page.getByText(/Made before your changes/).waitFor();
      await page.getByRole('button', { name: 'Save HTML report' }).click();
      const savedPath = async () =>
        (await page.getByText(/^Report saved to /).textContent())!
          .replace(/^Report saved to /, '')
          .replace(/\.$/, '');
      const first = await savedPath();
      const html = readFileSync(first, 'utf8');
      expect(html).toContain(lab.scenarios.inheritanceDisabledUser.sAMAccountName);
      expect(html).toContain(lab.dnsDomain);
      expect(html).toContain(lab.connector.sAMAccountName);
      expect(html).toMatch(/Changed since<\/dt><dd>[^<]*permissions, 1 change[^<]*journal /);
      expect(html).toMatch(/Writeback Wizard \S+ \(development bridge\)/);
      await page.locator('#report').scrollIntoViewIfNeeded();
      await look(env, '12b-complete-report');
      // A second save never overwrites the first.
      await page.getByRole('button', { name: 'Save HTML report' }).click();
      await page.waitForFunction(
        (path) => !document.body.innerText.includes(`Report saved to ${path}.`),
        first,
      );
      expect(await savedPath()).not.toBe(first);
      expect(readFileSync(first, 'utf8')).toBe(html);

      // Rollback: its own confirmation, with what it will write.
      await page.getByRole('button', { name: 'Roll back…' }).first().click();
      const rollbackDialog = page.getByRole('dialog', { name: 'Roll back this run' });
      await rollbackDialog.waitFor();
      await expect(rollbackDialog.locator('.targets li').allTextContents()).resolves.toEqual([
        lab.baseDn,
      ]);
      await expect(rollbackDialog.textContent()).resolves.toContain(
        'I reviewed what rollback will write',
      );
      await expect(rollbackDialog.locator('tr.removed').count()).resolves.toBeGreaterThan(0);
      // Not the apply's command, which would do the opposite.
      await expect(rollbackDialog.getByText('Equivalent command').count()).resolves.toBe(0);
      await look(env, '13-rollback-confirm');
      await rollbackDialog.getByRole('checkbox').check();
      const rollbackStarted = performance.now();
      await rollbackDialog.getByRole('button', { name: 'Roll back' }).click();
      await page
        .getByText(/Rolled back: 1 target restored/)
        .first()
        .waitFor({ timeout: dcWriteTimeoutMs });
      const rollbackMs = performance.now() - rollbackStarted;
      await expectPage(page, 'Rolled back');
      await expect(stepRow('Permissions').textContent()).resolves.toMatch(/Rolled back: 1 target/);
      await look(env, '14-rolled-back');
      expect((await readDacl(admin, lab.baseDn)).equals(originalRoot)).toBe(true);
      expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(false);
      // On a later visit the page still tells the rollback.
      await byName(page, 'Ready to configure').click();
      await expectPage(page, 'Ready to configure');
      await byName(page, 'Next').click();
      await expectPage(page, 'Rolled back');
      await expect(stepRow('Permissions').textContent()).resolves.toMatch(/Rolled back/);

      // Verify: this machine is not a Connect server and none is named, so both checks say the
      // Connect server was not reached rather than passing.
      await byName(page, 'Next').click();
      await expectPage(page, 'Verify');
      await page.getByRole('button', { name: 'Run the checks' }).click();
      await page
        .getByText(/The Connect server was not reached/)
        .first()
        .waitFor({ timeout: 60_000 });
      await look(env, '15-verify');

      const phases = await page.evaluate(() => (window as unknown as { phases: Phase[] }).phases);
      // Progress per target: each run announced its one target being checked, written, verified.
      for (const run of ['apply', 'rollback'])
        expect(
          phases.filter((p) => p.run === run).map((p) => `${p.index + 1}/${p.total} ${p.phase}`),
        ).toEqual(expect.arrayContaining(['1/1 checking', '1/1 writing', '1/1 verified']));
      const writing = (run: string) => {
        const start = phases.find((p) => p.run === run && p.phase === 'writing')?.at;
        const end = phases.find((p) => p.run === run && p.phase === 'verified')?.at;
        return start !== undefined && end !== undefined ? seconds(end - start) : 'n/a';
      };
      console.log(
        `[e2e] of which the DC's write of the DACL and its read-back: apply ${writing('apply')}, rollback ${writing('rollback')} (Samba recomputes what every object below inherits before it answers)`,
      );
      console.log(
        `[e2e] one ACL on ${lab.baseDn} (${lab.scenarios.bulkCount.toLocaleString('en-US')} bulk users): apply ${seconds(applyMs)}, rollback ${seconds(rollbackMs)} (click to page update)`,
      );
    },
    walkTimeoutMs,
  );
});

/** An identity platform behind a route that drops every packet: no request ever returns. */
const noRoute: INetworkModule = {
  sendGetRequestAsync: () => new Promise(() => undefined),
  sendPostRequestAsync: () => new Promise(() => undefined),
};

describe('with no route to Entra ID', () => {
  let env: WizardEnv;
  beforeAll(async () => {
    env = await startWizard({
      entra: { signIn: { networkClient: noRoute, authorityMetadata, cloudDiscoveryMetadata } },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it(
    'a sign-in that never answers is visible, cancellable, and blocks no directory step',
    async () => {
      const { page } = env;
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect to Microsoft Entra ID');
      await page.getByRole('checkbox', { name: /code on another device/ }).check();
      await byName(page, 'Sign in').click();
      const waiting = page.locator('.sign-in-wait');
      await waiting.waitFor();
      await expect(waiting.textContent()).resolves.toMatch(/Signing in to Entra ID… waiting since/);
      await expect(byName(page, 'Next').isDisabled()).resolves.toBe(false);
      await expect(byName(page, 'Previous').isDisabled()).resolves.toBe(false);
      await look(env, 'n-01-entra-waiting');

      // The directory steps go on while the sign-in waits: connect, and plan a step.
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect directories');
      await connectToLab(page, lab);
      await page.waitForFunction(() => !document.querySelector('.footer button.primary[disabled]'));
      await byName(page, 'Next').click();
      await expectPage(page, 'Prerequisites');
      await page.getByText('AD DS connector account').waitFor();
      await byName(page, 'Next').click();
      await expectPage(page, 'Optional features');
      await byName(page, 'Next').click();
      await expectPage(page, 'Permissions');
      await page.locator('article.operation').first().waitFor({ timeout: scanTimeoutMs });
      await look(env, 'n-02-permissions-while-signing-in');

      // A reloaded page still sees the sign-in waiting, and can cancel it.
      await page.reload();
      await expectPage(page, 'Welcome / tasks');
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect to Microsoft Entra ID');
      await waiting.waitFor();
      await byName(page, 'Cancel sign-in').click();
      await page.getByText('Sign-in cancelled.').waitFor();
      await expect(page.getByRole('alert').count()).resolves.toBe(0);
      await expect(byName(page, 'Sign in').isDisabled()).resolves.toBe(false);
      await look(env, 'n-03-entra-cancelled');
    },
    walkTimeoutMs,
  );
});

describe('behind a proxy that refuses the tunnel to Microsoft', () => {
  let env: WizardEnv;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  const saved = process.env['HTTPS_PROXY'];
  beforeAll(async () => {
    proxy = await startConnectProxy({ refuseWith: 403 });
    process.env['HTTPS_PROXY'] = proxy.url;
    // The real network module: sign-in goes out through the proxy, as on a jump box.
    env = await startWizard();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env['HTTPS_PROXY'];
    else process.env['HTTPS_PROXY'] = saved;
    await env?.close();
    await proxy?.close();
  });

  it(
    'the sign-in asks the proxy, and the error names the network, the host and the proxy',
    async () => {
      const { page } = env;
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect to Microsoft Entra ID');
      await page.getByRole('checkbox', { name: /code on another device/ }).check();
      await byName(page, 'Sign in').click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 60_000 });
      await expect(alert.textContent()).resolves.toMatch(
        /^Signing in to Entra ID failed: The network: login\.microsoftonline\.com could not be reached \(the proxy http:\/\/[\d.]+:\d+ refused the tunnel/,
      );
      expect(proxy.tunnels).toContain('login.microsoftonline.com:443');
      await look(env, 'p-01-entra-proxy-refused');
    },
    walkTimeoutMs,
  );

  it(
    'a browser sign-in fails as fast, naming the network and the host, and opens no browser',
    async () => {
      const { page } = env;
      await page.reload();
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect to Microsoft Entra ID');
      await page.getByRole('checkbox', { name: /code on another device/ }).uncheck();
      const opened = env.opened.length;
      const started = Date.now();
      await byName(page, 'Sign in').click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 10_000 });
      await expect(alert.textContent()).resolves.toMatch(
        /^Signing in to Entra ID failed: The network: login\.microsoftonline\.com could not be reached \(the proxy http:\/\/[\d.]+:\d+ refused the tunnel/,
      );
      console.log(`[e2e] browser sign-in with no route: failed after ${Date.now() - started} ms`);
      expect(env.opened.length).toBe(opened);
      await look(env, 'p-02-entra-browser-proxy-refused');
    },
    walkTimeoutMs,
  );
});

describe('assess only', () => {
  let env: WizardEnv;
  beforeAll(async () => {
    env = await startWizard();
  });
  afterAll(async () => {
    await env?.close();
  });

  it(
    'assesses on Permissions and ends on the assessment with its report',
    async () => {
      const { page } = env;
      await page.getByRole('radio', { name: /Assess only/ }).check();
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect to Microsoft Entra ID');
      await byName(page, 'Next').click();
      await expectPage(page, 'Connect directories');
      await connectToLab(page, lab);
      await page.waitForFunction(() => !document.querySelector('.footer button.primary[disabled]'));
      await byName(page, 'Next').click();
      await expectPage(page, 'Prerequisites');
      await byName(page, 'Next').click();
      await expectPage(page, 'Permissions');
      // The assessment starts on arrival, its progress in view.
      await page.locator('table.causes').waitFor({ timeout: scanTimeoutMs });
      await page.locator('.verdict-table').scrollIntoViewIfNeeded();
      await look(env, 'a-01-assess-permissions');
      await byName(page, 'Next').click();
      await expectPage(page, 'Minimum password age');
      await byName(page, 'Next').click();
      await expectPage(page, 'Assessment');
      await expect(page.getByText(/Runs that can be rolled back/).count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Save HTML report' }).waitFor();
      await look(env, 'a-02-assessment');
    },
    walkTimeoutMs,
  );
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

  it(
    'reaches the last page without a mouse',
    async () => {
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
      await tabTo(page, /CA certificate \(PEM\)/);
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
      await page.locator('article.operation').first().waitFor({ timeout: scanTimeoutMs });
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
      // Nothing was applied, and the last page says so.
      await next(page, 'Nothing applied yet');
      await env.screenshot('k-12-complete-150pct');
    },
    walkTimeoutMs,
  );
});

describe('every page of the walks', () => {
  it('names no command-line flag', () => {
    const shown = [...flagsByPage].filter(([, flags]) => flags.length > 0);
    expect(flagsByPage.size).toBeGreaterThan(10);
    expect(Object.fromEntries(shown)).toEqual({});
  });

  it.skipIf(axeScript() === null)(
    'has no serious or critical accessibility violation (axe-core)',
    () => {
      const found = [...violationsByPage].filter(([, violations]) => violations.length > 0);
      expect(violationsByPage.size).toBeGreaterThan(10);
      expect(Object.fromEntries(found)).toEqual({});
    },
  );
});
