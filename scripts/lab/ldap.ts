/** LDAPS clients for the lab: the lab CA, hostname checked (the lab's address is in the certificate). */
import { Client } from 'ldapts';
import { readFileSync } from 'node:fs';
import { labAddress } from '../../tests/lab/lab-env';
import { labDomain, labPaths } from './paths';

export function labUrlFor(address: string): string {
  return `ldaps://${address}:${labDomain.port}`;
}

export function labClient(): Client {
  return new Client({
    url: labUrlFor(labAddress()),
    connectTimeout: 5_000,
    timeout: 60_000,
    tlsOptions: { ca: [readFileSync(labPaths.caFile, 'utf8')], minVersion: 'TLSv1.2' },
  });
}

/** A client bound as `bindDn`; the caller unbinds. */
export async function boundClient(bindDn: string, password: string): Promise<Client> {
  const client = labClient();
  try {
    await client.bind(bindDn, password);
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw error;
  }
  return client;
}

/** unicodePwd's value: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5.1). */
export function unicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}
