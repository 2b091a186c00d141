import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { INetworkModule } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { nationalClouds } from '../../../main/entra/national-clouds';
import {
  BrowserUnavailable,
  EntraSignIn,
  graphCommandLineToolsClientId,
} from '../../../main/entra/sign-in';
import type { EncryptedBlobStore, SecretStore } from '../../../main/entra/token-cache';
import {
  authorityMetadata,
  base64url,
  cloudDiscoveryMetadata,
  identityPlatform,
  objectId,
  tenantId,
} from './identity-platform-double';

/** A SecretStore like the OS's: AES-256-GCM with a key the test holds. */
function aesSecretStore(key = randomBytes(32)): SecretStore {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Promise.resolve(new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), data])));
    },
    decrypt(bytes) {
      const buffer = Buffer.from(bytes);
      const decipher = createDecipheriv('aes-256-gcm', key, buffer.subarray(0, 12));
      decipher.setAuthTag(buffer.subarray(12, 28));
      return Promise.resolve(
        Buffer.concat([decipher.update(buffer.subarray(28)), decipher.final()]).toString('utf8'),
      );
    },
  };
}

function memoryBlobs(): EncryptedBlobStore & { bytes: Uint8Array | undefined } {
  const store = {
    bytes: undefined as Uint8Array | undefined,
    read: () => Promise.resolve(store.bytes),
    write: (bytes: Uint8Array) => {
      store.bytes = bytes;
      return Promise.resolve();
    },
    remove: () => {
      store.bytes = undefined;
      return Promise.resolve();
    },
  };
  return store;
}

function signIn(
  network: INetworkModule,
  secrets: SecretStore,
  blobs: EncryptedBlobStore,
  interaction: ConstructorParameters<typeof EntraSignIn>[1],
): EntraSignIn {
  return new EntraSignIn(
    {
      cloud: nationalClouds.global,
      tenant: tenantId,
      networkClient: network,
      authorityMetadata,
      cloudDiscoveryMetadata,
      tokenCache: { secrets, blobs },
    },
    interaction,
  );
}

