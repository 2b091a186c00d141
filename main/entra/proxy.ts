/**
 * Reaching Microsoft through an HTTP proxy, as Connect servers and jump boxes often must: the
 * proxy for a URL comes from HTTPS_PROXY / NO_PROXY (curl's rules), or from the desktop shell
 * (the operating system's proxy settings). HTTPS is tunnelled with CONNECT, so TLS stays
 * end to end and verified against the real host; the proxy sees only the host name.
 *
 * Node's fetch ignores these variables, so sign-in (MSAL) and Graph both use `proxiedFetch`:
 * the global fetch where no proxy applies, the tunnel where one does.
 */
import { request as httpRequest, type RequestOptions } from 'node:http';
import { Agent, request as httpsRequest, type AgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

/** The proxy URL (http://host:port) for a target URL, or undefined to go direct. */
export type ProxyResolver = (url: URL) => string | undefined | Promise<string | undefined>;

/**
 * The operating system's proxy (the desktop shell asks Chromium, which reads the OS settings and
 * PAC scripts) unless HTTPS_PROXY is set, which wins as it does everywhere else.
 */
export function proxyFromSystem(
  resolveProxy: (url: string) => Promise<string>,
  env: NodeJS.ProcessEnv = process.env,
): ProxyResolver {
  const fromEnvironment = proxyFromEnvironment(env);
  return async (url) => {
    if (env['HTTPS_PROXY'] || env['https_proxy']) return fromEnvironment(url);
    return proxyFromPacResult(await resolveProxy(url.href));
  };
}

/** The first HTTP proxy of a PAC result ("PROXY host:port; DIRECT"); undefined for DIRECT. */
export function proxyFromPacResult(result: string): string | undefined {
  for (const entry of result.split(';')) {
    const [kind, hostPort] = entry.trim().split(/\s+/);
    if (kind === 'DIRECT') return undefined;
    if ((kind === 'PROXY' || kind === 'HTTP') && hostPort) return `http://${hostPort}`;
  }
  return undefined;
}

/** HTTPS_PROXY (or https_proxy), minus the hosts NO_PROXY (or no_proxy) names. */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv = process.env): ProxyResolver {
  return (url) => {
    if (url.protocol !== 'https:') return undefined;
    const proxy = env['HTTPS_PROXY'] || env['https_proxy'];
    if (!proxy) return undefined;
    const noProxy = env['NO_PROXY'] ?? env['no_proxy'] ?? '';
    return bypasses(url, noProxy) ? undefined : proxy;
  };
}

/**
 * NO_PROXY as curl reads it: comma- or space-separated host names, each matching itself and
 * its subdomains (a leading dot is the same), optionally with :port; `*` matches every host.
 */
export function bypasses(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const [name, entryPort] = /^(.*?)(?::(\d+))?$/.exec(entry)!.slice(1) as [string, string?];
    if (entryPort !== undefined && entryPort !== port) continue;
    const bare = name.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/** A proxy that could not open the tunnel, named (without any password in its URL). */
class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly code = 'EPROXY';
  constructor(
    readonly proxy: string,
    message: string,
  ) {
    super(message);
  }
}

/** An https.Agent whose every connection is a CONNECT tunnel through the proxy. */
class TunnelAgent extends Agent {
  constructor(
    private readonly proxy: URL,
    options: AgentOptions = {},
  ) {
    super({ ...options, keepAlive: false });
  }

