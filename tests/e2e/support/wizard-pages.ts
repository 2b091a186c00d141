/**
 * What every e2e walk does with the wizard's pages: find a button by its name, wait for a page
 * by its heading, and connect to the lab DC on Connect directories as an admin types it.
 */
import type { Page } from 'playwright-core';
import type { LabInfo } from '../../lab/lab-env';

export const byName = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

export const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name, exact: true });

/** Waits until the page's heading is `title` (a loaded machine: a minute by default). */
export async function expectPage(page: Page, title: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (wanted) => document.querySelector('main h2')?.textContent === wanted,
    title,
    { timeout },
  );
}

/**
 * Connect directories, filled as an admin would (the DC's URL, the admin's UPN and password, the
 * lab's CA pasted under Certificate trust), until the lab's connector account is offered.
 */
export async function connectToLab(page: Page, lab: LabInfo): Promise<void> {
  await page.getByLabel('Domain controller').fill(lab.url);
  await page
    .getByLabel('Account (an administrator of the domain)')
    .fill(lab.admin.userPrincipalName);
  await page.getByLabel('Password').fill(lab.admin.password);
  await page.getByText('Certificate trust').click();
  await page.getByLabel(/CA certificate \(PEM\)/).fill(lab.caPem);
  await byName(page, 'Connect').click();
  await page
    .getByRole('radio', { name: new RegExp(lab.connector.sAMAccountName) })
    .waitFor({ timeout: 60_000 });
}
