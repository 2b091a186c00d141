/**
 * Where the minimum password age comes from, read from the lab DC and its SYSVOL: the GPO
 * that really wins by gPLink precedence (link order, enforced, disabled links), the domain
 * head and the PSO with whom it applies to. Changes to the domain's gPLink are restored.
 */
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectDirectory, type Directory } from '../../main/directory/connect';
import { minPasswordAgeStep } from '../../main/steps/min-password-age';
import { readLab, type LabInfo } from './lab-env';

const lab: LabInfo = readLab();
const winning = lab.scenarios.outrankingGpo;
const ddp = lab.scenarios.defaultDomainPolicy;
let admin: Client;
/** The engine's door, bound as the same admin. */
let directory: Directory;
let gpLink: string;

async function setGpLink(value: string): Promise<void> {
  await admin.modify(
    lab.baseDn,
    new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'gPLink', values: [value] }),
    }),
  );
}

/** The lab's gPLink with one link's options replaced. */
function withOptions(guid: string, options: number): string {
  return gpLink.replace(
    new RegExp(`(cn=${guid.replace(/[{}]/g, '\\$&')}[^;]*;)\\d+`, 'i'),
    `$1${options}`,
  );
}

const inspect = () =>
  minPasswordAgeStep.inspect({
    directory,
    baseDn: lab.baseDn,
    sysvol: lab.sysvolPath,
    psos: [],
  });

beforeAll(async () => {
  admin = new Client({ url: lab.url, tlsOptions: { ca: [lab.caPem] }, timeout: 30_000 });
  await admin.bind(lab.admin.dn, lab.admin.password);
  directory = await connectDirectory({
    url: lab.url,
    bindUser: lab.admin.userPrincipalName,
    password: lab.admin.password,
    caPem: lab.caPem,
  });
  const { searchEntries } = await admin.search(lab.baseDn, {
    scope: 'base',
    attributes: ['gPLink'],
  });
  gpLink = String(searchEntries[0]!.gPLink);
});

afterEach(async () => {
  const { searchEntries } = await admin.search(lab.baseDn, {
    scope: 'base',
    attributes: ['gPLink'],
  });
  if (String(searchEntries[0]!.gPLink) !== gpLink) await setGpLink(gpLink);
});

afterAll(async () => {
  await admin?.unbind();
  await directory?.close();
});

describe('minimum password age: where it comes from', () => {
  it('finds the GPO with link order 1, the domain head and the PSO', async () => {
    const { state, checks } = await inspect();
    expect(state.gpos.map((g) => [g.guid, g.linkOrder, g.minimumPasswordAgeDays])).toEqual([
      [winning.guid, 1, winning.minAgeDays],
      [ddp.guid, 2, ddp.minAgeDays],
    ]);
    expect(state.decidingGpo?.guid).toBe(winning.guid);
    expect(state.domainMinPwdAge).toBe(lab.scenarios.domainMinPwdAge);
    expect(state.psos).toEqual([
      expect.objectContaining({
        dn: lab.scenarios.pso.dn,
        precedence: lab.scenarios.pso.precedence,
        appliesTo: lab.scenarios.pso.appliesTo,
      }),
    ]);
    expect(checks[0]!.message).toContain(`decided by the GPO "${winning.name}"`);
  });

  it('an enforced Default Domain Policy link wins over link order', async () => {
    await setGpLink(withOptions(ddp.guid, 2));
    const { state } = await inspect();
    expect(state.decidingGpo?.guid).toBe(ddp.guid);
    expect(state.gpos[0]!.enforced).toBe(true);
  });

  it('a disabled link does not decide', async () => {
    await setGpLink(withOptions(winning.guid, 1));
    const { state } = await inspect();
    expect(state.gpos.find((g) => g.guid === winning.guid)!.enabled).toBe(false);
    expect(state.decidingGpo?.guid).toBe(ddp.guid);
  });
});
