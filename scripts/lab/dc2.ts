/**
 * A second writable DC for the lab, so per-DC convergence is measured, not assumed: `dc2`
 * joined to CONTOSO.TEST with `samba-tool domain join … DC` on its own loopback address
 * (WRITEBACK_LAB_DC2_ADDRESS), in its own room under .lab/dc2 like the first (its smb.conf goes
 * through smb-conf.ts: TLS from the lab CA, pid files, sockets and logs under the lab, no DNS
 * forwarder or dnsupdate).
 *
 * Replication. The DCs find each other by `<NTDS Settings objectGUID>._msdcs.contoso.test`,
 * which only the lab's own DNS knows; the lab never touches the machine's resolver. Samba's own
 * replication service (dreplsrv) then fails on this machine even with those names given to it
 * (its Kerberos bind to the partner's DRS SPN ends in NT_STATUS_INVALID_PARAMETER from
 * gssapi_krb5). So the lab runs inbound replication of the domain partition itself: a
 * "replicator" process pulls dc1's changes into dc2 every few seconds with `samba-tool drs
 * replicate dc2 dc1 <domain> --local` (real DRS GetNCChanges: the replication metadata and the
 * originating DC travel with the change), the names resolved from files under .lab through
 * nss_wrapper and resolv_wrapper (Debian's libnss-wrapper and libresolv-wrapper, preloaded into
 * that process only).
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { isPidAlive, labDir } from '../../tests/lab/lab-env';
import type { SecondDc } from '../../tests/lab/dc2-env';
import { issueDcCertificate } from './certificates';
import { labDomain } from './paths';
import { run } from './run';
import { roomOfItsOwn } from './smb-conf';
import type { LabScriptState } from './state';

export const dc2Paths = {
  dir: join(labDir, 'dc2'),
  smbConf: join(labDir, 'dc2', 'etc', 'smb.conf'),
  run: join(labDir, 'dc2', 'run'),
  logs: join(labDir, 'dc2', 'logs'),
  pid: join(labDir, 'dc2.pid'),
  log: join(labDir, 'dc2.log'),
  stdinFifo: join(labDir, 'dc2.stdin'),
  replicatorPid: join(labDir, 'dc2-replicator.pid'),
  replicatorLog: join(labDir, 'dc2-replicator.log'),
  hosts: join(labDir, 'dc2-resolve', 'hosts'),
  dnsHosts: join(labDir, 'dc2-resolve', 'dns-hosts'),
  json: join(labDir, 'dc2.json'),
} as const;

export const dc2HostName = `dc2.${labDomain.dnsDomain}`;
const wrappers = [
  '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so',
  '/usr/lib/x86_64-linux-gnu/libresolv_wrapper.so',
];
export const dc2Packages = ['libnss-wrapper', 'libresolv-wrapper'] as const;
const replicateEverySeconds = 3;

/** What tests read about the second DC (`.lab/dc2.json`, tests/lab/dc2-env.ts). */
export type SecondDcState = SecondDc;

/** WRITEBACK_LAB_DC2_ADDRESS: a loopback address other than the first DC's, or none. */
export function dc2AddressFromEnv(
  first: string,
  value = process.env.WRITEBACK_LAB_DC2_ADDRESS,
): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(value) || value === first) {
    throw new Error(
      `WRITEBACK_LAB_DC2_ADDRESS must be a loopback address other than the first DC's ${first} (it is "${value}").`,
    );
  }
  return value;
}

function pidIn(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isPidAlive(pid) ? pid : undefined;
}

async function adminClient(
  state: LabScriptState,
  url: string,
  servername: string,
): Promise<Client> {
  const client = new Client({
    url,
    connectTimeout: 5_000,
    timeout: 60_000,
    tlsOptions: { ca: [state.caPem], servername },
  });
  await client.bind(state.admin.dn, state.admin.password);
  return client;
}

