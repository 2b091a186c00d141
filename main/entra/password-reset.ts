/**
 * The canary reset through Microsoft Graph (docs/domain-facts.md §9.3): find the synced
 * user, reset its password with the password authentication method's `resetPassword`, and
 * follow the long-running operation its `Location` names to its end.
 *
 * The password: Graph requires `newPassword` for hybrid (synchronized) users, so one is made
 * here from the OS's random source, sent once in the request body and dropped. It is never
 * returned, shown, logged or stored; a password Graph returns in the body is never read.
 */
import { randomInt } from 'node:crypto';
import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import { ExitCode, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';
import { printableCollapsed } from '../../shared/text/printable';
import { graphFailure, readGraphErrorFacts } from './graph-failure';
import { GraphAuthMiddleware, GraphScopes } from './graph-middleware';
import type { GraphReader } from './graph-reader';
import { parseGraphBaseUrl } from './graph-reader';
import type { GraphTokenSource } from './graph-token-source';
import { ProxiedHttpHandler } from './proxied-http';
import { describeNetworkCause, type ProxyResolver } from './proxy';
import { redactSecrets } from './redact';

/** The password authentication method's fixed id (Microsoft Graph, passwordAuthenticationMethod). */
export const passwordMethodId = '28c10230-6103-485e-b985-444c60001490';
const resetScope = 'UserAuthenticationMethod.ReadWrite.All';

export interface CloudUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly onPremisesSyncEnabled: boolean;
  readonly onPremisesSecurityIdentifier?: string;
  readonly onPremisesSamAccountName?: string;
  readonly accountEnabled?: boolean;
}

export type OperationStatus = 'notStarted' | 'running' | 'succeeded' | 'failed';

export interface ResetOperation {
  readonly status: OperationStatus;
  readonly statusDetail?: string;
  readonly createdDateTime?: string;
  readonly lastActionDateTime?: string;
}

