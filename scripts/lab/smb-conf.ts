/**
 * The lab's smb.conf as samba-tool provision wrote it, made into a room of its own: its TLS
 * certificate, every run-time file (pid files, sockets) under the lab's folder instead of the
 * system's /run/samba, no DNS forwarder, no dynamic DNS updates. So the lab runs beside any
 * other Samba on the machine and never sends anything off it.
 */
import type { LabCertificates } from './certificates';

export interface RoomOptions {
  readonly certs: LabCertificates;
  /** The lab's own run directory (pid directory and sockets). */
  readonly runDir: string;
  /** The lab's own log directory. */
  readonly logDir: string;
}

/** Global parameters the lab sets, replacing whatever provision wrote for them. */
function labGlobals({ certs, runDir, logDir }: RoomOptions): Record<string, string> {
  return {
    'tls enabled': 'yes',
    'tls keyfile': certs.keyFile,
    'tls certfile': certs.certFile,
    'tls cafile': certs.caFile,
    // A lab DB need not survive a power cut (snapshots are taken with samba stopped):
    // without fsync per transaction, bulk adds and start-up are several times faster.
    'ldb:nosync': 'true',
    // Samba's defaults put these in /run/samba, shared by every Samba on the machine: a
    // second one then fails with "samba is already running".
    'pid directory': runDir,
    'ncalrpc dir': `${runDir}/ncalrpc`,
    'winbindd socket directory': `${runDir}/winbindd`,
    'ntp signd socket directory': `${runDir}/ntp_signd`,
    // Logs too stay in the lab (Debian's default is /var/log/samba).
    'log file': `${logDir}/log.%m`,
    // Loopback only: no forwarder (provision would copy resolv.conf's nameserver), and no
    // samba_dnsupdate, which asks the system resolver's servers.
    'dns forwarder': '',
    'server services': '-dnsupdate',
  };
}

/** smb.conf with the lab's globals set (each named once, inside [global]). */
export function roomOfItsOwn(conf: string, options: RoomOptions): string {
  const globals = labGlobals(options);
  const names = new Set(Object.keys(globals).map(canonicalName));
  const lines = conf.split('\n');
  const globalAt = lines.findIndex((l) => /^\s*\[global\]\s*$/i.test(l));
  if (globalAt < 0) throw new Error('smb.conf written by samba-tool has no [global] section.');
  const nextSection = lines.findIndex((l, i) => i > globalAt && /^\s*\[/.test(l));
  const globalEnd = nextSection < 0 ? lines.length : nextSection;
  const kept = lines.filter((line, i) => {
    if (i <= globalAt || i >= globalEnd) return true;
    const name = /^\s*([^=[#;][^=]*?)\s*=/.exec(line)?.[1];
    return name === undefined || !names.has(canonicalName(name));
  });
  const added = Object.entries(globals).map(([k, v]) => `\t${k} = ${v}`.trimEnd());
  kept.splice(globalAt + 1, 0, ...added);
  return kept.join('\n');
}

/** smb.conf parameter names ignore case and spaces. */
function canonicalName(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

const ipv4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const ipv6 = /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi;

/**
 * Every IP address smb.conf names that is not loopback (127.0.0.0/8, ::1). The lab must name
 * none: no forwarder, no interface, no server off this machine.
 */
export function addressesOutsideLoopback(conf: string): string[] {
  const found = [...(conf.match(ipv4) ?? []), ...(conf.match(ipv6) ?? [])];
  return found.filter((a) => !a.startsWith('127.') && a !== '::1');
}
