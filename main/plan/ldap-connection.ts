/**
 * The bound ldapts connection plan, apply and rollback use for their adapters, opened through
 * main/directory (LDAPS or StartTLS, the system CAs plus --ca or a pinned fingerprint, one
 * clear error per failure, exit 3), so there is one connect path in the engine.
 */
import type { Client } from 'ldapts';
import { connectDirectory, type DirectoryOptions } from '../directory/connect';

export async function connectLdap(options: DirectoryOptions): Promise<Client> {
  const directory = await connectDirectory(options);
  try {
    return await directory.openClient();
  } finally {
    await directory.close();
  }
}
