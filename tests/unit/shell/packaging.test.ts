/**
 * What ships: electron-builder's own schema accepts electron-builder.yml, Windows comes first
 * (NSIS and portable, x64 and arm64) with a Linux AppImage, the fuses are hardened, only out/**
 * is packaged, and the dev bridge can reach neither the build entries nor the package.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';

const root = new URL('../../../', import.meta.url).pathname;

describe('electron-builder.yml', () => {
  it('validates against electron-builder’s schema and hardens the fuses', async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    await validateConfiguration(config, { isEnabled: false, add: () => undefined } as never);
    expect(config.electronVersion).toBe(
      (
        JSON.parse(readFileSync(`${root}node_modules/electron/package.json`, 'utf8')) as {
          version: string;
        }
      ).version,
    );
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // Every fuse electron-builder can set is decided here, none left to Electron's default: a
    // newer electron-builder that knows another fuse fails this until electron-builder.yml
    // says what it should be (resetAdHocDarwinSignature is a macOS signing switch, not a fuse).
    const scheme = JSON.parse(
      readFileSync(`${root}node_modules/app-builder-lib/scheme.json`, 'utf8'),
    ) as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
    const settable = Object.keys(scheme.definitions.FuseOptionsV1.properties).filter(
      (fuse) => fuse !== 'resetAdHocDarwinSignature',
    );
    expect(Object.keys(config.electronFuses as object).sort()).toEqual(settable.sort());
    const win = config.win as { target: { target: string; arch: string[] }[] };
    expect(win.target).toEqual([
      { target: 'nsis', arch: ['x64', 'arm64'] },
      { target: 'portable', arch: ['x64', 'arm64'] },
    ]);
    expect((config.linux as { target: { target: string }[] }).target[0]!.target).toBe('AppImage');
    // electron-builder normalises `files` to [{ filter: [...] }].
    const files = (config.files as { filter: string[] }[]).flatMap((f) => f.filter);
    expect(files).toContain('!**/dev-bridge/**');
    expect(files.filter((f) => !f.startsWith('!'))).toEqual(['out/**', 'package.json']);
  });

  it('no build entry reaches the dev bridge', () => {
    const vite = readFileSync(`${root}electron.vite.config.ts`, 'utf8');
    expect(vite).toContain('main/shell/index.ts');
    expect(vite).not.toContain('dev-bridge/');
    const shell = readFileSync(`${root}main/shell/index.ts`, 'utf8');
    expect(shell).not.toContain('dev-bridge');
  });
});
