/**
 * Can the Connect server reach the password reset service and the tenant's Service Bus? Run on
 * the Connect server itself (local, or through remoting), never from this machine: a firewall
 * between the Connect server and the internet is the most common point of failure (Microsoft,
 * "Troubleshoot self-service password reset writeback", "Confirm network connectivity"; see
 * docs/domain-facts.md §9.2). One Test-NetConnection per named endpoint, reported per endpoint.
 */
import { z } from 'zod';
import type { Check } from '../../shared/checks';
import { WizardError } from '../../shared/errors';
import { printableCollapsed } from '../../shared/text/printable';
import { describeLocation, psQuote, type PowerShellRunner } from './powershell-runner';

/** The cloud a tenant lives in (as `--cloud` names it). */
export type WritebackCloud = 'global' | 'usgov' | 'usgov-dod' | 'china';

export interface WritebackEndpoint {
  /** A host name the check can connect to. */
  readonly host: string;
  readonly port: number;
  /** What it is, in the admin's words. */
  readonly role: string;
}

/** A wildcard Microsoft lists without naming a host in it: the firewall rule is all one can check. */
export interface WildcardOnly {
  readonly pattern: string;
  readonly role: string;
}

interface CloudEndpoints {
  readonly endpoints: readonly WritebackEndpoint[];
  readonly wildcards: readonly WildcardOnly[];
}

const usGovernment: CloudEndpoints = {
  endpoints: [
    { host: 'passwordreset.microsoftonline.us', port: 443, role: 'password reset service' },
  ],
  wildcards: [{ pattern: '*.servicebus.usgovcloudapi.net', role: 'Service Bus relays' }],
};

/** Per cloud, the endpoints Microsoft's page names (wildcards tested at the host they name). */
export const writebackEndpoints: Readonly<Record<WritebackCloud, CloudEndpoints>> = {
  global: {
    endpoints: [
      { host: 'passwordreset.microsoftonline.com', port: 443, role: 'password reset service' },
      // The page's Test-NetConnection example, and the relay events 32002/32011/32013 name.
      {
        host: 'ssprdedicatedsbprodscu.servicebus.windows.net',
        port: 443,
        role: 'Service Bus relay',
      },
      {
        host: 'ssprdedicatedsbprodncu.servicebus.windows.net',
        port: 443,
        role: 'Service Bus relay',
      },
    ],
    wildcards: [],
  },
  usgov: usGovernment,
  'usgov-dod': usGovernment,
  china: {
    endpoints: [
      {
        host: 'ssprdedicatedsbmcprodcne.servicebus.chinacloudapi.cn',
        port: 443,
        role: 'Service Bus relay',
      },
      {
        host: 'ssprdedicatedsbmcprodcnn.servicebus.chinacloudapi.cn',
        port: 443,
        role: 'Service Bus relay',
      },
    ],
    wildcards: [],
  },
};

/** One PowerShell run for every endpoint (remoting is slow to set up). */
export function connectivityScript(endpoints: readonly WritebackEndpoint[]): string {
  const list = endpoints.map((e) => `@{ h = ${psQuote(e.host)}; p = ${e.port} }`).join(', ');
  return [
    `@(@(${list}) | ForEach-Object {`,
    '  $r = Test-NetConnection -ComputerName $_.h -Port $_.p -WarningAction SilentlyContinue',
    '  [pscustomobject]@{ ComputerName = $_.h; RemotePort = $_.p; RemoteAddress = [string]$r.RemoteAddress; NameResolutionSucceeded = [bool]$r.RemoteAddress; TcpTestSucceeded = [bool]$r.TcpTestSucceeded }',
    '})',
  ].join('\n');
}

/**
 * The same test for the admin to run by hand in PowerShell on the Connect server (when this tool
 * cannot reach it): one Test-NetConnection per endpoint (TcpTestSucceeded : True is a pass), and
 * each wildcard Microsoft names without a host, as the firewall rule to check.
 */
