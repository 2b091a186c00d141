/**
 * Where the Graph client gets its access token: a signed-in account (MSAL) or a token the
 * admin supplied (--graph-token-env). The client never stores the token; it asks each time.
 */
export interface GraphTokenSource {
  /**
   * An access token for these Graph scopes. With `forceRefresh` (after a 401), a newer one
   * obtained silently, or `undefined` when none can be had without the admin.
   */
  getAccessToken(
    scopes: readonly string[],
    options: { readonly forceRefresh: boolean },
  ): Promise<string | undefined>;

  /**
   * Asks the admin once for every scope a step will need (one consent prompt instead of one
   * per read); the reads then get their own narrower tokens silently.
   */
  prepare?(scopes: readonly string[]): Promise<void>;
}

/** A fixed token, e.g. from `az account get-access-token`: it cannot be refreshed. */
export function fixedTokenSource(token: string): GraphTokenSource {
  return {
    getAccessToken: (_scopes, { forceRefresh }) =>
      Promise.resolve(forceRefresh ? undefined : token),
  };
}
