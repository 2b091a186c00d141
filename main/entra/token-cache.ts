import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { ExitCode, WizardError } from '../../shared/errors';

/**
 * Encryption by the operating system (DPAPI, Keychain, libsecret). The desktop shell
 * implements it with Electron safeStorage and refuses Linux's 'basic_text' backend; the
 * token cache is never written without it.
 */
export interface SecretStore {
  encrypt(plainText: string): Promise<Uint8Array>;
  decrypt(cipherText: Uint8Array): Promise<string>;
}

/** Where the encrypted cache lives (a file by default; a map in tests). */
export interface EncryptedBlobStore {
  read(): Promise<Uint8Array | undefined>;
  write(bytes: Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

/** A file readable by the owner only, replaced atomically so a crash leaves the old cache. */
export function encryptedFile(path: string): EncryptedBlobStore {
  return {
    async read() {
      try {
        return new Uint8Array(await readFile(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async write(bytes) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, path);
    },
    remove: () => rm(path, { force: true }),
  };
}

/**
 * An MSAL cache plugin that keeps the serialized cache (refresh tokens included) only in
 * encrypted form. A cache that no longer decrypts (another user, a new OS key) is dropped:
 * the admin signs in again rather than seeing an error.
 */
export function encryptedCachePlugin(
  secrets: SecretStore,
  blobs: EncryptedBlobStore,
): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const bytes = await blobs.read();
      if (bytes === undefined) return;
      let serialized: string;
      try {
        serialized = await secrets.decrypt(bytes);
      } catch {
        await blobs.remove();
        return;
      }
      context.tokenCache.deserialize(serialized);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged) return;
      let encrypted: Uint8Array;
      try {
        encrypted = await secrets.encrypt(context.tokenCache.serialize());
      } catch (error) {
        throw new WizardError(
          'entra-cache-not-encrypted',
          'The sign-in could not be remembered: the operating system offers no encryption for it, and this tool never stores tokens in plain text.',
          'Sign in again next time, or on Linux run a keyring (GNOME Keyring or KWallet) so the session can be stored encrypted.',
          ExitCode.failed,
          { cause: error },
        );
      }
      await blobs.write(encrypted);
    },
  };
}