export function connectivityByHand(cloud: WritebackCloud): string {
  const { endpoints, wildcards } = writebackEndpoints[cloud];
  return [
    ...endpoints.map(
      (e) => `Test-NetConnection -ComputerName ${psQuote(e.host)} -Port ${e.port}  # ${e.role}`,
    ),
    ...wildcards.map(
      (w) =>
        `# ${w.pattern} (${w.role}): Microsoft names no host in it; check the firewall and proxy allow outbound HTTPS to it.`,
    ),
  ].join('\n');
}

const resultJson = z.looseObject({
  ComputerName: z.string(),
  RemotePort: z.number().int(),
  RemoteAddress: z.string().nullish(),
  NameResolutionSucceeded: z.boolean(),
  TcpTestSucceeded: z.boolean(),
});

export interface EndpointResult {
  readonly host: string;
  readonly port: number;
  readonly role: string;
  readonly resolved: boolean;
  readonly address?: string;
  readonly reachable: boolean;
}

/** Tests every endpoint of the cloud from the Connect server. */
export async function testWritebackConnectivity(
  runner: PowerShellRunner,
  cloud: WritebackCloud,
): Promise<EndpointResult[]> {
  const { endpoints } = writebackEndpoints[cloud];
  const output = await runner.run(connectivityScript(endpoints));
  const list = output === null ? [] : Array.isArray(output) ? output : [output];
  return endpoints.map((endpoint) => {
    const raw = list.find(
      (item) => (item as { ComputerName?: unknown }).ComputerName === endpoint.host,
    );
    const parsed = resultJson.safeParse(raw);
    if (!parsed.success) {
      throw new WizardError(
        'adsync-connectivity-output',
        `Test-NetConnection on ${describeLocation(runner.location)} gave no usable result for ${endpoint.host}.`,
        `Run Test-NetConnection -ComputerName ${endpoint.host} -Port ${endpoint.port} on the Connect server and report its output.`,
      );
    }
    const address = parsed.data.RemoteAddress
      ? printableCollapsed(parsed.data.RemoteAddress, 64)
      : '';
    return {
      ...endpoint,
      resolved: parsed.data.NameResolutionSucceeded,
      ...(address === '' ? {} : { address }),
      reachable: parsed.data.TcpTestSucceeded,
    };
  });
}

/** The results as checks, one per endpoint, plus one per wildcard that names no host. */
export function connectivityChecks(
  cloud: WritebackCloud,
  results: readonly EndpointResult[],
  where: string,
): Check[] {
  const checks: Check[] = results.map((result) => ({
    id: `verify.connectivity.${result.host}`,
    title: `${result.host}:${result.port} (${result.role})`,
    status: result.reachable ? 'pass' : 'fail',
    message: result.reachable
      ? `${where} reaches ${result.host} (${result.address ?? 'address not reported'}) on TCP ${result.port}.`
      : result.resolved
        ? `${where} resolves ${result.host} to ${result.address ?? 'an address'} but cannot open TCP ${result.port}: a firewall or proxy blocks it.`
        : `${where} cannot resolve ${result.host}: its DNS (or proxy) does not answer for it.`,
    fix: result.reachable
      ? ''
      : `Allow outbound HTTPS (TCP ${result.port}) from the Connect server to ${result.host}, then restart the ADSync service.`,
    details: {
      host: result.host,
      port: result.port,
      resolved: result.resolved,
      reachable: result.reachable,
    },
  }));
  for (const wildcard of writebackEndpoints[cloud].wildcards) {
    checks.push({
      id: `verify.connectivity.${wildcard.pattern}`,
      title: `${wildcard.pattern} (${wildcard.role})`,
      status: 'unknown',
      message: `Microsoft lists ${wildcard.pattern} for this cloud without naming a host in it, so no connection can be tested.`,
      fix: `Check that the Connect server's firewall and proxy allow outbound HTTPS to ${wildcard.pattern}.`,
    });
  }
  return checks;
}
