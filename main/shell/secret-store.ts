/**
 * The Entra token cache's encryption (main/entra/token-cache.ts SecretStore) with Electron's
 * safeStorage: DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux. Linux's
 * 'basic_text' fallback is a hard-coded key, i.e. no protection: refused, so refresh tokens
 * are never written under it.
 *
 * Deliberately the synchronous calls, which Electron 45 marks deprecated in favour of
 * encryptStringAsync/decryptStringAsync: on Linux the asynchronous encryptor falls back, without
 * a word, to a fixed-key provider when no Secret Service answers, and getSelectedStorageBackend()
 * reports only the synchronous backend, so that fallback could not be detected and refused. The
 * synchronous API is unavailable under basic_text unless an app opts in
 * (setUsePlainTextEncryption, never called here), and the check below refuses it as well.
 */
import type { SafeStorage } from 'electron';
import { WizardError } from '../../shared/errors';
import type { SecretStore } from '../entra/token-cache';

export function safeStorageSecrets(
  safeStorage: SafeStorage,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const usable = (): void => {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new WizardError(
        'secrets-unavailable',
        'The operating system offers no encryption for the sign-in cache.',
        'Sign in again each time, or on Linux run a keyring (GNOME Keyring or KWallet).',
      );
    }
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new WizardError(
        'secrets-basic-text',
        'This Linux session has no keyring, so Electron would protect the sign-in cache with a fixed key (basic_text); it is not stored.',
        'Start GNOME Keyring or KWallet in this session, or sign in again each time.',
      );
    }
  };
  return {
    async encrypt(plainText) {
      usable();
      return new Uint8Array(safeStorage.encryptString(plainText));
    },
    async decrypt(cipherText) {
      usable();
      return safeStorage.decryptString(Buffer.from(cipherText));
    },
  };
}