/** The objectGUID of a DC's NTDS Settings, as dc1 knows it (undefined: dc1 does not know the DC). */
async function ntdsGuid(client: Client, server: string): Promise<string | undefined> {
  const dn = `CN=NTDS Settings,CN=${server},CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,${labDomain.baseDn}`;
  const result = await client
    .search(dn, {
      scope: 'base',
      attributes: ['objectGUID'],
      explicitBufferAttributes: ['objectGUID'],
    })
    .catch(() => undefined);
  const bytes = result?.searchEntries[0]?.['objectGUID'];
  if (!Buffer.isBuffer(bytes)) return undefined;
  const hex = (i: number) => bytes[i]!.toString(16).padStart(2, '0');
  return [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
    .map((i) => (i < 0 ? '-' : hex(i)))
    .join('');
}

/** Joins dc2 (again, if dc1 was reset to a snapshot that predates the join). */
async function join2(
  state: LabScriptState,
  address: string,
  log: (line: string) => void,
): Promise<void> {
  rmSync(dc2Paths.dir, { recursive: true, force: true });
  mkdirSync(dc2Paths.dir, { recursive: true });
  log(`joining dc2 to ${labDomain.realm} on ${address} (samba-tool domain join … DC)…`);
  await run(
    'samba-tool',
    [
      'domain',
      'join',
      labDomain.dnsDomain,
      'DC',
      `--server=${state.host}`,
      '-U',
      'Administrator',
      `--password=${state.admin.password}`,
      `--targetdir=${dc2Paths.dir}`,
      `--option=interfaces=${address}/8`,
      '--option=bind interfaces only=yes',
      '--option=dns forwarder=',
      '--option=netbios name=DC2',
      '--dns-backend=SAMBA_INTERNAL',
      '--use-kerberos=off',
    ],
    { secrets: [state.admin.password] },
  );
  const certs = await issueDcCertificate('dc2', dc2HostName, address);
  const conf = readFileSync(dc2Paths.smbConf, 'utf8');
  writeFileSync(
    dc2Paths.smbConf,
    roomOfItsOwn(conf, { certs, runDir: dc2Paths.run, logDir: dc2Paths.logs }),
  );
}

/** The names the replicator must resolve, for nss_wrapper (hosts) and resolv_wrapper (DNS). */
async function writeResolveFiles(state: LabScriptState, address: string): Promise<void> {
  const client = await adminClient(state, state.url, state.dcHostName);
  try {
    const dc1 = await ntdsGuid(client, 'DC1');
    const dc2 = await ntdsGuid(client, 'DC2');
    mkdirSync(join(labDir, 'dc2-resolve'), { recursive: true });
    writeFileSync(
      dc2Paths.hosts,
      `${state.host} ${labDomain.dcHostName} dc1 ${dc1}._msdcs.${labDomain.dnsDomain}\n${address} ${dc2HostName} dc2 ${dc2}._msdcs.${labDomain.dnsDomain}\n`,
    );
    writeFileSync(
      dc2Paths.dnsHosts,
      [
        `A ${labDomain.dcHostName} ${state.host}`,
        `A ${dc2HostName} ${address}`,
        `CNAME ${dc1}._msdcs.${labDomain.dnsDomain} ${labDomain.dcHostName}`,
        `CNAME ${dc2}._msdcs.${labDomain.dnsDomain} ${dc2HostName}`,
        '',
      ].join('\n'),
    );
  } finally {
    await client.unbind();
  }
}

function startDetached(
  command: string,
  args: readonly string[],
  log: string,
  pidFile: string,
  env: NodeJS.ProcessEnv,
): number {
  // samba -i exits on EOF on stdin: it reads a FIFO that never closes (as the first DC does).
  if (!existsSync(dc2Paths.stdinFifo)) execFileSync('mkfifo', ['-m', '600', dc2Paths.stdinFifo]);
  const out = openSync(log, 'a');
  const stdin = openSync(dc2Paths.stdinFifo, 'r+');
  const child = spawn(command, [...args], { detached: true, stdio: [stdin, out, out], env });
  closeSync(out);
  closeSync(stdin);
  if (child.pid === undefined) throw new Error(`Could not start ${command}.`);
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  return child.pid;
}

async function waitForBind(state: LabScriptState, address: string, pid: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (!isPidAlive(pid))
      throw new Error(`dc2's samba (pid ${pid}) exited during start-up; see ${dc2Paths.log}.`);
    try {
      const client = await adminClient(state, `ldaps://${address}:${labDomain.port}`, dc2HostName);
      await client.unbind();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(
          `dc2 did not accept an LDAPS bind within 120 s: ${(error as Error).message}`,
          { cause: error },
        );
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Joins dc2 when dc1 does not know it, starts it and its replicator; records .lab/dc2.json. */
export async function upSecondDc(
  state: LabScriptState,
  address: string,
  log: (line: string) => void,
): Promise<void> {
  const client = await adminClient(state, state.url, state.dcHostName);
  const known = await ntdsGuid(client, 'DC2').finally(() => client.unbind());
  if (known === undefined || !existsSync(dc2Paths.smbConf)) {
    await downSecondDc();
    await join2(state, address, log);
  }
  await writeResolveFiles(state, address);
  mkdirSync(dc2Paths.run, { recursive: true, mode: 0o755 });
  mkdirSync(dc2Paths.logs, { recursive: true, mode: 0o755 });
  let pid = pidIn(dc2Paths.pid);
  if (pid === undefined) {
    pid = startDetached(
      'samba',
      ['-s', dc2Paths.smbConf, '-i'],
      dc2Paths.log,
      dc2Paths.pid,
      process.env,
    );
    log(`dc2 samba started (pid ${pid}); waiting for LDAPS…`);
  }
  await waitForBind(state, address, pid);
  if (pidIn(dc2Paths.replicatorPid) === undefined) {
    const pull = `samba-tool drs replicate ${dc2HostName} ${labDomain.dcHostName} ${labDomain.baseDn} --local -s '${dc2Paths.smbConf}' -U Administrator`;
    const replicator = startDetached(
      'sh',
      ['-c', `while :; do ${pull}; sleep ${replicateEverySeconds}; done`],
      dc2Paths.replicatorLog,
      dc2Paths.replicatorPid,
      {
        ...process.env,
        // samba-tool reads the password from PASSWD (never on its command line).
        PASSWD: state.admin.password,
        LD_PRELOAD: wrappers.join(':'),
        NSS_WRAPPER_HOSTS: dc2Paths.hosts,
        RESOLV_WRAPPER_HOSTS: dc2Paths.dnsHosts,
      },
    );
    log(
      `dc2 replicator started (pid ${replicator}): pulls ${labDomain.baseDn} from dc1 every ${replicateEverySeconds} s`,
    );
  }
  const dc2: SecondDcState = {
    host: address,
    url: `ldaps://${address}:${labDomain.port}`,
    dcHostName: dc2HostName,
  };
  writeFileSync(dc2Paths.json, `${JSON.stringify(dc2, null, 2)}\n`);
  log(`dc2 up: ${dc2.url}`);
}

async function stopGroup(pidFile: string): Promise<boolean> {
  const pid = pidIn(pidFile);
  if (pid !== undefined) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 20_000;
    while (isPidAlive(pid) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    if (isPidAlive(pid)) process.kill(-pid, 'SIGKILL');
  }
  if (existsSync(pidFile)) unlinkSync(pidFile);
  return pid !== undefined;
}

/** Stops the replicator and dc2 (by their pids only). */
export async function downSecondDc(): Promise<boolean> {
  const replicator = await stopGroup(dc2Paths.replicatorPid);
  const dc2 = await stopGroup(dc2Paths.pid);
  return replicator || dc2;
}
