import { graphHandlers, type GraphTenant } from './graph-double';
import { startHttpsMsw } from '../../support/https-msw';

/**
 * The msw Graph double behind a real HTTPS listener on 127.0.0.1, with a certificate from a
 * CA made for this run by openssl: the CLI under test trusts it only via NODE_EXTRA_CA_CERTS.
 */
export interface HttpsGraphDouble {
  readonly baseUrl: string;
  readonly caFile: string;
  close(): Promise<void>;
}

export async function startHttpsGraphDouble(tenant: GraphTenant): Promise<HttpsGraphDouble> {
  const server = await startHttpsMsw((origin) => graphHandlers(tenant, `${origin}/v1.0`));
  return { baseUrl: `${server.origin}/v1.0`, caFile: server.caFile, close: () => server.close() };
}
