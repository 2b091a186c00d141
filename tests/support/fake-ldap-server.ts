/**
 * A fake LDAP server that speaks just enough BER (RFC 4511) to play a DC for the engine's
 * connection code, and records what arrived on which kind of socket: StartTLS (the extended
 * operation, then TLS on the same socket), simple bind, search (one entry, then done), unbind.
 * It can drop a connection on demand and answers anyone who asks in clear text or unbound with
 * a forged entry, so a test can prove the client never accepts one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, TLSSocket } from 'node:tls';

const START_TLS = '1.3.6.1.4.1.1466.20037';
export const AD_CAPABILITY = '1.2.840.113556.1.4.800';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const octets = (text: string, tag = 0x04) => tlv(tag, Buffer.from(text, 'utf8'));
const integer = (n: number, tag = 0x02) => {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v >>= 8;
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(tag, Buffer.from(bytes));
};
const result = (tag: number, code = 0, extra: Buffer[] = []) =>
  tlv(tag, integer(code, 0x0a), octets(''), octets(''), ...extra);
const message = (id: number, op: Buffer) => tlv(0x30, integer(id), op);

/** Reads one TLV at `offset`: its tag, where its content starts and ends. */
function readTlv(buffer: Buffer, offset: number) {
  const tag = buffer[offset]!;
  let len = buffer[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    len = 0;
    for (let i = 0; i < count; i++) len = (len << 8) | buffer[start + i]!;
    start += count;
  }
  return { tag, start, end: start + len };
}

export interface Arrival {
  readonly operation: 'bind' | 'search' | 'starttls' | 'extended' | 'unbind' | 'other';
  readonly overTls: boolean;
  readonly bound: boolean;
  readonly connection: number;
}

export interface FakeDc {
  readonly port: number;
  readonly caPem: string;
  readonly arrivals: Arrival[];
  /** The next search on a TLS-protected, bound connection drops that connection instead. */
  dropNextSearch(): void;
  close(): Promise<void>;
}

function certificate(): { key: Buffer; cert: Buffer } {
  const folder = mkdtempSync(join(tmpdir(), 'wb-fake-dc-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-subj',
      '/CN=dc1.contoso.test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { cwd: folder, stdio: 'ignore' },
  );
  return {
    key: readFileSync(join(folder, 'key.pem')),
    cert: readFileSync(join(folder, 'cert.pem')),
  };
}

/** The entry every search gets: genuine over TLS once bound, forged otherwise. */
function entry(id: number, genuine: boolean): Buffer {
  const attribute = (name: string, value: string) =>
    tlv(0x30, octets(name), tlv(0x31, octets(value)));
  return message(
    id,
    tlv(
      0x64,
      octets('DC=contoso,DC=test'),
      tlv(
        0x30,
        attribute('description', genuine ? 'genuine' : 'forged'),
        attribute('supportedCapabilities', AD_CAPABILITY),
        attribute('defaultNamingContext', 'DC=contoso,DC=test'),
      ),
    ),
  );
}

/** `ldaps`: TLS from the first byte (LDAPS); else plain TCP where StartTLS upgrades. */
export async function startFakeDc(mode: 'ldap' | 'ldaps' = 'ldap'): Promise<FakeDc> {
  const { key, cert } = certificate();
  const arrivals: Arrival[] = [];
  let dropNext = false;
  let connections = 0;
  const open = new Set<Socket>();

  const serve = (raw: Socket) => {
    const connection = ++connections;
    let socket: Socket = raw;
    let overTls = mode === 'ldaps';
    let bound = false;
    let pending = Buffer.alloc(0);
    open.add(raw);
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const outer = readTlv(pending, 0);
        if (outer.end > pending.length) return;
        const frame = pending.subarray(0, outer.end);
        pending = pending.subarray(outer.end);
        if (handle(frame) === 'upgraded') return;
      }
    };
    const handle = (frame: Buffer): 'upgraded' | void => {
      const idTlv = readTlv(frame, readTlv(frame, 0).start);
      const id = frame.readUIntBE(idTlv.start, idTlv.end - idTlv.start);
      const op = readTlv(frame, idTlv.end);
      const arrive = (operation: Arrival['operation']) =>
        arrivals.push({ operation, overTls, bound, connection });
      if (op.tag === 0x77) {
        const name = readTlv(frame, op.start);
        const oid = frame.subarray(name.start, name.end).toString();
        arrive(oid === START_TLS ? 'starttls' : 'extended');
        socket.write(message(id, result(0x78)));
        if (oid !== START_TLS) return;
        socket.removeListener('data', onData);
        const secure = new TLSSocket(socket, { isServer: true, key, cert });
        secure.on('error', () => undefined);
        secure.on('data', onData);
        socket = secure;
        overTls = true;
        return 'upgraded';
      }
      if (op.tag === 0x60) {
        arrive('bind');
        bound = overTls;
        socket.write(message(id, result(0x61)));
      } else if (op.tag === 0x63) {
        arrive('search');
        if (overTls && bound && dropNext) {
          dropNext = false;
          raw.destroy();
          return;
        }
        socket.write(entry(id, overTls && bound));
        socket.write(message(id, result(0x65)));
      } else if (op.tag === 0x42) {
        arrive('unbind');
        raw.destroy();
      } else {
        arrive('other');
        socket.write(message(id, result(0x65, 53)));
      }
    };
    raw.on('data', onData);
    raw.on('error', () => undefined);
    raw.on('close', () => open.delete(raw));
  };

  const server: Server =
    mode === 'ldaps' ? createTlsServer({ key, cert }, serve) : createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    caPem: cert.toString('utf8'),
    arrivals,
    dropNextSearch: () => (dropNext = true),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
