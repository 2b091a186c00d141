/**
 * The tool's version as `writeback --version` and its reports name it: package.json's own,
 * read once (the CLI always runs from the repository or its installed package).
 */
import { readFileSync } from 'node:fs';

const packageJson = new URL('../../package.json', import.meta.url);

export const version: string = (
  JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }
).version;
