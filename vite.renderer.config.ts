/**
 * The renderer's Vite config, shared by electron-vite (the app) and the end-to-end tests'
 * build (tests/e2e/support), so the page the tests drive is the page the app ships.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

const root = resolve(import.meta.dirname, 'renderer');

export function rendererConfig(outDir: string): UserConfig {
  return {
    root,
    base: './',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      // No inline <script> or data: modules: the CSP allows 'self' only.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      rollupOptions: { input: resolve(root, 'index.html') },
    },
  };
}

export default rendererConfig(resolve(import.meta.dirname, 'out/renderer'));
