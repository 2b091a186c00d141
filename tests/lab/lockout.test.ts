/**
 * Locked out or not, decided from lockoutTime and the effective lockout duration
 * (main/domain/lockout.ts), equals the UF_LOCKOUT bit the DC constructs in
 * msDS-User-Account-Control-Computed, for every user of the lab. The test locks two users of
 * its own out with wrong passwords, under PSOs of its own: one whose lockout lasts 30 minutes
 * (still locked), one whose lockout lasts a second (lockoutTime stays set, but the lockout ran
 * out). Everything it adds is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Client, type Client as LdapClient } from 'ldapts';
import { adminDirectory, testObjectsInOu, type TestObjects } from './oracle/test-objects';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../main/directory/connect';
import { isLockedOut } from '../../main/domain/lockout';
import { readResultantPsos } from '../../main/domain/read-resultant-psos';
import { toFileTime } from '../../main/readiness/user-record';
import { parseSid } from '../../shared/sd';
import { readLab } from './lab-env';
import { bindLab } from './oracle/sd-ldap';

const lab = readLab();
const tag = randomBytes(3).toString('hex');
const ou = `OU=Lockout-${tag},${lab.baseDn}`;
const UF_LOCKOUT = 0x10;
const thirtyMinutes = '-18000000000';
const oneSecond = '-10000000';

let admin: LdapClient;
let directory: Directory;
let objects: TestObjects;

const user = (name: string): Promise<string> => objects.user(ou, name, `${name}-${tag}`);
const lockoutPso = (name: string, duration: string, appliesTo: string): Promise<string> =>
  objects.pso(`${name}-${tag}`, 1, [appliesTo], {
    'msDS-LockoutThreshold': '2',
    'msDS-LockoutObservationWindow': duration,
    'msDS-LockoutDuration': duration,
  });

/** Wrong passwords until the DC records a lockout. */
async function lockOut(dn: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const client = new Client({ url: lab.url, tlsOptions: { ca: [lab.caPem] } });
    await client.bind(dn, 'not-the-password').catch(() => undefined);
    await client.unbind().catch(() => undefined);
  }
}

beforeAll(async () => {
  admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
  directory = await adminDirectory(lab);
  objects = await testObjectsInOu(admin, lab.baseDn, ou);
  const stillLocked = await user('still-locked');
  const ranOut = await user('ran-out');
  await lockoutPso('Lock-30min', thirtyMinutes, stillLocked);
  await lockoutPso('Lock-1s', oneSecond, ranOut);
  await lockOut(stillLocked);
  await lockOut(ranOut);
  // Let the one-second lockout run out, with room for a slow machine.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}, 120_000);

afterAll(async () => {
  await objects?.removeAll();
  await admin?.unbind();
  await directory?.close();
});

describe('locked out, decided without msDS-User-Account-Control-Computed', () => {
  it('equals the DC’s UF_LOCKOUT for every user of the domain', async () => {
    const head = await directory.read(lab.baseDn, ['lockoutDuration', 'msDS-Behavior-Version']);
    const domainDuration = BigInt(head!.values['lockoutduration']![0]!);
    const psos = await readResultantPsos(directory, {
      baseDn: lab.baseDn,
      domainFunctionalLevel: Number(head!.values['msds-behavior-version']![0]),
    });
    const mismatches: string[] = [];
    const lockoutTimes = new Map<string, bigint>();
    let locked = 0;
    for await (const entry of directory.search(lab.baseDn, {
      filter: '(objectClass=user)',
      attributes: [
        'lockoutTime',
        'userAccountControl',
        'objectSid',
        'msDS-User-Account-Control-Computed',
      ],
    })) {
      const now = toFileTime(Date.now());
      const facts = {
        dn: entry.dn,
        userAccountControl: Number(entry.values['useraccountcontrol']?.[0] ?? 0),
        lockoutTime: BigInt(entry.values['lockouttime']?.[0] ?? '0'),
        objectSid: entry.bytes['objectsid']?.[0] && parseSid(entry.bytes['objectsid'][0]),
      };
      lockoutTimes.set(entry.dn, facts.lockoutTime);
      const duration = psos.for(facts)?.lockoutDuration ?? domainDuration;
      const ours = isLockedOut(facts, duration, now);
      const dc =
        (Number(entry.values['msds-user-account-control-computed']?.[0] ?? 0) & UF_LOCKOUT) !== 0;
      if (ours) locked++;
      if (ours !== dc) mismatches.push(`${entry.dn}: DC ${dc}, computed ${ours}`);
    }
    expect(mismatches).toEqual([]);
    // The cases are really there: one locked out, one whose lockout ran out.
    expect(locked).toBeGreaterThanOrEqual(1);
    expect(lockoutTimes.get(`CN=still-locked,${ou}`)).toBeGreaterThan(0n);
    expect(lockoutTimes.get(`CN=ran-out,${ou}`)).toBeGreaterThan(0n);
  });
});
