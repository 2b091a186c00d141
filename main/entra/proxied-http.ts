/**
 * The last link of the HTTP chains to Microsoft, through `proxiedFetch`: MSAL's network module
 * (sign-in) and Graph's terminal middleware, so both honour the same proxy.
 */
import {
  AuthError,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { describeNetworkCause, proxiedFetch, type ProxyResolver } from './proxy';

/** MSAL's network module, as its own HttpClient does it, over the proxy-aware fetch. */
export function msalNetworkClient(resolver?: ProxyResolver): INetworkModule {
  const fetchVia = proxiedFetch(resolver);
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    let response: Response;
    try {
      response = await fetchVia(url, {
        method,
        headers: { ...options?.headers },
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        ...(timeout ? { signal: AbortSignal.timeout(timeout) } : {}),
      });
    } catch (error) {
      // MSAL rethrows its own errors only, and drops the cause of any other: hand it one that
      // keeps why the request failed (the socket error, the proxy's refusal).
      const failure = new AuthError(
        'network_error',
        `Network request failed: ${describeNetworkCause(error) ?? (error instanceof Error ? error.message : String(error))}`,
      );
      throw Object.assign(failure, { cause: error });
    }
    return {
      headers: Object.fromEntries(response.headers),
      body: (await response.json()) as T,
      status: response.status,
    };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}

/** Graph's terminal middleware (in place of HTTPMessageHandler, which calls fetch directly). */
export class ProxiedHttpHandler implements Middleware {
  private readonly fetchVia: typeof fetch;
  constructor(resolver?: ProxyResolver) {
    this.fetchVia = proxiedFetch(resolver);
  }

  async execute(context: Context): Promise<void> {
    try {
      context.response = await this.fetchVia(context.request, context.options as RequestInit);
    } catch (error) {
      // Graph's client keeps only the message of what its last link throws (never its cause):
      // make the message say why (the socket error, the proxy that refused the tunnel).
      throw Object.assign(
        new Error(
          describeNetworkCause(error) ?? (error instanceof Error ? error.message : String(error)),
        ),
        { cause: error },
      );
    }
  }
}
