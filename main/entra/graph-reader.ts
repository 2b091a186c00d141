import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import { ExitCode, WizardError, badInput } from '../../shared/errors';
import { graphFailure, readGraphErrorFacts } from './graph-failure';
import {
  GraphAuthMiddleware,
  GraphScopes,
  GraphThrottleMiddleware,
  defaultThrottlePolicy,
  type ThrottlePolicy,
} from './graph-middleware';
import { readPermissions, type EntraRead } from './graph-permissions';
import type { GraphTokenSource } from './graph-token-source';
import { ProxiedHttpHandler } from './proxied-http';
import { describeNetworkCause, networkCauseWords, type ProxyResolver } from './proxy';
import { redactSecrets } from './redact';
import { field } from '../../shared/fields';

export interface GraphReaderOptions {
  /** Graph base URL with its version, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
  readonly tokenSource: GraphTokenSource;
  readonly throttle?: ThrottlePolicy;
  /** Scopes are qualified with this resource in national clouds (`https://graph.microsoft.us`). */
  readonly scopeResource?: string;
  /** The proxy for each URL; HTTPS_PROXY / NO_PROXY when absent. */
  readonly proxy?: ProxyResolver;
}

export interface GraphReadOptions {
  readonly select?: readonly string[];
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Read-only Microsoft Graph access over @microsoft/microsoft-graph-client with this
 * project's middleware chain: token (with one silent retry on 401) → throttling → fetch.
 * Every failure becomes a GraphFailure naming Graph's code and request-id, never the token.
 */
export class GraphReader {
  private readonly client: Client;
  private readonly base: URL;
  private readonly auth: GraphAuthMiddleware;

  constructor(private readonly options: GraphReaderOptions) {
    this.base = parseGraphBaseUrl(options.baseUrl);
    const auth = new GraphAuthMiddleware(options.tokenSource, this.base.origin);
    this.auth = auth;
    const throttle = new GraphThrottleMiddleware(options.throttle ?? defaultThrottlePolicy);
    auth.setNext(throttle);
    throttle.setNext(new ProxiedHttpHandler(options.proxy));
    const segments = this.base.pathname.replace(/\/+$/, '').split('/');
    const version = segments.pop() ?? 'v1.0';
    this.client = Client.initWithMiddleware({
      baseUrl: this.base.origin + segments.join('/'),
      defaultVersion: version,
      middleware: auth,
    });
  }

  /** Signs in once for every read of a step, so the admin consents to them together. */
  async prepare(reads: readonly EntraRead[]): Promise<void> {
    await this.options.tokenSource.prepare?.(reads.map((read) => this.scopeOf(read)));
  }

  /** One JSON document, e.g. `/organization`. */
  async getJson(read: EntraRead, path: string, options: GraphReadOptions = {}): Promise<unknown> {
    return this.fetchJson(read, path, options);
  }

  /** Every item of a collection, page by page, following `@odata.nextLink` (streamed). */
  async *getCollection(
    read: EntraRead,
    path: string,
    options: GraphReadOptions = {},
  ): AsyncGenerator<unknown> {
    let page: unknown = await this.fetchJson(read, path, options);
    const followed = new Set<string>();
    for (;;) {
      const record = isRecord(page) ? page : {};
      const items = record['value'];
      if (!Array.isArray(items)) {
        throw unexpectedShape(read, 'a collection without "value"');
      }
      yield* items;
      const next = record['@odata.nextLink'];
      if (typeof next !== 'string') return;
      if (followed.has(next)) {
        throw unexpectedShape(read, 'a paging link that repeats an earlier page');
      }
      followed.add(next);
      // The nextLink already carries $select and the skip token: follow it verbatim.
      page = await this.fetchJson(read, this.relativeToBase(next), {
        ...(options.headers === undefined ? {} : { headers: options.headers }),
      });
    }
  }

