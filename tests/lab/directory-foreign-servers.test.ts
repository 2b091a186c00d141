/**
 * Servers that are not the healthy DC: a TLS proxy in front of the DC presenting an expired
 * certificate, and Debian's slapd (an LDAP server that is not Active Directory), run by hand on
 * a loopback high port with a throwaway configuration (never 389/636, which Samba uses).
 * Certificates are made by openssl at test time.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDirectory } from '../../main/directory/connect';
import { WizardError } from '../../shared/errors';
import { readLab, type LabInfo } from './lab-env';

let lab: LabInfo;
let tmp: string;

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: tmp, stdio: 'ignore' });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function connectFailure(
  options: Parameters<typeof connectDirectory>[0],
): Promise<WizardError> {
  try {
    const dir = await connectDirectory(options);
    await dir.close();
  } catch (error) {
    expect(error).toBeInstanceOf(WizardError);
    expect((error as WizardError).exitCode).toBe(3);
    return error as WizardError;
  }
  throw new Error('expected the connect to fail');
}

beforeAll(() => {
  lab = readLab();
  tmp = mkdtempSync(join(tmpdir(), 'wb-dir-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('an expired certificate (TLS proxy in front of the DC)', () => {
  let proxy: Server;
  let port: number;
  beforeAll(async () => {
    // OpenSSL 3.0's `req -x509` cannot back-date; `ca -selfsign` can.
    writeFileSync(join(tmp, 'index.txt'), '');
    writeFileSync(join(tmp, 'serial'), '01\n');
    writeFileSync(
      join(tmp, 'ca.cnf'),
      '[ca]\ndefault_ca=d\n[d]\ndir=.\ndatabase=./index.txt\nserial=./serial\nnew_certs_dir=.\ndefault_md=sha256\npolicy=p\ncopy_extensions=copy\nunique_subject=no\n[p]\ncommonName=supplied\n[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nCN=dc1.contoso.test\n',
    );
    openssl([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'exp-key.pem',
      '-out',
      'exp.csr',
      '-config',
      'ca.cnf',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    openssl([
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-selfsign',
      '-keyfile',
      'exp-key.pem',
      '-in',
      'exp.csr',
      '-out',
      'exp.pem',
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200201000000Z',
      '-notext',
    ]);
    proxy = createServer(
      { key: readFileSync(join(tmp, 'exp-key.pem')), cert: readFileSync(join(tmp, 'exp.pem')) },
      (client) => {
        const upstream = tlsConnect({ host: lab.host, port: lab.port, ca: [lab.caPem] });
        client.pipe(upstream).pipe(client);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      },
    );
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    port = (proxy.address() as { port: number }).port;
  });
  afterAll(() => proxy?.close());

  it('is refused as expired, with its dates shown (its issuer is trusted)', async () => {
    const error = await connectFailure({
      url: `ldaps://127.0.0.1:${port}`,
      bindUser: lab.admin.userPrincipalName,
      password: lab.admin.password,
      caPem: readFileSync(join(tmp, 'exp.pem'), 'utf8'),
    });
    expect(error.code).toBe('dc-cert-expired');
    expect(error.message).toContain('2020');
  });
});

describe('slapd: an LDAP server that is not an AD DC', () => {
  let slapd: ChildProcess | undefined;
  let port: number;
  const available = existsSync('/usr/sbin/slapd');
  beforeAll(async () => {
    if (!available) return;
    port = await freePort();
    openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'slapd-key.pem',
      '-out',
      'slapd.pem',
      '-days',
      '1',
      '-subj',
      '/CN=ldap.example.org',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    mkdirSync(join(tmp, 'db'));
    writeFileSync(
      join(tmp, 'slapd.conf'),
      [
        'include /etc/ldap/schema/core.schema',
        'modulepath /usr/lib/ldap',
        'moduleload back_mdb',
        `pidfile ${tmp}/slapd.pid`,
        `TLSCertificateFile ${tmp}/slapd.pem`,
        `TLSCertificateKeyFile ${tmp}/slapd-key.pem`,
        'database mdb',
        'suffix "dc=example,dc=org"',
        'rootdn "cn=admin,dc=example,dc=org"',
        'rootpw throwaway-slapd-pw',
        `directory ${tmp}/db`,
        '',
      ].join('\n'),
    );
    slapd = spawn(
      '/usr/sbin/slapd',
      ['-f', join(tmp, 'slapd.conf'), '-h', `ldaps://127.0.0.1:${port}/`, '-d', '0'],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(() => {
    slapd?.kill('SIGTERM');
  });

  it.runIf(available)(
    'binds, then says it is not an Active Directory domain controller',
    async () => {
      const error = await connectFailure({
        url: `ldaps://127.0.0.1:${port}`,
        bindUser: 'cn=admin,dc=example,dc=org',
        password: 'throwaway-slapd-pw',
        caPem: readFileSync(join(tmp, 'slapd.pem'), 'utf8'),
      });
      expect(error.code).toBe('dc-not-active-directory');
      expect(error.message).toMatch(/not an Active Directory domain controller/);
    },
  );
});
