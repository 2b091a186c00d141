/**
 * The PSO each user gets, decided on our side (main/domain/read-resultant-psos.ts), equals
 * what the DC itself constructs in msDS-ResultantPSO, for every user of the lab. Besides the
 * seeded PSO-Finance-MinAge, the test adds the cases the rules turn on, in an OU of its own, and
 * removes them afterwards: a PSO reached through nested groups, a PSO linked to the user itself
 * (beating a better precedence through a group), a user in two PSOs' groups, two PSOs of equal
 * precedence (the lower objectGUID wins), a primary group, a distribution group (passes nothing
 * on), a disabled user.
 */
import { randomBytes } from 'node:crypto';
import { Attribute, Change, type Client } from 'ldapts';
import { adminDirectory, testObjectsInOu, type TestObjects } from './oracle/test-objects';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../main/directory/connect';
import { readResultantPsos } from '../../main/domain/read-resultant-psos';
import { parseSid } from '../../shared/sd';
import { readLab } from './lab-env';
import { bindLab } from './oracle/sd-ldap';

const lab = readLab();
const tag = randomBytes(3).toString('hex');
const ou = `OU=PSO-Rules-${tag},${lab.baseDn}`;
const GLOBAL_SECURITY = 0x80000002;
const GLOBAL_DISTRIBUTION = 0x2;

let admin: Client;
let directory: Directory;
let objects: TestObjects;

const user = (name: string, uac = '512'): Promise<string> =>
  objects.user(ou, name, `${name}-${tag}`, { userAccountControl: uac });
const group = (name: string, groupType = GLOBAL_SECURITY): Promise<string> =>
  objects.group(ou, name, `${name}-${tag}`, groupType);
const pso = (name: string, precedence: number, appliesTo: string[]): Promise<string> =>
  objects.pso(`${name}-${tag}`, precedence, appliesTo);

const addMember = (group: string, member: string): Promise<void> =>
  objects.addMember(group, member);

async function rid(dn: string): Promise<number> {
  const entry = await directory.read(dn, ['objectSid']);
  return Number(parseSid(entry!.bytes['objectsid']![0]!).split('-').pop());
}

/** What the DC says for every user: DN → msDS-ResultantPSO (lower case) or ''. */
async function dcAnswers(): Promise<Map<string, { pso: string; uac: number; sid?: string }>> {
  const answers = new Map<string, { pso: string; uac: number; sid?: string }>();
  for await (const entry of directory.search(lab.baseDn, {
    filter: '(objectClass=user)',
    attributes: ['msDS-ResultantPSO', 'userAccountControl', 'objectSid'],
  })) {
    const sid = entry.bytes['objectsid']?.[0];
    answers.set(entry.dn, {
      pso: (entry.values['msds-resultantpso']?.[0] ?? '').toLowerCase(),
      uac: Number(entry.values['useraccountcontrol']?.[0] ?? 0),
      ...(sid ? { sid: parseSid(sid) } : {}),
    });
  }
  return answers;
}

beforeAll(async () => {
  admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
  directory = await adminDirectory(lab);
  objects = await testObjectsInOu(admin, lab.baseDn, ou);
  const outer = await group('Outer');
  const inner = await group('Inner');
  const tie = await group('Tie');
  const distribution = await group('Dist', GLOBAL_DISTRIBUTION);
  await addMember(outer, inner);
  const nested = await user('nested');
  await addMember(inner, nested);
  const direct = await user('direct');
  await addMember(lab.scenarios.psoGroup.dn, direct);
  const both = await user('both');
  await addMember(lab.scenarios.psoGroup.dn, both);
  await addMember(outer, both);
  const tied = await user('tied');
  await addMember(tie, tied);
  const primary = await user('primary');
  await addMember(inner, primary);
  await admin.modify(
    primary,
    new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'primaryGroupID', values: [String(await rid(inner))] }),
    }),
  );
  const inDistribution = await user('in-dist');
  await addMember(distribution, inDistribution);
  const disabled = await user('disabled', '514');
  await addMember(inner, disabled);

  await pso('Outer-20', 20, [outer]);
  await pso('Direct-50', 50, [direct]);
  await pso('Tie-A-30', 30, [tie]);
  await pso('Tie-B-30', 30, [tie]);
  await pso('Dist-5', 5, [distribution]);
}, 120_000);

afterAll(async () => {
  await objects?.removeAll();
  await admin?.unbind();
  await directory?.close();
});

describe('the resultant PSO, decided without msDS-ResultantPSO', () => {
  it('equals the DC’s msDS-ResultantPSO for every user of the domain', async () => {
    const psos = await readResultantPsos(directory, {
      baseDn: lab.baseDn,
      domainFunctionalLevel: 3,
    });
    const answers = await dcAnswers();
    const mismatches: string[] = [];
    let reached = 0;
    for (const [dn, dc] of answers) {
      const ours = psos.for({ dn, userAccountControl: dc.uac, objectSid: dc.sid });
      if (ours) reached++;
      const computed = ours?.dn.toLowerCase() ?? '';
      if (computed !== dc.pso) mismatches.push(`${dn}: DC "${dc.pso}", computed "${computed}"`);
    }
    expect(mismatches).toEqual([]);
    // The cases above are really there: the seeded PSO users, nested, direct, both, tied, primary.
    expect(reached).toBeGreaterThanOrEqual(lab.scenarios.psoUsers.length + 5);
    const pick = (name: string): string => answers.get(`CN=${name},${ou}`)!.pso;
    expect(pick('nested')).toContain('outer-20');
    expect(pick('direct')).toContain('direct-50');
    expect(pick('both')).toBe(lab.scenarios.pso.dn.toLowerCase());
    expect(pick('tied')).toMatch(/tie-[ab]-30/);
    expect(pick('primary')).toContain('outer-20');
    expect(pick('in-dist')).toBe('');
    expect(pick('disabled')).toContain('outer-20');
  });

  it('gives no PSO below the 2008 functional level, as the DC would', async () => {
    const psos = await readResultantPsos(directory, {
      baseDn: lab.baseDn,
      domainFunctionalLevel: 2,
    });
    const first = lab.scenarios.psoUsers[0]!;
    expect(psos.for({ dn: first.dn, userAccountControl: 512, objectSid: first.sid })).toBe(
      undefined,
    );
  });
});
