/** Builds the renderer with the app's own Vite config, for the bridge (tests, npm run bridge). */
import { build } from 'vite';
import { rendererConfig } from '../../vite.renderer.config';

export async function buildRenderer(outDir: string): Promise<void> {
  await build({ ...rendererConfig(outDir), configFile: false, logLevel: 'warn' });
}
