/**
 * The Electron the app ships still gets security fixes, and the engine is tested on the Node that
 * Electron bundles. Electron patches only its newest three stable majors; when this lockfile was
 * made (November 2026, 45.5.0 the newest release) those were 43, 44 and 45, so a pin below 43
 * fails here. Raise `minimumElectronMajor`, and the README's Set up with it, when a new major
 * ships.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const minimumElectronMajor = 43;

const root = new URL('../../../', import.meta.url).pathname;
const readJson = <T>(path: string): T => JSON.parse(readFileSync(`${root}${path}`, 'utf8')) as T;
const major = (version: string): number => Number(/^\D*(\d+)\./.exec(version)?.[1]);

interface PackageJson {
  devDependencies: Record<string, string>;
  dependencies?: Record<string, string>;
}
const project = readJson<PackageJson>('package.json');
const lock = readJson<{ packages: Record<string, { version: string }> }>('package-lock.json');
const installedElectron = readJson<PackageJson & { version: string }>(
  'node_modules/electron/package.json',
);
const pinnedElectron = project.devDependencies['electron']!;

/**
 * The Node major the pinned Electron bundles, read from Electron's own package: it depends on the
 * @types/node of its bundled Node, raised in the same change that moves Electron to a new Node
 * major (^22 for Electron 39, ^24 from 40 on).
 */
const bundledNodeMajor = major(installedElectron.dependencies!['@types/node']!);

describe('the Electron the app ships', () => {
  it('is pinned to one exact version of a major that still gets security fixes', () => {
    expect(pinnedElectron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(major(pinnedElectron)).toBeGreaterThanOrEqual(minimumElectronMajor);
  });

  it('is the version the lockfile and node_modules hold, so npm ci installs exactly it', () => {
    expect(lock.packages['node_modules/electron']?.version).toBe(pinnedElectron);
    expect(installedElectron.version).toBe(pinnedElectron);
  });
});

describe('the Node the engine is tested on', () => {
  it('is the major the pinned Electron bundles: the runtime running these tests, the node package and its types', () => {
    expect(bundledNodeMajor).toBeGreaterThanOrEqual(24);
    expect(major(process.versions.node)).toBe(bundledNodeMajor);
    expect(major(project.devDependencies['node']!)).toBe(bundledNodeMajor);
    expect(lock.packages['node_modules/node']?.version).toBe(project.devDependencies['node']);
    expect(major(project.devDependencies['@types/node']!)).toBe(bundledNodeMajor);
  });
});

describe('the README', () => {
  // One line of prose may wrap anywhere: compare with single spaces.
  const readme = readFileSync(`${root}README.md`, 'utf8').replace(/\s+/g, ' ');

  it('names the pinned Electron, the Node it bundles and the one the tests run on, and the oldest supported major', () => {
    expect(readme).toContain(`Electron is pinned to **${pinnedElectron}**`);
    expect(readme).toContain(`bundles Node ${bundledNodeMajor}`);
    expect(readme).toContain(`installs **Node ${bundledNodeMajor}**`);
    expect(readme).toContain(`on Node ${bundledNodeMajor} (${project.devDependencies['node']}`);
    expect(readme).toContain(`Electron ${minimumElectronMajor} is the oldest major`);
  });
});
