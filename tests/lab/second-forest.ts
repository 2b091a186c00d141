/**
 * The lab's second forest: FABRIKAM.TEST, a Samba AD realm of its own beside the CONTOSO.TEST
 * lab, as a Connect server that syncs two forests sees them. It lives in `<lab>/second-forest`
 * and listens on the first lab's address + 1 (`WRITEBACK_LAB_SECOND_ADDRESS` overrides it), and
 * is provisioned and seeded exactly as the first (its own MSOL_ connector account, protected
 * admin, OU denying the connector Reset password, GPO deciding the minimum age, ordinary
 * users), by the same `scripts/lab/cli.ts up` run with the second forest's environment.
 */
import { withoutSecondDc } from './dc2-env';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { labAddress, labAddressFromEnv, labDir, readLabAt, type LabInfo } from './lab-env';

export const secondForestRealm = 'FABRIKAM.TEST';

/** `<lab>/second-forest`: inside the first lab's folder, so one `rm -rf .lab` clears both. */
export const secondForestDir = join(labDir, 'second-forest');

/** WRITEBACK_LAB_SECOND_ADDRESS, else the first lab's address + 1 (127.0.0.10 → 127.0.0.11). */
export function secondForestAddress(
  fromEnv = process.env.WRITEBACK_LAB_SECOND_ADDRESS,
  first = labAddress(),
): string {
  if (fromEnv !== undefined && fromEnv !== '') {
    return labAddressFromEnv(fromEnv);
  }
  const octets = first.split('.').map(Number);
  const last = octets[3]! + 1;
  if (last >= 255) {
    throw new Error(
      `The second forest would listen on the first lab's address + 1, but ${first} is the last one of its /24. ` +
        'Set WRITEBACK_LAB_SECOND_ADDRESS to a free loopback address.',
    );
  }
  return labAddressFromEnv([...octets.slice(0, 3), last].join('.'));
}

/**
 * The environment that points scripts/lab at the second forest. The first forest's second DC
 * (WRITEBACK_LAB_DC2_ADDRESS) is its own: the second forest gets none, or it would join a DC of
 * its own on the same address (and its samba would exit at start-up).
 */
export function secondForestEnv(): NodeJS.ProcessEnv {
  return {
    ...withoutSecondDc(process.env),
    WRITEBACK_LAB_DIR: secondForestDir,
    WRITEBACK_LAB_ADDRESS: secondForestAddress(),
    WRITEBACK_LAB_REALM: secondForestRealm,
  };
}

const repo = new URL('../../', import.meta.url).pathname;

/** `npm run lab -- <verb>` for the second forest (the lab's own lock makes it safe to repeat). */
export function secondForestVerb(verb: 'up' | 'down' | 'status', log: (line: string) => void) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(join(repo, 'node_modules/.bin/tsx'), ['scripts/lab/cli.ts', verb], {
      cwd: repo,
      env: secondForestEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (d: Buffer) => {
      output += d.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      for (const line of output.split('\n').filter(Boolean)) log(`second forest: ${line}`);
      if (code === 0) resolve();
      else reject(new Error(`The second forest's lab ${verb} exited ${code}:\n${output}`));
    });
  });
}

/** The second forest's connection facts and scenarios (as readLab() gives the first's). */
export function readSecondForest(): LabInfo {
  return readLabAt(
    secondForestDir,
    `WRITEBACK_LAB_DIR=${secondForestDir} WRITEBACK_LAB_ADDRESS=${secondForestAddress()} WRITEBACK_LAB_REALM=${secondForestRealm} npm run lab -- up`,
  );
}
