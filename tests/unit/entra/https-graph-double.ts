import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getResponse } from 'msw';
import { graphHandlers, type GraphTenant } from './graph-double';

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
  const dir = mkdtempSync(join(tmpdir(), 'graph-double-'));
  const { caFile, key, cert } = makeCertificates(dir);
  let server: Server | undefined;
  const baseUrl = await new Promise<string>((resolve) => {
    server = createServer({ key, cert }, (incoming, outgoing) => {
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of incoming) chunks.push(chunk as Buffer);
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        const url = `https://127.0.0.1:${(server!.address() as AddressInfo).port}${incoming.url ?? '/'}`;
        const response =
          (await getResponse(
            graphHandlers(
              tenant,
              `https://127.0.0.1:${(server!.address() as AddressInfo).port}/v1.0`,
            ),
            new Request(url, { method: incoming.method ?? 'GET', headers }),
          )) ??
          Response.json(
            {
              error: {
                code: 'Request_ResourceNotFound',
                message: `No route ${incoming.url ?? ''}`,
              },
            },
            { status: 404 },
          );
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        outgoing.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
    server.listen(0, '127.0.0.1', () =>
      resolve(`https://127.0.0.1:${(server!.address() as AddressInfo).port}/v1.0`),
    );
  });
  return {
    baseUrl,
    caFile,
    close: () =>
      new Promise<void>((resolve) => {
        server!.closeAllConnections();
        server!.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

function makeCertificates(dir: string): { caFile: string; key: string; cert: string } {
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=Graph double test CA',
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '1',
    '-extfile',
    'san.ext',
  );
  return {
    caFile: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
  };
}
