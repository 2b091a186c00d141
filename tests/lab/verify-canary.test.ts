/**
 * `writeback verify --canary` end to end against the lab and the Connect double: a reset made
 * through Graph is written to AD as Connect writes it (the connector account, over LDAPS), and
 * the tool watches every writable DC of the lab until each shows the new password. Before the
 * Permissions step the canary fails with the permission cause (event 33004 → Permissions);
 * after it, it succeeds on every DC; a second reset within the domain's minimum password age
 * fails with the policy cause (33008 → Minimum password age), and with a PSO applying to the
 * canary that cause names the PSO, not the domain GPO. The password never appears.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readLab, type LabInfo } from './lab-env';
import { readSecondDc } from './dc2-env';
import type { CanaryResult } from '../../main/verify/canary';
import type { VerifyResult } from '../../main/verify/verify';
import { connectDouble, type ConnectDouble } from '../support/connect-double';
import { startHttpsMsw, type HttpsMsw } from '../support/https-msw';
import { processTestTimeoutMs, repo } from '../support/writeback-cli';

vi.setConfig({ testTimeout: processTestTimeoutMs });

/** The SHA-256 of the certificate a DC presents on LDAPS, as --tls-fingerprint takes it. */
function fingerprintAt(host: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port: 636, ca: [ca], rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()!.fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** What `verify --json` prints, read back (the canary is always there in these tests). */
type VerifyJson = VerifyResult & {
  readonly canary: CanaryResult & { cause: NonNullable<CanaryResult['cause']> };
};

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('writeback verify --canary on the lab with the Connect double', () => {
  let lab: LabInfo;
  let admin: Client;
  let double: ConnectDouble;
  let https: HttpsMsw;
  let work: string;
  let testOu: string;
  let canaryDn: string;
  let canaryUpn: string;
  let permissionsJournal: string | undefined;
  const token = `lab-token-${randomBytes(8).toString('hex')}`;
  const outputs: string[] = [];
  /** The second writable DC (WRITEBACK_LAB_DC2_ADDRESS), when the lab has one. */
  const dc2 = readSecondDc();

  function cli(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(repo, 'bin/writeback.mjs'), ...args], {
        cwd: repo,
        env: { ...process.env, WB_LAB_PASSWORD: lab.admin.password, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        outputs.push(stdout, stderr);
        resolve({ code, stdout, stderr });
      });
    });
  }

  const connection = (trust = ['--ca', lab.caFile]) => [
    '--dc',
    lab.url,
    ...trust,
    '--bind-user',
    lab.admin.userPrincipalName,
    '--password-env',
    'WB_LAB_PASSWORD',
  ];

  /** Where each writable DC is reached: by default, every DC of the lab at its address. */
  const everyDcUrl = () => [
    '--dc-url',
    `${lab.dcHostName}=${lab.url}`,
    ...(dc2 === undefined ? [] : ['--dc-url', `${dc2.dcHostName}=${dc2.url}`]),
  ];

  async function verifyCanary(
    name: string,
    {
      upn = canaryUpn,
      dcUrls = everyDcUrl(),
      trust,
    }: { upn?: string; dcUrls?: string[]; trust?: string[] } = {},
  ): Promise<{ result: CliResult; json: VerifyJson }> {
    const out = join(work, `${name}.json`);
    const result = await cli(
      [
        'verify',
        '--canary',
        upn,
        '--yes',
        ...connection(trust),
        '--graph-endpoint',
        `${https.origin}/v1.0`,
        '--graph-token-env',
        'WB_GRAPH_TOKEN',
        '--adsync',
        'remote:aadc01.contoso.test',
        '--journal',
        join(work, `${name}.jsonl`),
        '--out',
        out,
        '--interval',
        '200',
        '--timeout',
        '120',
        ...dcUrls,
        '--json',
      ],
      {
        WB_GRAPH_TOKEN: token,
        NODE_EXTRA_CA_CERTS: https.caFile,
        PATH: `${join(repo, 'tests/support/fake-powershell')}:${process.env.PATH ?? ''}`,
        WRITEBACK_FAKE_POWERSHELL_DIR: work,
      },
    );
    return { result, json: JSON.parse(result.stdout || '{}') as VerifyJson };
  }

  beforeAll(async () => {
    lab = readLab();
    work = mkdtempSync(join(tmpdir(), 'wb-verify-'));
    admin = new Client({
      url: lab.url,
      tlsOptions: { ca: [lab.caPem], servername: lab.dcHostName },
      timeout: 30_000,
    });
    await admin.bind(lab.admin.dn, lab.admin.password);
    const tag = randomBytes(4).toString('hex');
    testOu = `OU=t-canary-${tag},${lab.baseDn}`;
    await admin.add(testOu, { objectClass: ['top', 'organizationalUnit'] });
    canaryUpn = `canary-${tag}@${lab.dnsDomain}`;
    canaryDn = `CN=Canary ${tag},${testOu}`;
    await admin.add(canaryDn, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: `canary-${tag}`,
      userPrincipalName: canaryUpn,
      unicodePwd: Buffer.from(`"Lb7!${randomBytes(12).toString('base64url')}x"`, 'utf16le'),
      userAccountControl: '512',
      // "Must change password at next logon", as a freshly issued test account is.
      pwdLastSet: '0',
    } as never);
    double = connectDouble(lab, token, join(work, 'events.json'));
    https = await startHttpsMsw(double.handlers, lab.host);
  });

  afterAll(async () => {
    if (permissionsJournal !== undefined)
      await cli(['rollback', permissionsJournal, '--yes', ...connection()]);
    await admin?.del(canaryDn).catch(() => undefined);
    await admin?.del(testOu).catch(() => undefined);
    await admin?.unbind().catch(() => undefined);
    await https?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("before the Permissions step: exit 1, the permission cause (33004), the user's verdict and the step", async () => {
    const { result, json } = await verifyCanary('before');
    expect(result.code, result.stderr).toBe(1);
    expect(json.canary.ok).toBe(false);
    expect(json.canary.operation?.status).toBe('failed');
    expect(json.canary.cause.code).toBe('connect-event-33004');
    expect(json.canary.cause.step).toBe('Permissions');
    // Joined to the user's readiness verdict: the connector lacks the grants writeback needs.
    expect(json.canary.cause.verdict?.map((r: { code: string }) => r.code)).toContain(
      'missing-grant',
    );
    expect(json.canary.dcs.every((dc: { after?: unknown }) => dc.after === undefined)).toBe(true);
    expect(json.checks.find((c: { id: string }) => c.id === 'verify.canary')?.status).toBe('fail');
  });

  it("after the wizard's Permissions change: exit 0, the new password on every writable DC, with the times", async () => {
    const plan = join(work, 'permissions.json');
    const planned = await cli([
      'plan',
      '--steps',
      'permissions',
      '--account',
      lab.connector.sAMAccountName,
      '--scope',
      testOu,
      '--out',
      plan,
      ...connection(),
    ]);
    expect(planned.code, planned.stderr).toBe(0);
    permissionsJournal = join(work, 'permissions.jsonl');
    const applied = await cli([
      'apply',
      plan,
      '--yes',
      '--journal',
      permissionsJournal,
      ...connection(),
    ]);
    expect(applied.code, applied.stderr).toBe(0);

    const { result, json } = await verifyCanary('after');
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(json.canary.ok).toBe(true);
    expect(json.canary.operation?.status).toBe('succeeded');
    for (const dc of json.canary.dcs) {
      expect(dc.after?.pwdLastSet).not.toBe(dc.before.pwdLastSet);
      expect(dc.after?.unicodePwdVersion ?? 0).toBeGreaterThan(dc.before.unicodePwdVersion);
      expect(dc.seenAfterMs).toBeGreaterThanOrEqual(0);
      expect(dc.convergedAfterMs).toBeGreaterThanOrEqual(0);
    }
    // Every writable DC of the lab was watched: dc2 too when the lab has one, reached by
    // replication after dc1 (measured: seen after the first DC, never before it).
    expect(json.canary.dcs.map((dc) => dc.dc).sort()).toEqual(
      [lab.dcHostName, ...(dc2 === undefined ? [] : [dc2.dcHostName])].sort(),
    );
    // The write landed on the DC the connector binds to: its invocationId is the origin.
    expect(json.canary.dcs.filter((dc: { originating: boolean }) => dc.originating)).toHaveLength(
      1,
    );
    const origin = json.canary.dcs.find((dc) => dc.originating)!;
    expect(origin.dc).toBe(lab.dcHostName);
    // Replication carries the origin: every DC's unicodePwd metadata names the DC that took it.
    for (const dc of json.canary.dcs) {
      expect(dc.after?.originatingInvocationId).toBe(origin.invocationId);
    }
    expect(json.canary.events.map((e: { id: number }) => e.id)).toContain(31010);
    expect(result.stderr).toContain('Canary: Reset the password of');
    expect(result.stderr).toContain('A password cannot be rolled back');
  });

  it('a second reset within the minimum password age: exit 1, the policy cause (33008) and the Minimum password age step', async () => {
    const { result, json } = await verifyCanary('second');
    expect(result.code, result.stderr).toBe(1);
    expect(json.canary.cause.code).toBe('connect-event-33008');
    expect(json.canary.cause.step).toMatch(/^Minimum password age/);
    // No PSO applies to the canary: the domain's policy refused, and no PSO is blamed.
    expect(json.canary.cause.step).not.toMatch(/PSO/);
  });

  it('with a PSO whose minimum age applies to the canary: the policy cause names that PSO, not the domain GPO', async () => {
    const { pso, psoGroup } = lab.scenarios;
    await admin.modify(
      psoGroup.dn,
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: [canaryDn] }),
      }),
    );
    try {
      // The DC now gives the canary the PSO as its resultant one (what the double applies).
      const { searchEntries } = await admin.search(canaryDn, {
        scope: 'base',
        attributes: ['msDS-ResultantPSO'],
      });
      expect(String(searchEntries[0]?.['msDS-ResultantPSO']).toLowerCase()).toBe(
        pso.dn.toLowerCase(),
      );
      const { result, json } = await verifyCanary('pso');
      expect(result.code, result.stderr).toBe(1);
      expect(json.canary.cause.code).toBe('connect-event-33008');
      expect(json.canary.cause.step).toBe(
        `Minimum password age (the PSO ${pso.name}, not the domain GPO)`,
      );
      expect(json.canary.cause.message).toContain(
        `The password settings object ${pso.name} applies to this user`,
      );
      expect(json.canary.cause.fix).toMatch(
        new RegExp(`minimum password age of the PSO ${pso.name} to 0 .*--psos ${pso.name}`),
      );
      expect(json.canary.dcs.every((dc) => dc.after === undefined)).toBe(true);
    } finally {
      await admin.modify(
        psoGroup.dn,
        new Change({
          operation: 'delete',
          modification: new Attribute({ type: 'member', values: [canaryDn] }),
        }),
      );
    }
  });

  it('refuses the account before it reaches any other DC: a built-in account, by UPN or by name, says so in words', async () => {
    const before = double.resetRequests;
    // No --dc-url: dc2's name does not resolve here, and the refusal comes first all the same.
    for (const upn of [lab.admin.userPrincipalName, 'Administrator']) {
      const { result } = await verifyCanary(`builtin-${upn.length}`, { upn, dcUrls: [] });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        /refused: Administrator is a built-in account of the domain \(RID 500\), and a built-in account is never reset as a test/,
      );
      expect(result.stderr).not.toMatch(/resolve|DNS/);
    }
    expect(double.resetRequests).toBe(before);
  });

  it('an account without a userPrincipalName cannot be found in Entra ID: it says to give it one', async () => {
    const tag = randomBytes(4).toString('hex');
    const dn = `CN=NoUpn ${tag},${testOu}`;
    await admin.add(dn, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: `noupn-${tag}`,
    } as never);
    try {
      for (const upn of [`noupn-${tag}@${lab.dnsDomain}`, `noupn-${tag}`]) {
        const { result } = await verifyCanary(`noupn-${upn.length}`, { upn, dcUrls: [] });
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toMatch(/the account has no userPrincipalName in AD/);
        expect(result.stderr).toMatch(/Give the account a userPrincipalName/);
      }
      // Named by its sAMAccountName, an account with a UPN: the UPN to give is named.
      const sam = canaryUpn.split('@')[0]!;
      const { result } = await verifyCanary('by-sam', { upn: sam, dcUrls: [] });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Give its user principal name: --canary ${canaryUpn}`);
    } finally {
      await admin.del(dn).catch(() => undefined);
    }
  });

  it('prints a bidi override in the canary name escaped, never as a blank', async () => {
    const { result } = await verifyCanary('bidi', {
      upn: `canary\u202e${randomBytes(2).toString('hex')}@${lab.dnsDomain}`,
      dcUrls: [],
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The canary canary\\u202e[0-9a-f]{4}@/);
    expect(result.stderr).not.toContain('\u202e');
  });

  it('Entra ID says the reset succeeded but no DC ever shows it: the Connect server is the cause, not replication (DCs named by their short names)', async () => {
    const short = (host: string) => host.split('.')[0]!;
    double.writebackOff = true;
    // The earlier tests' events about this canary (a 33008 a moment ago) are within the minute
    // the canary reads back for clock skew: a Connect server with writeback off logs none.
    double.events.splice(0);
    writeFileSync(join(work, 'events.json'), '[]');
    try {
      const { result, json } = await verifyCanary('writeback-off', {
        dcUrls: [
          '--dc-url',
          `${short(lab.dcHostName)}=${lab.url}`,
          ...(dc2 === undefined ? [] : ['--dc-url', `${short(dc2.dcHostName)}=${dc2.url}`]),
          '--timeout',
          '10',
        ],
      });
      expect(result.code, result.stderr).toBe(1);
      expect(json.canary.operation?.status).toBe('succeeded');
      expect(json.canary.dcs).toHaveLength(dc2 === undefined ? 1 : 2);
      expect(json.canary.cause.code).toBe('not-written');
      expect(json.canary.cause.message).toMatch(/no writable DC .* ever showed the new password/);
      expect(json.canary.cause.message).toMatch(/logged no event about this user/);
      expect(json.canary.cause.step).toMatch(/^the Connect server: Optional features/);
      expect(`${json.canary.cause.fix} ${json.canary.cause.step}`).not.toMatch(
        /repadmin|replication between/,
      );
    } finally {
      double.writebackOff = false;
    }
  });

  it('a --dc-url naming no writable DC is refused, listing the writable DCs, before anything is reset', async () => {
    const before = double.resetRequests;
    const { result } = await verifyCanary('dc9', {
      dcUrls: [...everyDcUrl(), '--dc-url', 'dc9=ldaps://127.0.0.254'],
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/--dc-url names dc9, which is not a writable DC of the domain/);
    expect(result.stderr).toContain(lab.dcHostName);
    expect(double.resetRequests).toBe(before);
  });

  it.skipIf(dc2 === undefined)(
    'an accepted canary whose other DC cannot be reached: exit 3 naming the DC, what failed (DNS, TCP) and --dc-url <host>=ldaps://<address>; nothing reset',
    async () => {
      const before = double.resetRequests;
      const dns = await verifyCanary('dc2-dns', { dcUrls: [] });
      expect(dns.result.code, dns.result.stderr).toBe(3);
      expect(dns.result.stderr).toContain(
        `${dc2!.dcHostName} at ldaps://${dc2!.dcHostName} (DNS: The DC name ${dc2!.dcHostName} does not resolve in DNS)`,
      );
      expect(dns.result.stderr).toContain(
        `for ${dc2!.dcHostName}, give where this computer reaches it: --dc-url ${dc2!.dcHostName}=ldaps://<address>`,
      );
      expect(dns.result.stderr).toContain('Nothing was reset.');
      const tcp = await verifyCanary('dc2-tcp', {
        dcUrls: ['--dc-url', `${dc2!.dcHostName}=ldaps://${dc2!.host}:1`],
      });
      expect(tcp.result.code, tcp.result.stderr).toBe(3);
      expect(tcp.result.stderr).toMatch(
        new RegExp(`${dc2!.dcHostName.replace(/\./g, '\\.')} at ldaps://[^ ]+:1 \\(TCP: `),
      );
      expect(double.resetRequests).toBe(before);
    },
  );

  it('a journal that exists already is never overwritten: it says which and what to do, before anything is reset', async () => {
    const before = double.resetRequests;
    writeFileSync(join(work, 'existing.jsonl'), '{"type":"an earlier run"}\n');
    const { result } = await verifyCanary('existing');
    expect(result.code).toBe(2);
    expect(readFileSync(join(work, 'existing.jsonl'), 'utf8')).toBe('{"type":"an earlier run"}\n');
    expect(result.stderr).toContain(
      `The canary journal ${join(work, 'existing.jsonl')} exists already, and a journal is never overwritten: nothing was reset.`,
    );
    expect(result.stderr).toMatch(/Give a new file as --journal, or leave it out/);
    expect(result.stderr).not.toMatch(/EEXIST/);
    expect(double.resetRequests).toBe(before);
  });

  it.skipIf(dc2 === undefined)(
    "a pinned --tls-fingerprint is one DC's: another DC is refused naming the fix, and each DC pinned with --dc-url …#sha256= is watched",
    async () => {
      const [pin1, pin2] = await Promise.all([
        fingerprintAt(lab.host, lab.caPem),
        fingerprintAt(dc2!.host, lab.caPem),
      ]);
      const pinned = ['--tls-fingerprint', pin1];
      const refused = await verifyCanary('pin-one', { trust: pinned });
      expect(refused.result.code, refused.result.stderr).toBe(3);
      expect(refused.result.stderr).toContain(`${dc2!.dcHostName} at ${dc2!.url} (TLS: `);
      expect(refused.result.stderr).toContain(
        `pin this DC's own (its fingerprint is shown above), --dc-url ${dc2!.dcHostName}=${dc2!.url}#sha256=<fingerprint>, or trust the domain's CA with --ca instead`,
      );
      const each = await verifyCanary('pin-each', {
        trust: pinned,
        dcUrls: [
          '--dc-url',
          `${lab.dcHostName}=${lab.url}`,
          '--dc-url',
          `${dc2!.dcHostName}=${dc2!.url}#sha256=${pin2}`,
        ],
      });
      // Both DCs opened and watched; the reset itself meets the domain's minimum age (33008).
      expect(each.result.code, each.result.stderr).toBe(1);
      expect(each.json.canary.dcs.map((dc) => dc.dc).sort()).toEqual(
        [lab.dcHostName, dc2!.dcHostName].sort(),
      );
      expect(each.json.canary.cause.code).toBe('connect-event-33008');
    },
  );

  it('the canary password never appears in any output, journal or result file', () => {
    expect(double.passwordsSeen.length).toBeGreaterThanOrEqual(3);
    const files = readdirSync(work).map((name) => readFileSync(join(work, name), 'utf8'));
    for (const password of double.passwordsSeen) {
      for (const text of [...outputs, ...files]) expect(text).not.toContain(password);
    }
  });

  it('refuses a protected account and a built-in one, saying why, before anything is reset', async () => {
    const before = double.resetRequests;
    canaryUpn = lab.scenarios.protectedUser.userPrincipalName;
    const { result } = await verifyCanary('protected');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refused: .*adminCount=1/);
    expect(double.resetRequests).toBe(before);
  });
});
