/**
 * The evidence pack's rollback-by-hand page is for the day the tool is not there: its OpenLDAP
 * command must restore the DACL exactly when an admin runs it as written. Independent truth is
 * OpenLDAP's own ldapmodify (ldap-utils) against the lab DC, on an OU whose name holds a space
 * and an escaped comma, with only the placeholders the page explains filled in.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readLab, type LabInfo } from './lab-env';
import { bindLab, readDacl } from './oracle/sd-ldap';
import { processTestTimeoutMs, writeback, labConnection } from '../support/writeback-cli';

vi.setConfig({ testTimeout: processTestTimeoutMs * 3 });

const lab: LabInfo = readLab();

describe('the pack’s rollback-by-hand page, run by hand', () => {
  let admin: Client;
  let work: string;
  const ou = `OU=WB Hand\\, ${randomBytes(3).toString('hex')},${lab.baseDn}`;
  const env = { ...process.env, WB_HAND_PASSWORD: lab.admin.password };
  const connection = labConnection(lab, 'WB_HAND_PASSWORD');

  beforeAll(async () => {
    admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
    await admin.add(ou, { objectClass: ['top', 'organizationalUnit'] });
    work = mkdtempSync(join(tmpdir(), 'wb-hand-'));
  });
  afterAll(async () => {
    await admin?.del(ou).catch(() => undefined);
    await admin?.unbind().catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("OpenLDAP's ldapmodify, as the page gives it, restores the DACL byte for byte", () => {
    const before = readDacl(admin, ou);
    const plan = join(work, 'plan.json');
    const journal = join(work, 'run.jsonl');
    const made = writeback(
      [
        'plan',
        '--steps',
        'permissions',
        '--account',
        lab.connector.sAMAccountName,
        '--scope',
        ou,
        '--out',
        plan,
        ...connection,
      ],
      env,
    );
    expect(made.status, made.stderr).toBe(0);
    const applied = writeback(['apply', plan, '--yes', '--journal', journal, ...connection], env);
    expect(applied.status, applied.stderr).toBe(0);
    const pack = join(work, 'pack');
    const packed = writeback(['evidence', journal, '--out', pack, '--no-zip']);
    expect(packed.status, packed.stderr).toBe(0);

    const page = readFileSync(join(pack, 'ROLLBACK-BY-HAND.md'), 'utf8');
    const line = page
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('ldapmodify '));
    expect(line, page).toBeDefined();
    // The placeholders the page explains (<dc>, <admin>) and -W's prompt, nothing else.
    const words = line!
      .replace('ldaps://<dc>', lab.url)
      .replace('<admin>', `'${lab.admin.dn}'`)
      .replace(' -W ', ` -y '${join(work, 'password')}' `);
    writeFileSync(join(work, 'password'), lab.admin.password, { mode: 0o600 });
    const run = spawnSync('sh', ['-c', words], {
      cwd: pack,
      env: { ...process.env, LDAPTLS_CACERT: lab.caFile, LDAPTLS_REQCERT: 'demand' },
      encoding: 'utf8',
    });
    expect(run.status, `${words}\n${run.stdout}\n${run.stderr}`).toBe(0);
    return before.then(async (original) => {
      expect((await readDacl(admin, ou)).equals(original)).toBe(true);
    });
  });
});
