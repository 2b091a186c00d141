import { ExitCode, WizardError } from '../../shared/errors';
import { readPermissions, type EntraRead } from './graph-permissions';
import { redactSecrets } from './redact';
import { field } from '../../shared/fields';

/** What Graph said about a failed request: its error code and the ids support asks for. */
export interface GraphErrorFacts {
  readonly httpStatus: number;
  readonly graphCode: string;
  readonly graphMessage: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly date?: string;
}

/**
 * A Graph request that failed, as an error the admin can act on. `read` names which read it
 * was, so a 403 can name the missing permission or role.
 */
export class GraphFailure extends WizardError {
  constructor(
    code: string,
    message: string,
    fix: string,
    exitCode: ExitCode,
    readonly read: EntraRead | undefined,
    readonly facts: GraphErrorFacts,
  ) {
    super(code, message, fix, exitCode);
  }

  /** Whether the fix is a permission or role the admin lacks (the check becomes `unknown`). */
  get isPermissionProblem(): boolean {
    return this.facts.httpStatus === 403;
  }
}

/**
 * Reads Graph's documented error body `{ error: { code, message, innerError: { date,
 * request-id, client-request-id } } }` and the `request-id` / `client-request-id` headers.
 */
export async function readGraphErrorFacts(
  response: Response,
  secrets: readonly string[] = [],
): Promise<GraphErrorFacts> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
  const inner = isRecord(error['innerError']) ? error['innerError'] : {};
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  const requestId = text(inner['request-id']) ?? text(response.headers.get('request-id'));
  const clientRequestId =
    text(inner['client-request-id']) ?? text(response.headers.get('client-request-id'));
  const date = text(inner['date']);
  return {
    httpStatus: response.status,
    graphCode: redactSecrets(text(error['code']) ?? `HTTP ${response.status}`, secrets),
    graphMessage: redactSecrets(
      text(error['message']) ?? (response.statusText || 'no message'),
      secrets,
    ),
    ...(requestId === undefined ? {} : { requestId }),
    ...(clientRequestId === undefined ? {} : { clientRequestId }),
    ...(date === undefined ? {} : { date }),
  };
}

/** The ids Microsoft support asks for, in one line. */
function describeIds(facts: GraphErrorFacts): string {
  const ids = [
    facts.requestId === undefined ? undefined : `request-id ${facts.requestId}`,
    facts.clientRequestId === undefined ? undefined : `client-request-id ${facts.clientRequestId}`,
    facts.date === undefined ? undefined : `date ${facts.date}`,
  ].filter((id) => id !== undefined);
  return ids.length === 0 ? '' : ` (${ids.join(', ')})`;
}

/** Turns a failed Graph response into a GraphFailure with the fix for its status. */
export function graphFailure(
  facts: GraphErrorFacts,
  read: EntraRead | undefined,
  request: string,
): GraphFailure {
  const graphSaid = facts.graphMessage.replace(/[.\s]+$/, '');
  const what = `Microsoft Graph refused ${request}: ${facts.graphCode}: ${graphSaid}${describeIds(facts)}.`;
  const permission = read === undefined ? undefined : readPermissions[read];
  switch (true) {
    case facts.httpStatus === 401:
      return new GraphFailure(
        'entra-unauthenticated',
        `${what} The access token was not accepted, and no newer one could be had without signing in again.`,
        `Sign in again (or put a fresh token in the ${field('graphToken')} variable, e.g. from \`az account get-access-token --resource-type ms-graph\`), for the same tenant and cloud.`,
        ExitCode.connect,
        read,
        facts,
      );
    case facts.httpStatus === 403:
      return new GraphFailure(
        'entra-permission-missing',
        permission === undefined
          ? what
          : `${what} Reading ${permission.purpose} needs the delegated permission ${permission.scope}${
              permission.roles.length > 0
                ? ` and a role such as ${permission.roles.join(' or ')}`
                : ''
            }.`,
        permission === undefined
          ? 'Sign in with an account and app that have the permission this read needs.'
          : `Grant ${permission.scope} to the app you sign in with (an admin consents once), ${
              permission.roles.length > 0
                ? `sign in with an account holding ${permission.roles.join(' or ')} (activate it in PIM if it is only eligible), `
                : ''
            }and run again.`,
        ExitCode.failed,
        read,
        facts,
      );
    case facts.httpStatus === 429 || facts.httpStatus === 503:
      return new GraphFailure(
        'entra-throttled',
        `${what} Graph kept asking to wait longer than this tool waits.`,
        'Wait a few minutes and run again; if it persists, check the Microsoft 365 service health.',
        ExitCode.failed,
        read,
        facts,
      );
    case facts.httpStatus >= 500:
      return new GraphFailure(
        'entra-graph-unavailable',
        `${what} This is a fault on Microsoft's side.`,
        'Run again later; if it persists, open a Microsoft support case quoting the request-id.',
        ExitCode.failed,
        read,
        facts,
      );
    default:
      return new GraphFailure(
        'entra-graph-request-failed',
        what,
        `Check ${field('tenant')}, ${field('cloud')} and ${field('graphEndpoint')}; a token for another cloud or tenant is refused.`,
        ExitCode.failed,
        read,
        facts,
      );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
