/** Reads and writes `.lab/lab.json` atomically (write a temp file, then rename). */
import { renameSync, writeFileSync } from 'node:fs';
import type { LabState } from '../../tests/lab/lab-env';
import { readLabState } from '../../tests/lab/lab-env';
import { labPaths } from './paths';

/** What the lab script keeps besides LabInfo: the seed's password secret (lab only). */
export interface LabScriptState extends LabState {
  /** Random per provisioning; seeded passwords derive from it so re-seeding keeps them. */
  readonly passwordSecret: string;
}

export function readState(): LabScriptState | undefined {
  return readLabState() as LabScriptState | undefined;
}

export function writeState(state: LabScriptState): void {
  const tmp = `${labPaths.json}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, labPaths.json);
}

export function updateState(change: (state: LabScriptState) => LabScriptState): LabScriptState {
  const state = readState();
  if (!state) throw new Error('The lab is not provisioned. Run: npm run lab -- up');
  const next = change(state);
  writeState(next);
  return next;
}
