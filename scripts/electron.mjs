#!/usr/bin/env node
// `npm start` (electron-vite dev) and `npm run dist` (build + electron-builder). Both need the
// Electron binary, which `npm install` never fetches: since Electron 42 the package has no
// install script (and package.json allowScripts would deny one), so installs and tests work
// offline. On first use, on a machine with internet access, this runs electron's own installer
// (install.js, its `install-electron` command) to fetch it; electron-vite reads the path.txt it
// writes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const mode = process.argv[2];

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function ensureElectronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const binary = existsSync(pathFile)
    ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    : undefined;
  if (binary && existsSync(binary)) return;
  console.error('writeback: fetching the Electron binary (first run; needs internet access)…');
  run(process.execPath, [join(electronDir, 'install.js')]);
}

if (mode === 'dev') {
  ensureElectronBinary();
  run('npx', ['electron-vite', 'dev']);
} else if (mode === 'dist') {
  ensureElectronBinary();
  run('npx', ['electron-vite', 'build']);
  run('npx', ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(3)]);
} else {
  console.error('usage: node scripts/electron.mjs dev|dist [electron-builder options]');
  process.exit(2);
}
