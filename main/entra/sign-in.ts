import {
  InteractionRequiredAuthError,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type Configuration,
  type INetworkModule,
} from '@azure/msal-node';
import { ExitCode, WizardError } from '../../shared/errors';
import type { GraphTokenSource } from './graph-token-source';
import type { NationalCloud } from './national-clouds';
import { msalNetworkClient } from './proxied-http';
import { describeNetworkCause, type ProxyResolver } from './proxy';
import { redactSecrets } from './redact';
import { encryptedCachePlugin, type EncryptedBlobStore, type SecretStore } from './token-cache';
import { field } from '../../shared/fields';

/** How long the sign-in host has to answer before a browser sign-in is given up as no network. */
const reachTimeoutMs = 15_000;

/** Microsoft Graph Command Line Tools: Microsoft's own public client for admins' delegated Graph use. */
export const graphCommandLineToolsClientId = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

export interface SignInSettings {
  readonly cloud: NationalCloud;
  /** Tenant id or domain; `organizations` (any work account) when absent. */
  readonly tenant?: string;
  /** An organization's own public-client registration (redirect http://localhost). */
  readonly clientId?: string;
  /**
   * Where the sign-in is remembered between runs, encrypted by the OS. Without it the
   * sign-in lives in memory only (the CLI on plain Node, which has no OS encryption).
   */
  readonly tokenCache?: { readonly secrets: SecretStore; readonly blobs: EncryptedBlobStore };
  /** The proxy for each URL; HTTPS_PROXY / NO_PROXY when absent. */
  readonly proxy?: ProxyResolver;
  /** Tests: a network client and metadata so MSAL never leaves the process. */
  readonly networkClient?: INetworkModule;
  readonly authorityMetadata?: string;
  readonly cloudDiscoveryMetadata?: string;
}

/** How the admin is shown a sign-in: supplied by the desktop shell or the CLI. */
export interface SignInInteraction {
  /** Opens the system browser (shell.openExternal, or the OS opener); never an in-app window. */
  readonly openBrowser?: (url: string) => Promise<void>;
  /** Shows Microsoft's device-code message ("To sign in, use a web browser to open …"). */
  readonly showDeviceCode: (message: string) => void;
  /** Go straight to device code (locked-down servers without a browser). */
  readonly preferDeviceCode?: boolean;
  /** The admin's Cancel, or the app's timeout: stops the wait for a sign-in that never ends. */
  readonly signal?: AbortSignal;
}

/** Who is signed in, for the wizard's header; no tokens. */
export interface SignedInAccount {
  readonly username: string;
  readonly name?: string;
  readonly tenantId: string;
}

/**
 * Sign-in to Microsoft Entra ID as a public client: silent from the cache first, then the
 * system browser with a loopback redirect, with device code as the fallback. Tokens are asked
 * per step with only the scopes that step needs.
 */
export class EntraSignIn implements GraphTokenSource {
  readonly app: PublicClientApplication;
  /** Sign-in host and tenant, e.g. https://login.microsoftonline.us/contoso.onmicrosoft.us. */
  readonly authority: string;
  private account: AccountInfo | undefined;
  /** MSAL's network client, through the configured proxy: also asks the sign-in host first. */
  private readonly network: INetworkModule;

  constructor(
    private readonly settings: SignInSettings,
    private readonly interaction: SignInInteraction,
  ) {
    this.authority = `${settings.cloud.loginHost}/${settings.tenant ?? 'organizations'}`;
    this.network = settings.networkClient ?? msalNetworkClient(settings.proxy);
    const configuration: Configuration = {
      auth: {
        clientId: settings.clientId ?? graphCommandLineToolsClientId,
        authority: this.authority,
        ...(settings.authorityMetadata === undefined
          ? {}
          : { authorityMetadata: settings.authorityMetadata }),
        ...(settings.cloudDiscoveryMetadata === undefined
          ? {}
          : { cloudDiscoveryMetadata: settings.cloudDiscoveryMetadata }),
      },
      ...(settings.tokenCache === undefined
        ? {}
        : {
            cache: {
              cachePlugin: encryptedCachePlugin(
                settings.tokenCache.secrets,
                settings.tokenCache.blobs,
              ),
            },
          }),
      system: {
        networkClient: this.network,
        // MSAL's own logging could include PII; keep it off.
        loggerOptions: { piiLoggingEnabled: false, loggerCallback: () => undefined },
      },
    };
    this.app = new PublicClientApplication(configuration);
  }

