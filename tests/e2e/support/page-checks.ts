/**
 * What every page of the walk must pass, beyond its own assertions: no command-line flag in
 * what the admin reads (the app words its fixes as fields and buttons), and no serious or
 * critical accessibility violation found by axe-core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** A command-line flag as the CLI spells them: `--tenant`, `--adsync remote:<server>`. */
const flag = /(?:^|[\s(“"'])--[a-z][a-z-]+/m;

/** The flags in the page's visible text, with a little context, for the failure message. */
export async function flagsShown(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const found: string[] = [];
  for (const line of text.split('\n')) if (flag.test(line)) found.push(line.trim().slice(0, 160));
  return found;
}

let axeSource: string | undefined | null;

/** axe-core's script, if it is installed (a devDependency); null when it is not. */
export function axeScript(): string | null {
  if (axeSource !== undefined) return axeSource;
  try {
    const path = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    axeSource = existsSync(path) ? readFileSync(path, 'utf8') : null;
  } catch {
    axeSource = null;
  }
  return axeSource;
}

export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA). */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const source = axeScript();
  if (source === null) return [];
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') allows it.
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    };
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }));
  });
}
