/**
 * The engine's `security-descriptor` adapter against the lab DC, on an OU of its own: a DACL
 * change applied through the engine (SD flags: DACL only) reads back as intended even though
 * the DC recomputes inherited ACEs, a drifted DACL stops apply (exit 4) with nothing written,
 * and rollback restores the DACL byte for byte.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../shared/errors';
import { planFormatVersion, type Plan, type SecurityDescriptorOperation } from '../../shared/plan';
import {
  addAce,
  fromSddl,
  parseSecurityDescriptor,
  parseSid,
  serializeSecurityDescriptor,
  toSddl,
} from '../../shared/sd';
import { connectDirectory, type Directory } from '../../main/directory/connect';
import { SdFlags, SdFlagsControl } from '../../main/directory/sd-flags-control';
import { securityDescriptorAdapter } from '../../main/operations/security-descriptor';
import { applyPlan } from '../../main/plan/apply';
import { securityDescriptorOperation } from '../../main/operations/security-descriptor';
import { rollbackRun } from '../../main/plan/rollback';
import { grantSddl, WRITEBACK_RIGHTS } from '../../main/steps/permissions/writeback-rights';
import { readLab, type LabInfo } from './lab-env';

const lab: LabInfo = readLab();
const ou = `OU=t-${randomBytes(4).toString('hex')},${lab.baseDn}`;
const work = mkdtempSync(join(tmpdir(), 'wb-lab-sd-'));
let admin: Client;
/** The engine's door, bound as the same admin. */
let directory: Directory;

async function readDacl(): Promise<Buffer> {
  const { searchEntries } = await admin.search(
    ou,
    {
      scope: 'base',
      attributes: ['nTSecurityDescriptor'],
      explicitBufferAttributes: ['nTSecurityDescriptor'],
    },
    new SdFlagsControl(SdFlags.DACL),
  );
  return searchEntries[0]!.nTSecurityDescriptor as Buffer;
}

/** Reset password on the OU's descendant users, for the connector: an ACE the OU lacks. */
const resetPassword = () => grantSddl(WRITEBACK_RIGHTS[0]!, lab.connector.sid, 'descendant-users');

async function planGrant(): Promise<SecurityDescriptorOperation> {
  const domainSid = parseSid(lab.domainSid);
  const beforeBytes = await readDacl();
  const before = parseSecurityDescriptor(beforeBytes);
  const ace = fromSddl(`D:${resetPassword()}`, domainSid).dacl!.aces[0]!;
  const after = { ...before, dacl: addAce(before.dacl!, ace) };
  return securityDescriptorOperation({
    step: 'permissions',
    summary: `Grant ${lab.connector.sAMAccountName} Reset password on descendant users of ${ou}`,
    dn: ou,
    domainSid: lab.domainSid,
    before: { bytes: beforeBytes, sddl: toSddl(before, domainSid) },
    after: { bytes: serializeSecurityDescriptor(after), sddl: toSddl(after, domainSid) },
  });
}

const planOf = (operation: SecurityDescriptorOperation): Plan => ({
  formatVersion: planFormatVersion,
  createdAt: new Date().toISOString(),
  source: { dc: lab.url, baseDn: lab.baseDn },
  steps: ['permissions'],
  operations: [operation],
  notes: [],
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
  await admin.add(ou, { objectClass: ['top', 'organizationalUnit'] });
});

afterAll(async () => {
  await admin?.del(ou).catch(() => undefined);
  await admin?.unbind();
  await directory?.close();
});

describe('security-descriptor operations through the engine', () => {
  it('applies a grant, reads it back as intended, and rolls back byte for byte', async () => {
    const original = await readDacl();
    const operation = await planGrant();
    const adapters = { 'security-descriptor': securityDescriptorAdapter(directory) };
    const journalPath = join(work, 'grant.jsonl');
    await applyPlan(planOf(operation), { adapters, journalPath });
    const applied = toSddl(parseSecurityDescriptor(await readDacl()), parseSid(lab.domainSid));
    expect(applied).toContain(resetPassword());
    expect((await rollbackRun(journalPath, { adapters })).restored).toBe(1);
    expect((await readDacl()).equals(original)).toBe(true);
  });

  it('writes nothing (exit 4) when the DACL changed since the plan', async () => {
    const operation = await planGrant();
    const changed = parseSecurityDescriptor(await readDacl());
    const other = fromSddl('D:(A;;RC;;;AU)', parseSid(lab.domainSid)).dacl!.aces[0]!;
    const drifted = serializeSecurityDescriptor({ ...changed, dacl: addAce(changed.dacl!, other) });
    await admin.modify(
      ou,
      new Change({
        operation: 'replace',
        modification: new Attribute({
          type: 'nTSecurityDescriptor',
          values: [Buffer.from(drifted)],
        }),
      }),
      new SdFlagsControl(SdFlags.DACL),
    );
    const before = await readDacl();
    const adapters = { 'security-descriptor': securityDescriptorAdapter(directory) };
    await expect(
      applyPlan(planOf(operation), { adapters, journalPath: join(work, 'drift.jsonl') }),
    ).rejects.toMatchObject({ exitCode: ExitCode.drift });
    expect((await readDacl()).equals(before)).toBe(true);
  });
});
