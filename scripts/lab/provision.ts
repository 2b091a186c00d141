/**
 * Provisions a fresh domain (CONTOSO.TEST, or the realm asked for: realm.ts) into .lab/dc (docs/domain-facts.md §6), with a random admin
 * password kept only in .lab/lab.json, and points smb.conf's TLS settings at the lab CA's
 * certificate.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { labAddressFromEnv } from '../../tests/lab/lab-env';
import { createCertificates } from './certificates';
import { labDomain, labPaths } from './paths';
import { run } from './run';
import type { LabScriptState } from './state';
import { labUrlFor } from './ldap';
import { roomOfItsOwn } from './smb-conf';

/** A strong password that meets AD complexity (upper, lower, digit, symbol). */
export function strongPassword(seed?: Buffer): string {
  const body = (seed ?? randomBytes(18)).toString('base64url').slice(0, 20);
  return `Lb7!${body}x`;
}

async function domainSid(): Promise<string> {
  const { stdout } = await run('ldbsearch', [
    '-H',
    labPaths.samLdb,
    '-s',
    'base',
    '-b',
    labDomain.baseDn,
    'objectSid',
  ]);
  const sid = /^objectSid: (S-1-5-21-[\d-]+)$/m.exec(stdout)?.[1];
  if (!sid) throw new Error(`Could not read the domain SID from ${labPaths.samLdb}.`);
  return sid;
}

export async function provision(log: (line: string) => void): Promise<LabScriptState> {
  rmSync(labPaths.dc, { recursive: true, force: true });
  rmSync(labPaths.snapshot, { recursive: true, force: true });
  mkdirSync(labPaths.dc, { recursive: true });
  const adminPassword = strongPassword();
  const address = labAddressFromEnv();
  log(`provisioning ${labDomain.realm} on ${address} (samba-tool domain provision)…`);
  await run(
    'samba-tool',
    [
      'domain',
      'provision',
      `--realm=${labDomain.realm}`,
      `--domain=${labDomain.netbios}`,
      '--server-role=dc',
      '--dns-backend=SAMBA_INTERNAL',
      `--adminpass=${adminPassword}`,
      `--targetdir=${labPaths.dc}`,
      `--host-name=${labDomain.hostName}`,
      `--option=interfaces=${address}/8`,
      '--option=bind interfaces only=yes',
      // Without this, provision copies the machine's resolv.conf nameserver into smb.conf as
      // the DNS forwarder: the lab would send queries off the machine.
      '--option=dns forwarder=',
    ],
    { secrets: [adminPassword] },
  );
  const certs = await createCertificates(address);
  const conf = readFileSync(labPaths.smbConf, 'utf8');
  writeFileSync(
    labPaths.smbConf,
    roomOfItsOwn(conf, { certs, runDir: labPaths.run, logDir: labPaths.logs }),
  );
  mkdirSync(labPaths.run, { recursive: true, mode: 0o755 });
  mkdirSync(labPaths.logs, { recursive: true, mode: 0o755 });
  const sid = await domainSid();
  const caPem = readFileSync(certs.caFile, 'utf8');
  return {
    realm: labDomain.realm,
    url: labUrlFor(address),
    host: address,
    dcHostName: labDomain.dcHostName,
    port: labDomain.port,
    caFile: certs.caFile,
    caPem,
    baseDn: labDomain.baseDn,
    dnsDomain: labDomain.dnsDomain,
    netbios: labDomain.netbios,
    domainSid: sid,
    admin: {
      dn: `CN=Administrator,CN=Users,${labDomain.baseDn}`,
      sAMAccountName: 'Administrator',
      userPrincipalName: `Administrator@${labDomain.dnsDomain}`,
      password: adminPassword,
      sid: `${sid}-500`,
    },
    sysvolPath: labPaths.sysvol,
    sambaDir: labPaths.dc,
    smbConf: labPaths.smbConf,
    samLdb: labPaths.samLdb,
    passwordSecret: randomBytes(32).toString('hex'),
  };
}
