import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Blocker } from '../../shared/checks';
import { reportHtml } from '../../main/report/report-html';
import { reportModel } from '../../main/report/report-model';

/**
 * The HTML report in a real browser (Debian's Chromium): 12,000 users whose names and DNs
 * try to inject markup and script. Nothing runs, nothing is fetched, the table sorts,
 * filters and pages, and the first page is on screen quickly.
 */
const artifacts = join(process.cwd(), 'test-artifacts');
const evil = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>&amp; "q" 'a'`;

function users(n: number): Blocker[] {
  const codes = ['missing-grant', 'inheritance-disabled', 'deny-ace', 'minimum-password-age'];
  return Array.from({ length: n }, (_, i) => ({
    sAMAccountName: i % 1000 === 7 ? `${evil}${i}` : `user${String(i).padStart(5, '0')}`,
    dn: `CN=User ${i}\\, ${i % 97 === 0 ? evil : 'ok'},OU=Bulk,DC=contoso,DC=test`,
    reasons: [
      {
        code: codes[i % codes.length]!,
        message: `cause ${i % codes.length} ${i % 500 === 0 ? evil : ''}`,
        fix: '=cmd|fix',
      },
    ],
  }));
}

describe('HTML report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is inert, self-contained and usable with 12,000 users', async () => {
    const blockers = users(12_000);
    const html = reportHtml(
      reportModel({
        generatedAt: new Date().toISOString(),
        checks: [{ id: 'ad.x', title: evil, status: 'fail', message: evil, fix: evil }],
        blockers,
        facts: {},
      }),
    );
    mkdirSync(artifacts, { recursive: true });
    const file = join(artifacts, 'report-12000.html');
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) external.push(r.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const started = Date.now();
    await page.goto(`file://${file}`);
    await page.locator('#rows tr').first().waitFor();
    const firstPaintMs = Date.now() - started;
    expect(await page.locator('#rows tr').count()).toBe(100);
    expect(await page.locator('#info').textContent()).toContain('12,000 of 12,000 rows');
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);

    await page.fill('#q', 'onerror');
    await expect.poll(() => page.locator('#info').textContent()).toMatch(/^\d+ of 12,000 rows/);
    const filtered = Number(
      (await page.locator('#info').textContent())!.split(' ')[0]!.replace(/,/g, ''),
    );
    expect(filtered).toBe(
      blockers.filter((b) =>
        `${b.sAMAccountName} ${b.dn} ${b.reasons[0]!.message}`.toLowerCase().includes('onerror'),
      ).length,
    );
    await page.fill('#q', '');
    await page.selectOption('#cause', 'deny-ace');
    await expect.poll(() => page.locator('#info').textContent()).toContain('3,000 of 12,000 rows');
    // Sorted by user ascending at first: one click on the column sorts it descending.
    await page.click('th[data-key="sAMAccountName"]');
    const names = await page.locator('#rows tr td:nth-child(2)').allTextContents();
    expect(names.slice(0, 20).every((n, i, a) => i === 0 || a[i - 1]! >= n)).toBe(true);
    await page.click('#next');
    expect(await page.locator('#info').textContent()).toContain('page 2 of 30');
    await page.screenshot({ path: join(artifacts, 'report-12000.png') });
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    console.info(
      `12,000-user report: ${Math.round(html.length / 1024)} KiB, first page shown in ${firstPaintMs} ms`,
    );
  });
});