describe('sign-in with MSAL (no network)', () => {
  it("device code: shows Microsoft's message, polls, and returns the account", async () => {
    const network = identityPlatform();
    const shown: string[] = [];
    const session = signIn(network, aesSecretStore(), memoryBlobs(), {
      showDeviceCode: (message) => shown.push(message),
      preferDeviceCode: true,
    });
    const account = await session.signIn(['Organization.Read.All']);
    expect(account).toEqual({ username: 'ada@contoso.test', name: 'Ada Admin', tenantId });
    expect(shown).toEqual([expect.stringContaining('FZK7P3QWE')]);
    const deviceCodeCall = network.posts.find((p) => p.url.includes('/devicecode'))!;
    expect(deviceCodeCall.body.get('client_id')).toBe(graphCommandLineToolsClientId);
    expect(deviceCodeCall.body.get('scope')?.split(' ')).toContain('Organization.Read.All');
    expect(network.posts.filter((p) => p.url.includes('/token'))).toHaveLength(2);
    expect(network.gets).toEqual([]);
  });

  it('system browser: the loopback redirect receives the code, exchanged with PKCE', async () => {
    const network = identityPlatform();
    const session = signIn(network, aesSecretStore(), memoryBlobs(), {
      // The "browser": follows the authorize URL's redirect back to the loopback listener.
      openBrowser: async (url) => {
        const authorize = new URL(url);
        expect(authorize.searchParams.get('response_mode')).toBe('form_post');
        const page = await fetch(authorize.searchParams.get('redirect_uri')!, {
          method: 'POST',
          body: new URLSearchParams({
            code: 'auth-code-from-browser',
            state: authorize.searchParams.get('state')!,
            client_info: base64url({ uid: objectId, utid: tenantId }),
          }),
        });
        expect(await page.text()).toContain('Signed in.');
      },
      showDeviceCode: () => {
        throw new Error('must not fall back');
      },
    });
    expect(await session.signIn(['Policy.Read.All'])).toMatchObject({
      username: 'ada@contoso.test',
    });
    const exchange = network.posts.find((p) => p.body.get('grant_type') === 'authorization_code')!;
    expect(exchange.body.get('code_verifier')).toMatch(/^[\w-]{43,}$/);
    expect(exchange.body.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+/);
  });

  it('falls back to device code when there is no browser', async () => {
    const network = identityPlatform();
    const opened: string[] = [];
    const shown: string[] = [];
    const session = signIn(network, aesSecretStore(), memoryBlobs(), {
      openBrowser: (url) => {
        opened.push(url);
        return Promise.reject(new BrowserUnavailable('no graphical session'));
      },
      showDeviceCode: (message) => shown.push(message),
    });
    expect(await session.getAccessToken(['User.Read'], { forceRefresh: false })).toBe(
      'access-token-1',
    );
    // The browser was asked first, with the loopback redirect and PKCE.
    const authorize = new URL(opened[0]!);
    expect(authorize.pathname).toBe(`/${tenantId}/oauth2/v2.0/authorize`);
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+/);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(shown).toHaveLength(1);
  });

  it('signs in silently from the encrypted cache in a new session, with no network', async () => {
    const secrets = aesSecretStore();
    const blobs = memoryBlobs();
    await signIn(identityPlatform(), secrets, blobs, {
      showDeviceCode: () => undefined,
      preferDeviceCode: true,
    }).signIn(['Organization.Read.All']);
    // At rest: only ciphertext, no token.
    expect(blobs.bytes).toBeDefined();
    const atRest = Buffer.from(blobs.bytes!).toString('latin1');
    expect(atRest).not.toContain('access-token-1');
    expect(atRest).not.toContain('refresh-token-1');

    const network = identityPlatform();
    const later = signIn(network, secrets, blobs, {
      showDeviceCode: () => {
        throw new Error('must not prompt');
      },
    });
    expect(await later.cachedAccount()).toEqual({
      username: 'ada@contoso.test',
      name: 'Ada Admin',
      tenantId,
    });
    expect(await later.getAccessToken(['Organization.Read.All'], { forceRefresh: false })).toBe(
      'access-token-1',
    );
    expect(network.posts).toEqual([]);

    // After a 401: a refresh-token grant, silently.
    expect(await later.getAccessToken(['Organization.Read.All'], { forceRefresh: true })).toBe(
      'access-token-1',
    );
    const refresh = network.posts.find((p) => p.body.get('grant_type') === 'refresh_token')!;
    expect(refresh.body.get('refresh_token')).toBe('refresh-token-1');
  });

  it('drops a cache that no longer decrypts, and clearTokenCache forgets the account', async () => {
    const blobs = memoryBlobs();
    await signIn(identityPlatform(), aesSecretStore(), blobs, {
      showDeviceCode: () => undefined,
      preferDeviceCode: true,
    }).signIn(['User.Read']);
    const otherKey = signIn(identityPlatform(), aesSecretStore(), blobs, {
      showDeviceCode: () => undefined,
    });
    expect(await otherKey.cachedAccount()).toBeUndefined();
    expect(blobs.bytes).toBeUndefined();

    const secrets = aesSecretStore();
    const session = signIn(identityPlatform(), secrets, blobs, {
      showDeviceCode: () => undefined,
      preferDeviceCode: true,
    });
    await session.signIn(['User.Read']);
    expect(blobs.bytes).toBeDefined();
    await session.clearTokenCache();
    expect(blobs.bytes).toBeUndefined();
    const after = signIn(identityPlatform(), secrets, blobs, { showDeviceCode: () => undefined });
    expect(await after.cachedAccount()).toBeUndefined();
  });

  it('refuses to store the cache when the OS cannot encrypt it', async () => {
    const blobs = memoryBlobs();
    const noEncryption: SecretStore = {
      encrypt: () => Promise.reject(new Error("safeStorage backend is 'basic_text'")),
      decrypt: () => Promise.reject(new Error('unavailable')),
    };
    const session = signIn(identityPlatform(), noEncryption, blobs, {
      showDeviceCode: () => undefined,
      preferDeviceCode: true,
    });
    await expect(session.signIn(['User.Read'])).rejects.toMatchObject({
      code: 'entra-cache-not-encrypted',
    });
    expect(blobs.bytes).toBeUndefined();
  });

  it("uses the national cloud's sign-in host", () => {
    const session = new EntraSignIn(
      { cloud: nationalClouds.china, tenant: 'contoso.partner.onmschina.cn' },
      { showDeviceCode: () => undefined },
    );
    expect(session.authority).toBe('https://login.chinacloudapi.cn/contoso.partner.onmschina.cn');
  });
});
