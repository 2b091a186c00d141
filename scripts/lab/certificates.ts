/**
 * A lab CA and the DC's LDAPS certificate (SAN DNS:dc1.<realm> and the lab's loopback IP, but NOT
 * localhost, so `ldaps://localhost` is a real "certificate for another host" case).
 */
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run';
import { labDomain, labPaths } from './paths';

export interface LabCertificates {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export async function createCertificates(address: string): Promise<LabCertificates> {
  const dir = labPaths.tls;
  mkdirSync(dir, { recursive: true });
  const caKey = join(dir, 'ca.key');
  const caFile = labPaths.caFile;
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    '3650',
    '-subj',
    `/CN=${labDomain.caName}`,
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  // Samba refuses a TLS key that others can read.
  chmodSync(caKey, 0o600);
  const leaf = await issueDcCertificate('dc1', labDomain.dcHostName, address);
  return { caFile, certFile: leaf.certFile, keyFile: leaf.keyFile };
}

/**
 * A DC's LDAPS certificate from the lab CA (made by createCertificates): SAN its DNS name and
 * its loopback address, never localhost.
 */
export async function issueDcCertificate(
  name: string,
  dnsName: string,
  address: string,
): Promise<LabCertificates> {
  const dir = labPaths.tls;
  const caKey = join(dir, 'ca.key');
  const caFile = labPaths.caFile;
  const keyFile = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const certFile = join(dir, `${name}.pem`);
  const ext = join(dir, `${name}.ext`);
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    csr,
    '-subj',
    `/CN=${dnsName}`,
  ]);
  writeFileSync(
    ext,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=DNS:${dnsName},IP:${address}`,
      '',
    ].join('\n'),
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caFile,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    certFile,
    '-days',
    '825',
    '-sha256',
    '-extfile',
    ext,
  ]);
  // Samba refuses a TLS key that others can read.
  chmodSync(keyFile, 0o600);
  return { caFile, certFile, keyFile };
}