  override createConnection(
    requestOptions: RequestOptions,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | undefined {
    const options = requestOptions as ConnectionOptions & { host?: string; port?: number };
    const done = (error: Error | null, stream?: Duplex) => callback?.(error, stream as Duplex);
    const target = `${options.host ?? 'localhost'}:${options.port ?? 443}`;
    const shown = this.proxy.origin;
    const auth =
      this.proxy.username !== ''
        ? `Basic ${Buffer.from(`${decodeURIComponent(this.proxy.username)}:${decodeURIComponent(this.proxy.password)}`).toString('base64')}`
        : undefined;
    const connect = httpRequest({
      host: this.proxy.hostname,
      port: Number(this.proxy.port || 80),
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...(auth ? { 'proxy-authorization': auth } : {}) },
    });
    connect.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        done(
          new ProxyError(
            shown,
            `the proxy ${shown} refused the tunnel to ${target} (HTTP ${response.statusCode ?? '?'}${response.statusCode === 407 ? ': it wants credentials' : ''})`,
          ),
        );
        return;
      }
      const servername = options.servername ?? options.host;
      done(null, tlsConnect({ ...options, socket, ...(servername ? { servername } : {}) }));
    });
    connect.once('error', (error: NodeJS.ErrnoException) =>
      done(
        new ProxyError(
          shown,
          `the proxy ${shown} could not be reached (${error.code ?? error.message})`,
        ),
      ),
    );
    connect.end();
    return undefined;
  }
}

/** fetch, through the proxy the resolver names for each URL (the global fetch otherwise). */
export function proxiedFetch(resolver: ProxyResolver = proxyFromEnvironment()): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const proxy = await resolver(new URL(request.url));
    if (proxy === undefined) return fetch(request);
    return tunnelledFetch(request, new URL(proxy));
  };
}

async function tunnelledFetch(request: Request, proxy: URL): Promise<Response> {
  const body =
    request.method === 'GET' || request.method === 'HEAD'
      ? undefined
      : Buffer.from(await request.arrayBuffer());
  const agent = new TunnelAgent(proxy);
  return new Promise<Response>((resolve, reject) => {
    const outgoing = httpsRequest(
      request.url,
      {
        method: request.method,
        headers: Object.fromEntries(request.headers),
        agent,
        signal: request.signal,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const each of Array.isArray(value) ? value : value ? [value] : []) {
              headers.append(name, each);
            }
          }
          const status = incoming.statusCode ?? 502;
          const empty = status === 204 || status === 304 || request.method === 'HEAD';
          resolve(
            new Response(empty ? null : Buffer.concat(chunks), {
              status,
              statusText: incoming.statusMessage ?? '',
              headers,
            }),
          );
        });
      },
    );
    outgoing.on('error', (error) => {
      // fetch's shape: "fetch failed" with the reason as its cause.
      reject(new TypeError('fetch failed', { cause: error }));
    });
    outgoing.end(body);
  }).finally(() => agent.destroy());
}

/** The socket-level codes that mean "the network", not the tenant or the consent. */
const networkCodes = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * Why a request never got an answer, from the error and its causes: the proxy's refusal, or
 * the socket error under fetch's "fetch failed". Undefined when it was not the network.
 */
export function describeNetworkCause(error: unknown): string | undefined {
  let fetchFailed = false;
  let socketCode: string | undefined;
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    if (e instanceof ProxyError) return e.message;
    const record = e as { errorCode?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    if (record.errorCode === 'network_error' || /fetch failed/.test(String(record.message))) {
      fetchFailed = true;
    }
    if (typeof record.code === 'string' && networkCodes.has(record.code)) socketCode = record.code;
    e = record.cause;
  }
  if (socketCode !== undefined) return socketCode;
  return fetchFailed ? 'no answer' : undefined;
}

/** A network cause in words, naming the host it was about ("graph.microsoft.com does not resolve"). */
export function networkCauseWords(cause: string, host: string): string {
  const words: Record<string, string> = {
    ENOTFOUND: `${host} does not resolve in DNS here`,
    EAI_AGAIN: `${host} could not be resolved (DNS did not answer)`,
    ECONNREFUSED: `${host} refused the connection`,
    ECONNRESET: `the connection to ${host} was reset`,
    ETIMEDOUT: `${host} did not answer in time`,
    UND_ERR_CONNECT_TIMEOUT: `${host} did not answer in time`,
    EHOSTUNREACH: `${host} cannot be reached from this network`,
    ENETUNREACH: `${host} cannot be reached from this network`,
    'no answer': `${host} gave no answer`,
  };
  const said = words[cause];
  return said === undefined ? cause.replace(/\.+$/, '') : `${said} (${cause})`;
}