  /** The account signed in earlier (from the cache), if any. */
  async cachedAccount(): Promise<SignedInAccount | undefined> {
    const account = await this.findAccount();
    return account === undefined ? undefined : summarize(account);
  }

  /** Signs in for these scopes: silently if possible, else with the admin. */
  async signIn(scopes: readonly string[]): Promise<SignedInAccount> {
    const result = (await this.silent(scopes, false)) ?? (await this.interactive(scopes));
    return summarize(result.account!);
  }

  async prepare(scopes: readonly string[]): Promise<void> {
    await this.signIn([...new Set(scopes)]);
  }

  async getAccessToken(
    scopes: readonly string[],
    { forceRefresh }: { readonly forceRefresh: boolean },
  ): Promise<string | undefined> {
    const silent = await this.silent(scopes, forceRefresh);
    if (silent !== undefined) return silent.accessToken;
    // After a 401 only a silent retry is allowed; a new prompt mid-read would surprise.
    if (forceRefresh) return undefined;
    return (await this.interactive(scopes)).accessToken;
  }

  /** Forgets every account (the app's "Sign out and clear saved sign-in"). */
  async clearTokenCache(): Promise<void> {
    const cache = this.app.getTokenCache();
    for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
    this.account = undefined;
    // Last, so no write-back of the emptied cache recreates the file.
    await this.settings.tokenCache?.blobs.remove();
  }

  private async findAccount(): Promise<AccountInfo | undefined> {
    if (this.account !== undefined) return this.account;
    const accounts = await this.app.getTokenCache().getAllAccounts();
    const tenant = this.settings.tenant;
    this.account =
      accounts.find(
        (a) => tenant === undefined || a.tenantId === tenant || a.username.endsWith(`@${tenant}`),
      ) ?? undefined;
    return this.account;
  }

  private async silent(
    scopes: readonly string[],
    forceRefresh: boolean,
  ): Promise<AuthenticationResult | undefined> {
    const account = await this.findAccount();
    if (account === undefined) return undefined;
    try {
      return await this.app.acquireTokenSilent({ account, scopes: [...scopes], forceRefresh });
    } catch (error) {
      if (error instanceof InteractionRequiredAuthError) return undefined;
      throw signInFailure(error, this.settings.cloud.loginHost);
    }
  }

  private async interactive(scopes: readonly string[]): Promise<AuthenticationResult> {
    const { openBrowser, preferDeviceCode } = this.interaction;
    let result: AuthenticationResult | null;
    try {
      if (openBrowser !== undefined && preferDeviceCode !== true) {
        await this.reachSignInHost();
        try {
          result = await untilAborted(
            this.interaction.signal,
            this.app.acquireTokenInteractive({
              scopes: [...scopes],
              openBrowser: this.releasedOnAbort(openBrowser),
              successTemplate:
                '<h1>Signed in.</h1><p>You can close this window and return to Writeback Wizard.</p>',
              errorTemplate:
                '<h1>Sign-in failed.</h1><p>Return to Writeback Wizard for details.</p>',
            }),
          );
        } catch (error) {
          if (!(error instanceof BrowserUnavailable)) throw error;
          result = await this.deviceCode(scopes);
        }
      } else {
        result = await this.deviceCode(scopes);
      }
    } catch (error) {
      throw signInFailure(error, this.settings.cloud.loginHost);
    }
    if (result === null || result.account === null)
      throw signInFailure(new Error('no account returned'), this.settings.cloud.loginHost);
    this.account = result.account;
    return result;
  }

  /**
   * The browser sign-in builds its URL without the network and then waits for a redirect that
   * never comes when Microsoft cannot be reached. Asking the sign-in host first, through the
   * same proxy, fails at once with the host named, as device code does. Only a network failure
   * stops here: any answer (even an error page) means the host is reachable.
   */
  private async reachSignInHost(): Promise<void> {
    const url = `${this.authority}/v2.0/.well-known/openid-configuration`;
    try {
      await untilAborted(
        this.interaction.signal,
        this.network.sendGetRequestAsync(url, undefined, reachTimeoutMs),
      );
    } catch (error) {
      if (error === this.interaction.signal?.reason) throw error;
      if (describeNetworkCause(error) !== undefined) throw error;
    }
  }

