/**
 * Finding 6 (non-ASCII filter values), against the DC: a name typed with an umlaut finds its
 * account. Escaping each UTF-8 byte as `\XX` made ldapts send every byte as a character of its
 * own, encoded again (`jÃ¼rgen`), so the DC never matched; RFC 4515 allows UTF-8 as is.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDirectory, type Directory } from '../../main/directory/connect';
import { escapeFilterValue } from '../../main/directory/escape';
import { readLab, type LabInfo } from './lab-env';

const lab: LabInfo = readLab();
const name = `jürgen-${randomBytes(3).toString('hex')}`;
const dn = `CN=${name},CN=Users,${lab.baseDn}`;
let admin: Client;
let directory: Directory;

beforeAll(async () => {
  admin = new Client({ url: lab.url, tlsOptions: { ca: [lab.caPem] }, timeout: 30_000 });
  await admin.bind(lab.admin.dn, lab.admin.password);
  await admin.add(dn, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: name,
  });
  directory = await connectDirectory({
    url: lab.url,
    bindUser: lab.admin.userPrincipalName,
    password: lab.admin.password,
    caPem: lab.caPem,
  });
});

afterAll(async () => {
  await directory?.close();
  await admin?.del(dn).catch(() => undefined);
  await admin?.unbind();
});

describe('finding 6: a non-ASCII name typed by the admin finds its account', () => {
  it('matches sAMAccountName jürgen-… exactly once', async () => {
    const found: string[] = [];
    for await (const entry of directory.search(lab.baseDn, {
      filter: `(sAMAccountName=${escapeFilterValue(name)})`,
      attributes: ['sAMAccountName'],
    })) {
      found.push(entry.values['samaccountname']?.[0] ?? '');
    }
    expect(found).toEqual([name]);
  });
});
