/**
 * The Microsoft identity platform for tests, without any network: authority and cloud-discovery
 * metadata to hand MSAL, and a network module playing the device-code and token endpoints
 * (device code, one authorization_pending poll, then tokens; refresh and auth-code grants).
 * Used by the sign-in unit tests and by the wizard's end-to-end walk.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { graphCommandLineToolsClientId } from '../../../main/entra/sign-in';

export const tenantId = '84f2e5a1-3c6b-4d51-9a3e-0b6f1c2d7e90';
export const objectId = '3f1c9a2e-7b4d-4e8a-9c61-5d2b0e8f4a17';
export const login = 'https://login.microsoftonline.com';
export const authorityMetadata = JSON.stringify({
  token_endpoint: `${login}/${tenantId}/oauth2/v2.0/token`,
  authorization_endpoint: `${login}/${tenantId}/oauth2/v2.0/authorize`,
  end_session_endpoint: `${login}/${tenantId}/oauth2/v2.0/logout`,
  issuer: `${login}/${tenantId}/v2.0`,
  jwks_uri: `${login}/${tenantId}/discovery/v2.0/keys`,
});
export const cloudDiscoveryMetadata = JSON.stringify({
  tenant_discovery_endpoint: `${login}/${tenantId}/v2.0/.well-known/openid-configuration`,
  'api-version': '1.1',
  metadata: [
    {
      preferred_network: 'login.microsoftonline.com',
      preferred_cache: 'login.windows.net',
      aliases: [
        'login.microsoftonline.com',
        'login.windows.net',
        'login.microsoft.com',
        'sts.windows.net',
      ],
    },
  ],
});

export const base64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

export function tokenResponse(accessToken: string, refreshToken: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    token_type: 'Bearer',
    scope: 'Organization.Read.All User.Read profile openid email',
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: accessToken,
    refresh_token: refreshToken,
    id_token: `${base64url({ typ: 'JWT', alg: 'RS256', kid: 'test' })}.${base64url({
      aud: graphCommandLineToolsClientId,
      iss: `${login}/${tenantId}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: 'Ada Admin',
      oid: objectId,
      preferred_username: 'ada@contoso.test',
      sub: 'sub-ada',
      tid: tenantId,
      ver: '2.0',
    })}.c2lnbmF0dXJl`,
    client_info: base64url({ uid: objectId, utid: tenantId }),
  };
}

export interface PostCall {
  readonly url: string;
  readonly body: URLSearchParams;
}

/** The identity platform: device code, then one pending poll, then tokens; refresh grants. */
export function identityPlatform(
  accessToken: (issued: number) => string = (issued) => `access-token-${issued}`,
): INetworkModule & { posts: PostCall[]; gets: string[] } {
  const posts: PostCall[] = [];
  const gets: string[] = [];
  let polls = 0;
  let issued = 0;
  const respond = <T>(status: number, body: unknown): NetworkResponse<T> => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': 'req-1' },
    body: body as T,
  });
  return {
    posts,
    gets,
    sendGetRequestAsync<T>(url: string): Promise<NetworkResponse<T>> {
      gets.push(url);
      return Promise.resolve(respond<T>(404, { error: 'not_found' }));
    },
    sendPostRequestAsync<T>(
      url: string,
      options?: NetworkRequestOptions,
    ): Promise<NetworkResponse<T>> {
      const body = new URLSearchParams(options?.body ?? '');
      posts.push({ url, body });
      if (url.startsWith(`${login}/${tenantId}/oauth2/v2.0/devicecode`)) {
        return Promise.resolve(
          respond<T>(200, {
            user_code: 'FZK7P3QWE',
            device_code: 'device-code-opaque',
            verification_uri: 'https://microsoft.com/devicelogin',
            expires_in: 900,
            interval: 0,
            message:
              'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FZK7P3QWE to authenticate.',
          }),
        );
      }
      if (url.startsWith(`${login}/${tenantId}/oauth2/v2.0/token`)) {
        const grant = body.get('grant_type');
        if (grant === 'device_code') {
          polls += 1;
          if (polls === 1) {
            return Promise.resolve(
              respond<T>(400, {
                error: 'authorization_pending',
                error_description: 'AADSTS70016: pending',
              }),
            );
          }
        }
        if (grant === 'authorization_code' && body.get('code') !== 'auth-code-from-browser') {
          return Promise.resolve(respond<T>(400, { error: 'invalid_grant' }));
        }
        if (
          grant === 'device_code' ||
          grant === 'refresh_token' ||
          grant === 'authorization_code'
        ) {
          issued += 1;
          return Promise.resolve(
            respond<T>(200, tokenResponse(accessToken(issued), `refresh-token-${issued}`)),
          );
        }
      }
      return Promise.resolve(respond<T>(400, { error: 'invalid_request' }));
    },
  };
}
