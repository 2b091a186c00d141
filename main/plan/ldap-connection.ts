/**
 * The bound ldapts connection plan, apply and rollback use for their adapters, opened through
 * main/directory (LDAPS or StartTLS, the system CAs plus --ca or a pinned fingerprint, one
 * clear error per failure, exit 3), so there is one connect path in the engine.
 */
import type { Client } from 'ldapts';
import { connectDirectory } from '../directory/connect';

export interface LdapConnectionOptions {
  readonly url: string;
  readonly bindUser: string;
  readonly password: string;
  /** PEM text of an extra CA to trust. */
  readonly caPem?: string;
  /** sha256 of the DC certificate (hex, colons allowed), pinned instead of CA trust. */
  readonly tlsFingerprint?: string;
}

export async function connectLdap(options: LdapConnectionOptions): Promise<Client> {
  const directory = await connectDirectory(options);
  try {
    return await directory.openClient();
  } finally {
    await directory.close();
  }
}
