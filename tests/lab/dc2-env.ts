/**
 * The lab's second writable DC, when `npm run lab -- up` brought one up
 * (WRITEBACK_LAB_DC2_ADDRESS; scripts/lab/dc2.ts): where it listens, or undefined.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labDir } from './lab-env';

export interface SecondDc {
  readonly host: string;
  readonly url: string;
  readonly dcHostName: string;
}

export function readSecondDc(): SecondDc | undefined {
  const path = join(labDir, 'dc2.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SecondDc) : undefined;
}

/**
 * An environment for another lab (the second forest, a lab beside this one): without this
 * lab's WRITEBACK_LAB_DC2_ADDRESS, or it would join a DC of its own on the same address.
 */
export function withoutSecondDc(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { WRITEBACK_LAB_DC2_ADDRESS: _thisLabsDc2, ...rest } = env;
  return rest;
}
