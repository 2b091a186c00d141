// Types for layers.js (plain JavaScript, loaded by eslint.config.js), for the unit test.
export interface Place {
  layer: 'face' | 'composition' | 'engine' | 'model' | 'door' | 'platform' | 'shared';
  unit: string;
  /** The file or folder, from the repository's root, without .ts or .js. */
  path?: string;
}
export function placeOf(root: string, file: string): Place | undefined;
export function refusal(from: Place, to: Place, root?: string): string | undefined;
declare const plugin: { rules: Record<string, unknown> };
export default plugin;