/** A password that meets AD complexity (four classes) and any length policy up to 32. */
export function generatedPassword(length = 32): string {
  const classes = [
    'ABCDEFGHJKLMNPQRSTUVWXYZ',
    'abcdefghijkmnopqrstuvwxyz',
    '23456789',
    '!#%+-=?@^_',
  ];
  const all = classes.join('');
  const chars = classes.map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** The synced user the admin named, by UPN. */
export async function findCloudUser(graph: GraphReader, upn: string): Promise<CloudUser> {
  const json = (await graph.getJson('canaryUser', `/users/${encodeURIComponent(upn)}`, {
    select: [
      'id',
      'userPrincipalName',
      'onPremisesSyncEnabled',
      'onPremisesSecurityIdentifier',
      'onPremisesSamAccountName',
      'accountEnabled',
    ],
  })) as Record<string, unknown>;
  if (typeof json['id'] !== 'string' || typeof json['userPrincipalName'] !== 'string') {
    throw new WizardError(
      'entra-unexpected-response',
      `Microsoft Graph answered GET /users/${printableCollapsed(upn, 120)} without an id.`,
      `Check that ${field('graphEndpoint')} points at Microsoft Graph.`,
    );
  }
  const text = (name: string) =>
    typeof json[name] === 'string' ? printableCollapsed(json[name], 200) : undefined;
  const sid = text('onPremisesSecurityIdentifier');
  const sam = text('onPremisesSamAccountName');
  return {
    id: json['id'],
    userPrincipalName: printableCollapsed(json['userPrincipalName'], 200),
    onPremisesSyncEnabled: json['onPremisesSyncEnabled'] === true,
    ...(sid === undefined ? {} : { onPremisesSecurityIdentifier: sid }),
    ...(sam === undefined ? {} : { onPremisesSamAccountName: sam }),
    ...(typeof json['accountEnabled'] === 'boolean'
      ? { accountEnabled: json['accountEnabled'] }
      : {}),
  };
}

/** The signed-in admin's object id (a reset cannot target the caller). */
export async function signedInUserId(graph: GraphReader): Promise<string | undefined> {
  const json = (await graph.getJson('signedInUser', '/me', { select: ['id'] })) as Record<
    string,
    unknown
  >;
  return typeof json['id'] === 'string' ? json['id'] : undefined;
}

export interface PasswordResetterOptions {
  readonly baseUrl: string;
  readonly tokenSource: GraphTokenSource;
  readonly scopeResource?: string;
  /** The proxy for each URL, as for every other Graph call; HTTPS_PROXY / NO_PROXY when absent. */
  readonly proxy?: ProxyResolver;
}

/**
 * POSTs resetPassword. Not retried on 429/503 (a second POST could reset twice): a throttled
 * reset is reported, and the admin runs it again.
 */
export class PasswordResetter {
  private readonly client: Client;
  private readonly base: URL;
  private readonly auth: GraphAuthMiddleware;

  constructor(private readonly options: PasswordResetterOptions) {
    this.base = parseGraphBaseUrl(options.baseUrl);
    this.auth = new GraphAuthMiddleware(options.tokenSource, this.base.origin);
    // The same last link as the Graph reader's: a proxy-only network reaches Graph for the reset too.
    this.auth.setNext(new ProxiedHttpHandler(options.proxy));
    const segments = this.base.pathname.replace(/\/+$/, '').split('/');
    const version = segments.pop() ?? 'v1.0';
    this.client = Client.initWithMiddleware({
      baseUrl: this.base.origin + segments.join('/'),
      defaultVersion: version,
      middleware: this.auth,
    });
  }

  /** Resets the password; returns the operation's path under the Graph base URL. */
  async reset(userId: string): Promise<string> {
    const scope =
      this.options.scopeResource === undefined
        ? resetScope
        : `${this.options.scopeResource}/${resetScope}`;
    const request = `POST /users/{id}/authentication/methods/${passwordMethodId}/resetPassword`;
    const password = generatedPassword();
    let response: Response;
    try {
      response = (await this.client
        .api(
          `/users/${encodeURIComponent(userId)}/authentication/methods/${passwordMethodId}/resetPassword`,
        )
        .middlewareOptions([new GraphScopes([scope])])
        .responseType(ResponseType.RAW)
        .post({ newPassword: password })) as Response;
    } catch (error) {
      if (error instanceof WizardError) throw error;
      // Why it failed (the socket error, the proxy's refusal), as the Graph reader says it.
      const cause =
        describeNetworkCause(error) ?? (error instanceof Error ? error.message : String(error));
      const reason = redactSecrets(cause, [password, ...this.auth.tokensSent]);
      throw new WizardError(
        'entra-graph-unreachable',
        `Could not reach Microsoft Graph at ${this.base.origin} for ${request}: ${reason}.`,
        `Check the network, the proxy, ${field('graphEndpoint')} and ${field('cloud')}.`,
        ExitCode.connect,
      );
    }
    if (response.status !== 202 && !response.ok) {
      const facts = await readGraphErrorFacts(response, [password, ...this.auth.tokensSent]);
      throw graphFailure(
        facts,
        undefined,
        `${request} (needs ${resetScope} and Authentication Administrator, Privileged Authentication Administrator or Global Administrator)`,
      );
    }
    // The body may carry a generated password (cloud-only accounts): it is never read.
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (location === null) {
      throw new WizardError(
        'entra-reset-no-location',
        'Microsoft Graph accepted the password reset but named no operation to follow (no Location header).',
        "Check the reset in the Entra admin center (the user's audit log); then run the canary again.",
      );
    }
    return this.pathUnderBase(location);
  }

  /** A Location as a path under the base URL; a link elsewhere is refused (token safety). */
  private pathUnderBase(link: string): string {
    const base = this.base.href.replace(/\/+$/, '');
    if (!link.startsWith(base + '/')) {
      throw new WizardError(
        'entra-foreign-location',
        `Graph named an operation outside ${base}; it was not followed, so the token stays with Graph.`,
        `Check ${field('graphEndpoint')}: a proxy must rewrite Location to its own address.`,
        ExitCode.connect,
      );
    }
    return link.slice(base.length);
  }
}

/** One read of the long-running operation. */
export async function readResetOperation(
  graph: GraphReader,
  path: string,
): Promise<ResetOperation> {
  const json = (await graph.getJson('passwordResetOperation', path)) as Record<string, unknown>;
  const status = json['status'];
  if (
    status !== 'notStarted' &&
    status !== 'running' &&
    status !== 'succeeded' &&
    status !== 'failed'
  ) {
    throw new WizardError(
      'entra-unexpected-response',
      `The password reset operation has an unknown status "${printableCollapsed(String(status), 40)}".`,
      'Check the reset in the Entra admin center.',
    );
  }
  const text = (name: string) =>
    typeof json[name] === 'string' ? printableCollapsed(json[name], 500) : undefined;
  const detail = text('statusDetail');
  const created = text('createdDateTime');
  const last = text('lastActionDateTime');
  return {
    status,
    ...(detail === undefined ? {} : { statusDetail: detail }),
    ...(created === undefined ? {} : { createdDateTime: created }),
    ...(last === undefined ? {} : { lastActionDateTime: last }),
  };
}
