/**
 * The lab DC reached under a name its certificate does not carry: `localhost`, on a port of a
 * plain TCP forwarder to the lab's own address. Dialling `ldaps://localhost:636` would reach
 * whatever listens on 127.0.0.1 (another lab, when this one runs on another loopback address).
 */
import { connect, createServer, type Server } from 'node:net';

export interface Forwarder {
  /** `ldaps://localhost:<port>`: the lab, under a name not in its certificate. */
  readonly url: string;
  close(): Promise<void>;
}

export async function labUnderAnotherName(lab: {
  readonly host: string;
  readonly port: number;
}): Promise<Forwarder> {
  const server: Server = createServer((client) => {
    const upstream = connect({ host: lab.host, port: lab.port });
    client.pipe(upstream).pipe(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ldaps://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
