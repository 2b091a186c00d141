/**
 * vitest globalSetup of the lab and e2e projects: reuses a healthy running lab, else brings it
 * up (provision, start, seed with the default bulk users) exactly as `npm run lab -- up` does,
 * and fails with its message when it cannot.
 */
import { up } from '../../scripts/lab/lifecycle';
import { isHealthy } from '../../scripts/lab/daemon';
import { readLabState } from './lab-env';

const log = (line: string): void => {
  process.stderr.write(`[lab] ${line}\n`);
};

export default async function setup(): Promise<void> {
  const state = readLabState();
  if (state?.scenarios && (await isHealthy(state.admin.dn, state.admin.password))) return;
  try {
    await up({}, log);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The Samba AD DC lab could not be brought up (npm run lab -- up):\n${message}`,
      {
        cause: error,
      },
    );
  }
}