  /**
   * MSAL's browser sign-in waits on a loopback listener it offers no way to stop. On the
   * admin's Cancel (or the timeout) the listener is sent the answer a refused sign-in gives, so
   * it closes instead of listening on this computer until the app exits.
   */
  private releasedOnAbort(openBrowser: (url: string) => Promise<void>) {
    const { signal } = this.interaction;
    return async (url: string): Promise<void> => {
      signal?.addEventListener('abort', () => void releaseLoopback(url), { once: true });
      await openBrowser(url);
    };
  }

  private deviceCode(scopes: readonly string[]): Promise<AuthenticationResult | null> {
    const request = {
      scopes: [...scopes],
      deviceCodeCallback: (response: { message: string }) =>
        this.interaction.showDeviceCode(response.message),
      cancel: false,
    };
    // MSAL stops polling once `cancel` is set; the race returns at once.
    const { signal } = this.interaction;
    signal?.addEventListener('abort', () => (request.cancel = true), { once: true });
    return untilAborted(signal, this.app.acquireTokenByDeviceCode(request));
  }
}

/** Thrown by a browser opener that found no browser: sign-in continues with device code. */
export class BrowserUnavailable extends Error {
  override readonly name = 'BrowserUnavailable';
}

function summarize(account: AccountInfo): SignedInAccount {
  return {
    username: account.username,
    ...(account.name === undefined ? {} : { name: account.name }),
    tenantId: account.tenantId,
  };
}

/** Answers MSAL's loopback listener (the redirect URI of the sign-in URL) with a refusal. */
async function releaseLoopback(authorizeUrl: string): Promise<void> {
  try {
    const authorize = new URL(authorizeUrl);
    const redirect = new URL(authorize.searchParams.get('redirect_uri') ?? '');
    const state = authorize.searchParams.get('state') ?? '';
    if (redirect.hostname !== 'localhost' && redirect.hostname !== '127.0.0.1') return;
    redirect.hostname = '127.0.0.1';
    redirect.pathname = '/cancelled';
    redirect.search = new URLSearchParams({ error: 'access_denied', state }).toString();
    await fetch(redirect, { signal: AbortSignal.timeout(5000) });
  } catch {
    // The listener may already be gone; nothing else to release.
  }
}

/** Settles with the work, or rejects with the signal's reason once it is aborted. */
export function untilAborted<T>(signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as unknown);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function signInFailure(error: unknown, loginHost: string): WizardError {
  if (error instanceof WizardError) return error;
  const network = networkFailure(error, loginHost);
  if (network) return network;
  const code =
    typeof error === 'object' && error !== null && 'errorCode' in error
      ? String(error.errorCode)
      : '';
  const reason = redactSecrets(error instanceof Error ? error.message : String(error));
  return new WizardError(
    'entra-sign-in-failed',
    `Signing in to Microsoft Entra ID failed${code === '' ? '' : ` (${code})`}: ${reason}`,
    `Check ${field('tenant')} and ${field('cloud')}, that the account may consent to the Graph permissions asked (or an admin consented for the organization), and sign in again.`,
    ExitCode.connect,
    { cause: error },
  );
}

/**
 * A sign-in that failed because the sign-in host could not be reached (MSAL's network_error,
 * fetch's "fetch failed" and the socket error or proxy refusal under it) says so, and names the
 * host (and the proxy, when one was used).
 */
function networkFailure(error: unknown, loginHost: string): WizardError | undefined {
  const cause = describeNetworkCause(error);
  if (cause === undefined) return undefined;
  const host = new URL(loginHost).host;
  return new WizardError(
    'entra-unreachable',
    `The network: ${host} could not be reached (${cause}). Nothing was asked of the tenant.`,
    `Check that this computer reaches https://${host} (a firewall or a proxy may stand in the way; the proxy is taken from HTTPS_PROXY and NO_PROXY, and in the app from the system's proxy settings). The directory steps do not need Entra ID.`,
    ExitCode.connect,
    { cause: error },
  );
}
