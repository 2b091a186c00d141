/**
 * An HTTP proxy for tests, as corporate proxies work for HTTPS: CONNECT opens a tunnel, the
 * proxy sees only host:port. It records every CONNECT, can refuse them (say with 403, as a
 * proxy that blocks a host), and can send a tunnel elsewhere than its host (to a local double).
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxy {
  readonly url: string;
  /** host:port of every CONNECT, in order. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(
  options: {
    host?: string;
    /** Refuse every tunnel with this status instead of opening it. */
    refuseWith?: number;
    /** Where a tunnel to host:port really goes (default: there). */
    route?: (target: string) => { host: string; port: number };
  } = {},
): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_request, response) => {
    response.writeHead(405).end('This test proxy only tunnels (CONNECT).');
  });
  server.on('connect', (request, client: Socket) => {
    const target = request.url ?? '';
    tunnels.push(target);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (options.refuseWith !== undefined) {
      client.end(`HTTP/1.1 ${options.refuseWith} Refused by the test proxy\r\n\r\n`);
      return;
    }
    const [host, port] = target.split(':') as [string, string];
    const to = options.route?.(target) ?? { host, port: Number(port) };
    const upstream = connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const host = options.host ?? process.env['WRITEBACK_LAB_ADDRESS'] ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
