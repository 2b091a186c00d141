/**
 * How the dev bridge's per-run token travels, shared by the bridge and the renderer: in the
 * URL fragment of the one URL the bridge prints (a fragment is never sent to any server), then
 * in a custom request header on every call. Never in a cookie: cookies are not separated by
 * port, so a browser would hand one to every other service on 127.0.0.1. A custom header makes
 * any cross-origin call need a CORS preflight, which the bridge never grants.
 */
export const bridgeTokenHeader = 'x-writeback-token';
export const bridgeTokenFragment = 'token';
