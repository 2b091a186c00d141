import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDirectory, type Directory } from '../../main/directory/connect';
import { escapeFilterValue } from '../../main/directory/escape';
import { SdFlags } from '../../main/directory/sd-flags-control';
import { WizardError } from '../../shared/errors';
import { readLab, type LabInfo } from './lab-env';
import { labUnderAnotherName } from './oracle/another-name';

let lab: LabInfo;
beforeAll(() => {
  lab = readLab();
});

async function failure(promise: Promise<unknown>): Promise<WizardError> {
  try {
    const value = await promise;
    if (value && typeof (value as Directory).close === 'function')
      await (value as Directory).close();
  } catch (error) {
    expect(error).toBeInstanceOf(WizardError);
    return error as WizardError;
  }
  throw new Error('expected the connect to fail');
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

describe('connect failures against the lab, each with its own message (exit 3)', () => {
  const base = () => ({
    bindUser: lab.admin.userPrincipalName,
    password: lab.admin.password,
    caPem: lab.caPem,
  });

  it('unresolvable name', async () => {
    const error = await failure(connectDirectory({ ...base(), url: 'ldaps://dc1.invalid' }));
    expect(error.code).toBe('dc-name-not-resolved');
    expect(error.exitCode).toBe(3);
  });

  it('closed port', async () => {
    const port = await freePort();
    const error = await failure(connectDirectory({ ...base(), url: `ldaps://127.0.0.1:${port}` }));
    expect(error.code).toBe('dc-port-closed');
  });

  it('filtered port: a listener that never answers hits the bounded timeout', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const started = Date.now();
    const error = await failure(
      connectDirectory({
        ...base(),
        url: `ldaps://127.0.0.1:${port}`,
        connectTimeoutMs: 1500,
        operationTimeoutMs: 1500,
      }),
    );
    sockets.forEach((s) => s.destroy());
    server.close();
    expect(error.code).toBe('dc-timeout');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('untrusted certificate (no CA given) shows its fingerprint, subject, issuer, validity', async () => {
    const error = await failure(
      connectDirectory({
        url: lab.url,
        bindUser: lab.admin.userPrincipalName,
        password: lab.admin.password,
      }),
    );
    expect(error.code).toBe('dc-cert-untrusted');
    expect(error.message).toMatch(/SHA-256 [0-9A-F:]{95}/);
    expect(error.message).toMatch(/issuer .*valid/);
    expect(error.message).not.toContain(lab.admin.password);
  });

  it('certificate for another host (localhost is not in the SAN)', async () => {
    const forwarder = await labUnderAnotherName(lab);
    try {
      const error = await failure(connectDirectory({ ...base(), url: forwarder.url }));
      expect(error.code).toBe('dc-cert-wrong-host');
    } finally {
      await forwarder.close();
    }
  });

  it('a pinned fingerprint replaces CA trust, and a wrong pin is refused with the real one shown', async () => {
    const untrusted = await failure(
      connectDirectory({
        url: lab.url,
        bindUser: lab.admin.userPrincipalName,
        password: lab.admin.password,
      }),
    );
    const pin = /SHA-256 ([0-9A-F:]{95})/.exec(untrusted.message)![1]!;
    const dir = await connectDirectory({
      url: lab.url,
      bindUser: lab.admin.userPrincipalName,
      password: lab.admin.password,
      tlsFingerprint: pin,
    });
    await dir.close();
    const wrong = await failure(
      connectDirectory({
        url: lab.url,
        bindUser: lab.admin.userPrincipalName,
        password: lab.admin.password,
        tlsFingerprint: '00'.repeat(32),
      }),
    );
    expect(wrong.code).toBe('dc-cert-fingerprint-mismatch');
    expect(wrong.message).toContain(pin);
  });

  it('wrong password: AD sub-code 52e, and the password is not in the message', async () => {
    const error = await failure(
      connectDirectory({ ...base(), url: lab.url, password: 'Not-The-Password-1' }),
    );
    expect(error.code).toBe('bind-wrong-password');
    expect(error.message).toContain('52e');
    expect(error.message).not.toContain('Not-The-Password-1');
  });

  it('StartTLS on ldap://:389 binds (never a clear-text bind)', async () => {
    const dir = await connectDirectory({ ...base(), url: `ldap://${lab.host}:389` });
    const root = await dir.rootDse();
    expect(root.values['defaultnamingcontext']).toEqual([lab.baseDn]);
    await dir.close();
  });
});

describe('reads and drift-checked writes', () => {
  let dir: Directory;
  let ou: string;
  beforeAll(async () => {
    dir = await connectDirectory({
      url: lab.url,
      bindUser: lab.admin.userPrincipalName,
      password: lab.admin.password,
      caPem: lab.caPem,
    });
    ou = `OU=t-dir-${Math.random().toString(16).slice(2, 10)},${lab.baseDn}`;
    // Created through the raw client the Directory hides: tests own their objects.
    const { Client } = await import('ldapts');
    const client = new Client({ url: lab.url, tlsOptions: { ca: [lab.caPem] } });
    await client.bind(lab.admin.userPrincipalName, lab.admin.password);
    await client.add(ou, { objectClass: ['top', 'organizationalUnit'], description: 'before' });
    await client.unbind();
  });
  afterAll(async () => {
    const { Client } = await import('ldapts');
    const client = new Client({ url: lab.url, tlsOptions: { ca: [lab.caPem] } });
    await client.bind(lab.admin.userPrincipalName, lab.admin.password);
    await client.del(ou).catch(() => undefined);
    await client.unbind();
    await dir.close();
  });

  // Drift (a target changed since the plan) is refused by the plan engine before it writes
  // (plan-security-descriptor.test.ts, permissions-writeback.test.ts); the door writes.
  it('a description written through the one write replaces the value', async () => {
    expect((await dir.read(ou, ['description']))?.values['description']).toEqual(['before']);
    await dir.write(ou, [{ attribute: 'description', values: ['after'] }]);
    expect((await dir.read(ou, ['description']))?.values['description']).toEqual(['after']);
  });

  it('a DACL written with the SD flags control (DACL only) reads back the same', async () => {
    const before = await dir.readSecurityDescriptor(ou, SdFlags.DACL);
    await dir.write(ou, [{ attribute: 'nTSecurityDescriptor', values: [before] }], {
      sdFlags: SdFlags.DACL,
    });
    expect(await dir.readSecurityDescriptor(ou, SdFlags.DACL)).toEqual(before);
  });

  it('a scan stops when its AbortSignal fires', async () => {
    const controller = new AbortController();
    let count = 0;
    const scan = (async () => {
      for await (const _entry of dir.search(lab.scenarios.bulkOu, {
        filter: '(objectClass=user)',
        attributes: ['sAMAccountName'],
        pageSize: 100,
        signal: controller.signal,
      })) {
        if (++count === 150) controller.abort();
      }
    })();
    await expect(scan).rejects.toMatchObject({ name: 'AbortError' });
    expect(count).toBe(150);
  });

  it('ranged retrieval returns every member of a group larger than one range', async () => {
    // A fresh lab has 200 bulk users; ranges of 50 make that several ranges to follow.
    const wanted = Math.min(lab.scenarios.bulkCount, 160);
    expect(wanted).toBeGreaterThan(100);
    const members: string[] = [];
    for await (const entry of dir.search(lab.scenarios.bulkOu, {
      filter: '(objectClass=user)',
      attributes: ['sAMAccountName'],
    })) {
      members.push(entry.dn);
      if (members.length === wanted) break;
    }
    const group = `CN=g-range,${ou}`;
    const { Client } = await import('ldapts');
    const client = new Client({ url: lab.url, tlsOptions: { ca: [lab.caPem] } });
    await client.bind(lab.admin.userPrincipalName, lab.admin.password);
    try {
      await client.add(group, {
        objectClass: ['top', 'group'],
        sAMAccountName: `g-range-${ou.slice(9, 17)}`,
        member: members,
      });
      // A Windows DC ranges past MaxValRange (1500) by itself; Samba returns every value
      // unless asked for a range, so ask for the first 50 and let the Directory follow on.
      const raw = await client.search(group, { scope: 'base', attributes: ['member;range=0-49'] });
      expect(Object.keys(raw.searchEntries[0]!)).toContain('member;range=0-49');
      const read: string[] = [];
      for await (const entry of dir.search(ou, {
        filter: '(objectClass=group)',
        attributes: ['member;range=0-49'],
      })) {
        read.push(...(entry.values['member'] ?? []));
      }
      expect(read.length).toBe(wanted);
      expect(new Set(read.map((d) => d.toLowerCase()))).toEqual(
        new Set(members.map((d) => d.toLowerCase())),
      );
    } finally {
      await client.del(group).catch(() => undefined);
      await client.unbind();
    }
  });

  it('streams users paged with binary SDs and progress; an injection filter matches nothing', async () => {
    // Enough users for several pages whatever size the lab was seeded with.
    const wanted = Math.min(lab.scenarios.bulkCount, 1200);
    let count = 0;
    let last = 0;
    for await (const entry of dir.search(lab.scenarios.bulkOu, {
      filter: '(objectClass=user)',
      attributes: ['sAMAccountName', 'nTSecurityDescriptor', 'objectSid'],
      pageSize: 50,
      onProgress: (p) => (last = p.count),
    })) {
      expect(entry.bytes['ntsecuritydescriptor']?.[0]).toBeInstanceOf(Uint8Array);
      expect(entry.bytes['objectsid']?.[0]?.[0]).toBe(1);
      if (++count >= wanted) break;
    }
    expect(count).toBe(wanted);
    expect(last).toBeGreaterThanOrEqual(50); // at least the first page was reported
    const injected: string[] = [];
    for await (const entry of dir.search(lab.baseDn, {
      filter: `(sAMAccountName=${escapeFilterValue('*)(objectClass=*')})`,
      attributes: ['sAMAccountName'],
    }))
      injected.push(entry.dn);
    expect(injected).toEqual([]);
  });
});
