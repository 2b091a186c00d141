import { randomUUID } from 'node:crypto';
import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { ExitCode, WizardError } from '../../shared/errors';
import type { GraphTokenSource } from './graph-token-source';
import { field } from '../../shared/fields';

/** The delegated scopes one request needs, passed per request (least privilege). */
export class GraphScopes implements MiddlewareOptions {
  constructor(readonly scopes: readonly string[]) {}
}

/**
 * Adds `Authorization: Bearer …` only to requests for the configured Graph origin (a
 * nextLink or redirect elsewhere never gets the token), and on a 401 asks the token source
 * once for a newer token silently, then sends the request again.
 */
export class GraphAuthMiddleware implements Middleware {
  private next: Middleware | undefined;
  /** Tokens sent so far, to blank them out of anything Graph or a proxy echoes back. */
  readonly tokensSent = new Set<string>();

  constructor(
    private readonly tokenSource: GraphTokenSource,
    private readonly graphOrigin: string,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  /**
   * The last refusal or sign-in failure this middleware threw: the Graph client rewraps what a
   * middleware throws as its own GraphError, losing the WizardError that says what went wrong
   * (the sign-in host unreachable, not Graph); the reader takes it back from here.
   */
  private failure: WizardError | undefined;

  takeFailure(): WizardError | undefined {
    const failure = this.failure;
    this.failure = undefined;
    return failure;
  }

  async execute(context: Context): Promise<void> {
    this.failure = undefined;
    try {
      await this.authorize(context);
    } catch (error) {
      if (error instanceof WizardError) this.failure = error;
      throw error;
    }
  }

  private async authorize(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin !== this.graphOrigin) {
      throw new WizardError(
        'entra-foreign-host',
        `Refused to send the Graph token to ${new URL(url).origin}, which is not the Graph endpoint ${this.graphOrigin}.`,
        `Check ${field('graphEndpoint')}: it must be the Graph base URL that answers every request, paging links included.`,
        ExitCode.connect,
      );
    }
    const scopes =
      context.middlewareControl?.getMiddlewareOptions(GraphScopes) instanceof GraphScopes
        ? (context.middlewareControl.getMiddlewareOptions(GraphScopes) as GraphScopes).scopes
        : [];
    const token = await this.tokenSource.getAccessToken(scopes, { forceRefresh: false });
    if (token === undefined) {
      throw new WizardError(
        'entra-not-signed-in',
        'No Microsoft Graph access token is available.',
        `Sign in to Microsoft Entra ID, or pass ${field('graphToken')} with a variable holding a token.`,
        ExitCode.connect,
      );
    }
    await this.send(context, token);
    if (context.response?.status !== 401) return;
    const newer = await this.tokenSource.getAccessToken(scopes, { forceRefresh: true });
    if (newer === undefined || newer === token) return;
    await context.response.body?.cancel();
    await this.send(context, newer);
  }

  private async send(context: Context, token: string): Promise<void> {
    this.tokensSent.add(token);
    const headers = { ...(context.options?.headers as Record<string, string> | undefined) };
    headers['Authorization'] = `Bearer ${token}`;
    // Our id for the request: Graph echoes it, and support can trace it with request-id.
    headers['client-request-id'] ??= randomUUID();
    context.options = { ...context.options, headers };
    if (this.next === undefined) throw new Error('GraphAuthMiddleware has no next middleware');
    await this.next.execute(context);
  }
}

/** How long to keep waiting when Graph throttles (429) or is unavailable (503). */
export interface ThrottlePolicy {
  readonly maxRetries: number;
  /** Total wait across retries of one request; a longer Retry-After ends the retries. */
  readonly maxTotalWaitMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Each attempt's own time limit: a Graph that never answers must not hang the run. */
  readonly attemptTimeoutMs: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  maxRetries: 4,
  maxTotalWaitMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  attemptTimeoutMs: 30_000,
};

/**
 * Honours `Retry-After` on 429 and 503 (Graph throttling guidance), within the policy's
 * bounds; without the header, backs off 1 s, 2 s, 4 s, … Only for idempotent reads.
 */
export class GraphThrottleMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly policy: ThrottlePolicy = defaultThrottlePolicy) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (this.next === undefined) throw new Error('GraphThrottleMiddleware has no next middleware');
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      context.options = {
        ...context.options,
        signal: AbortSignal.timeout(this.policy.attemptTimeoutMs),
        // Graph reads do not redirect; one that does is reported, never followed with the token.
        redirect: 'manual',
      };
      await this.next.execute(context);
      const response = context.response;
      if (response === undefined || (response.status !== 429 && response.status !== 503)) return;
      if (attempt >= this.policy.maxRetries) return;
      const delay = retryDelayMs(response.headers.get('retry-after'), attempt, this.policy.now());
      if (waited + delay > this.policy.maxTotalWaitMs) return;
      await response.body?.cancel();
      waited += delay;
      await this.policy.sleep(delay);
    }
  }
}

/** `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryDelayMs(header: string | null, attempt: number, nowMs: number): number {
  if (header !== null && header.trim() !== '') {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  return 1000 * 2 ** attempt;
}
