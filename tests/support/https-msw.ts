/**
 * msw handlers behind a real HTTPS listener on a loopback address, with a certificate from a CA
 * made for this run by openssl: a CLI under test trusts it only via NODE_EXTRA_CA_CERTS. The
 * request body is passed on (a POST's JSON reaches its handler as it would reach Graph).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getResponse, type HttpHandler } from 'msw';

export interface HttpsMsw {
  /** `https://<address>:<port>` */
  readonly origin: string;
  readonly caFile: string;
  close(): Promise<void>;
}

export async function startHttpsMsw(
  handlersFor: (origin: string) => HttpHandler[],
  address = '127.0.0.1',
): Promise<HttpsMsw> {
  const dir = mkdtempSync(join(tmpdir(), 'https-msw-'));
  const { caFile, key, cert } = makeCertificates(dir, address);
  let server: Server | undefined;
  let handlers: HttpHandler[] = [];
  const origin = await new Promise<string>((resolve) => {
    server = createServer({ key, cert }, (incoming, outgoing) => {
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of incoming) chunks.push(chunk as Buffer);
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        const method = incoming.method ?? 'GET';
        const body = chunks.length === 0 || method === 'GET' ? undefined : Buffer.concat(chunks);
        const request = new Request(`${originOf(server!, address)}${incoming.url ?? '/'}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
        });
        const response =
          (await getResponse(handlers, request)) ??
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
    server.listen(0, address, () => resolve(originOf(server!, address)));
  });
  handlers = handlersFor(origin);
  return {
    origin,
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

function originOf(server: Server, address: string): string {
  return `https://${address}:${(server.address() as AddressInfo).port}`;
}

function makeCertificates(
  dir: string,
  address: string,
): { caFile: string; key: string; cert: string } {
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
    '/CN=HTTPS double test CA',
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
    `/CN=${address}`,
  );
  writeFileSync(
    join(dir, 'san.ext'),
    `subjectAltName=IP:${address}\nextendedKeyUsage=serverAuth\n`,
  );
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