  private async fetchJson(
    read: EntraRead,
    path: string,
    options: GraphReadOptions,
  ): Promise<unknown> {
    const permission = readPermissions[read];
    const scope = this.scopeOf(read);
    let request = this.client
      .api(path)
      .middlewareOptions([new GraphScopes([scope])])
      .responseType(ResponseType.RAW);
    if (options.headers !== undefined) request = request.headers({ ...options.headers });
    if (options.select !== undefined) request = request.select([...options.select]);
    if (options.query !== undefined) request = request.query({ ...options.query });
    let response: Response;
    try {
      response = (await request.get()) as Response;
    } catch (error) {
      if (error instanceof WizardError) throw error;
      // The sign-in failed (or a token was refused to a foreign host): that, not Graph, is said.
      const failure = this.auth.takeFailure();
      if (failure !== undefined) throw failure;
      const reason = networkCauseWords(
        describeNetworkCause(error) ?? (error instanceof Error ? error.message : String(error)),
        this.base.host,
      );
      throw new WizardError(
        'entra-graph-unreachable',
        `Could not reach Microsoft Graph at ${this.base.origin} to read ${permission.purpose}: ${redactSecrets(reason, [...this.auth.tokensSent])}.`,
        `Check the network, proxy and ${field('graphEndpoint')} / ${field('cloud')}; the Graph certificate must be trusted (NODE_EXTRA_CA_CERTS for a private CA).`,
        ExitCode.connect,
      );
    }
    if (!response.ok) {
      throw graphFailure(
        await readGraphErrorFacts(response, [...this.auth.tokensSent]),
        read,
        permission.request,
      );
    }
    try {
      return await response.json();
    } catch {
      throw unexpectedShape(read, 'a body that is not JSON');
    }
  }

  /** The delegated scope of a read, qualified with the resource in national clouds. */
  private scopeOf(read: EntraRead): string {
    const scope = readPermissions[read].scope;
    return this.options.scopeResource === undefined
      ? scope
      : `${this.options.scopeResource}/${scope}`;
  }

  /** A nextLink as a path under the base URL; a link elsewhere is refused (token safety). */
  private relativeToBase(link: string): string {
    const base = this.base.href.replace(/\/+$/, '');
    if (!link.startsWith(base + '/')) {
      throw new WizardError(
        'entra-foreign-next-link',
        `Graph returned a paging link outside ${base}; it was not followed, so the token stays with Graph.`,
        `Check ${field('graphEndpoint')}: a proxy must rewrite @odata.nextLink to its own address.`,
        ExitCode.connect,
      );
    }
    return link.slice(base.length);
  }
}

/** Validates `--graph-endpoint`: https only (a token never goes over plain http). */
export function parseGraphBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput(
      'entra-bad-graph-endpoint',
      `"${value}" is not a URL.`,
      'Give the Graph base URL with its version, e.g. https://graph.microsoft.com/v1.0.',
    );
  }
  if (url.protocol !== 'https:') {
    throw badInput(
      'entra-graph-endpoint-not-https',
      `The Graph endpoint ${url.origin} does not use https; the access token would cross the network in clear text.`,
      'Use an https URL; for a test double with a private CA, trust it through NODE_EXTRA_CA_CERTS.',
    );
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw badInput(
      'entra-bad-graph-endpoint',
      'The Graph endpoint must not carry a query, fragment or credentials.',
      'Give only the base URL with its version, e.g. https://graph.microsoft.com/v1.0.',
    );
  }
  if (!/\/v1\.0\/?$|\/beta\/?$/.test(url.pathname)) {
    throw badInput(
      'entra-bad-graph-endpoint',
      `The Graph endpoint ${url.href} does not end with a Graph version.`,
      'End it with /v1.0, e.g. https://graph.microsoft.com/v1.0.',
    );
  }
  return url;
}

function unexpectedShape(read: EntraRead, what: string): WizardError {
  return new WizardError(
    'entra-unexpected-response',
    `Microsoft Graph answered ${readPermissions[read].request} with ${what}.`,
    `Check ${field('graphEndpoint')} points at Microsoft Graph (or a faithful proxy) and run again.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
