/**
 * What a face needs from the engine to set up its host (EngineHost): where journals go, the
 * ADSync PowerShell of this computer, and the encrypted file that keeps the Entra sign-in. The
 * Electron shell and the dev bridge reach the engine only through engine-api, this included.
 */
import { defaultAdsync, nodeSpawner } from '../adsync/local-powershell';
import { PowerShellRunner } from '../adsync/powershell-runner';
import type { AdsyncHost } from './session';

export { defaultJournalFolder } from '../plan/journal';
export { encryptedFile, type SecretStore } from '../entra/token-cache';
/** The OS proxy the app's sign-in and Graph go through when HTTPS_PROXY is not set. */
export { proxyFromSystem } from '../entra/proxy';

/**
 * Windows PowerShell runs ADSync: locally on the Connect server itself (the module is
 * installed), or from a jump box over remoting to the server the admin names. Elsewhere none.
 */
export function windowsAdsyncHost(
  platform: NodeJS.Platform = process.platform,
): AdsyncHost | undefined {
  if (platform !== 'win32') return undefined;
  return {
    defaultLocation: defaultAdsync() === 'local' ? { kind: 'local' } : 'none',
    runner: (location) => new PowerShellRunner(nodeSpawner, location),
  };
}
