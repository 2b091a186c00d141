/**
 * What an end-to-end test of the wizard needs: the renderer built with the app's Vite config
 * (once per run), the dev bridge serving it with the real engine, and Debian's Chromium driven
 * by playwright-core. Each test gets its own journal and report folders.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildRenderer } from '../../../main/dev-bridge/build-renderer';
import { startDevBridge, type DevBridge } from '../../../main/dev-bridge/server';
import type { AdsyncHost, EntraHostSettings } from '../../../main/engine-api/session';

export interface WizardEnv {
  readonly bridge: DevBridge;
  readonly browser: Browser;
  readonly page: Page;
  readonly folder: string;
  readonly opened: string[];
  /** Saves test-artifacts/screenshots/<name>.png. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export const screenshotFolder = join(process.cwd(), 'test-artifacts', 'screenshots');

let built: Promise<string> | undefined;

/** The renderer, built once for every wizard this test file starts. */
function builtRenderer(): Promise<string> {
  built ??= (async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wb-e2e-renderer-')), 'renderer');
    await buildRenderer(dir);
    return dir;
  })();
  return built;
}

export async function startWizard(
  options: {
    viewport?: { width: number; height: number };
    deviceScaleFactor?: number;
    entra?: EntraHostSettings;
    adsync?: AdsyncHost;
  } = {},
): Promise<WizardEnv> {
  const folder = mkdtempSync(join(tmpdir(), 'wb-e2e-'));
  const rendererDir = await builtRenderer();
  const opened: string[] = [];
  const bridge = await startDevBridge({
    rendererDir,
    journalFolder: join(folder, 'journals'),
    reportFolder: join(folder, 'reports'),
    onOpenExternal: (url) => void opened.push(url),
    ...(options.entra ? { entra: options.entra } : {}),
    ...(options.adsync ? { adsync: options.adsync } : {}),
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  const page = await context.newPage();
  await page.goto(bridge.url);
  mkdirSync(screenshotFolder, { recursive: true });
  return {
    bridge,
    browser,
    page,
    folder,
    opened,
    screenshot: async (name) => {
      await page.screenshot({ path: join(screenshotFolder, `${name}.png`), fullPage: false });
    },
    close: async () => {
      await browser.close();
      await bridge.close();
    },
  };
}
