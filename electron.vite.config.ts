/**
 * electron-vite: the main process (the Electron shell over the engine), the sandboxed preload
 * (one CommonJS file that requires only 'electron') and the renderer. The dev bridge is not an
 * entry: it never reaches out/, so it is never packaged.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

const here = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(here, 'out/main'),
      rollupOptions: { input: { index: resolve(here, 'main/shell/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(here, 'out/preload'),
      // Sandboxed preloads cannot load other files: bundle everything but electron into one.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(here, 'preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: rendererConfig(resolve(here, 'out/renderer')),
});
