/**
 * The bound-TLS guarantee: every LDAP operation runs on a connection that is TLS-protected and
 * bound as the admin, or it does not run. ldapts alone does not promise this: after a dropped
 * connection it reconnects on its own, in clear text on ldap:// (it does not redo StartTLS) and
 * without a bind (autoRebind is off, and never replayed after StartTLS); after a StartTLS drop
 * it even keeps `isConnected` true and the next operation hangs until its timeout. A fake DC
 * that dropped the connection then received the next search in clear and had a forged answer
 * taken (tests/unit/security/starttls-downgrade.test.ts).
 *
 * BoundTlsClient is an ldapts Client (the steps, adapters and scans keep their type) that:
 * - before every operation checks the session is intact (the socket is a TLS socket, encrypted,
 *   open, certificate-verified or pinned, and the very socket the admin bound on) and otherwise
 *   reopens it through the checked path (connect, StartTLS on ldap://, bind), or fails;
 * - refuses, as a last line, to send anything but StartTLS, a bind over TLS or an unbind on a
 *   socket that is not that one;
 * - marks the session broken the moment either layer of a StartTLS socket closes.
 * It reaches into ldapts's private `_ensureConnected`, `_send`, `_destroySocket` and `socket`
 * (ldapts 9.x): the starttls-downgrade test fails if a new version changes them.
 */
import type { Socket } from 'node:net';
import { TLSSocket, type ConnectionOptions } from 'node:tls';
import { Client, type ClientOptions } from 'ldapts';
import { ExitCode, WizardError } from '../../shared/errors';

/** What ldapts keeps private and the guarantee needs (ldapts 9.x, src/Client.ts). */
interface LdaptsInternals {
  socket?: Socket;
  _ensureConnected(): Promise<void>;
  _send(message: { protocolOperation?: number; oid?: string }): Promise<unknown>;
  _destroySocket(socket: Socket | undefined): void;
}

/** RFC 4511 protocol operations the guard lets through before the session is bound. */
const BIND_REQUEST = 0x60;
const UNBIND_REQUEST = 0x42;
const ABANDON_REQUEST = 0x50;
const EXTENDED_REQUEST = 0x77;
const START_TLS_OID = '1.3.6.1.4.1.1466.20037';

export interface SecureSessionOptions {
  /** TLS options for StartTLS (ldap://); absent for ldaps://, where the socket is TLS from the start. */
  readonly startTls?: ConnectionOptions;
  /** The certificate is pinned (checked by the connection factory), not CA-verified. */
  readonly pinned: boolean;
  /** Binds as the admin (the closure holds the password; nothing else does). */
  readonly authenticate: (client: Client) => Promise<void>;
}

export class BoundTlsClient extends Client {
  readonly #session: SecureSessionOptions;
  readonly #internals: LdaptsInternals;
  #boundSocket: TLSSocket | undefined;
  #establishing = false;

  constructor(options: ClientOptions, session: SecureSessionOptions) {
    super(options);
    this.#session = session;
    this.#internals = this as unknown as LdaptsInternals;
    const ensureConnected = this.#internals._ensureConnected.bind(this);
    const send = this.#internals._send.bind(this);
    this.#internals._ensureConnected = async () => {
      if (this.#establishing) return ensureConnected();
      if (!this.#isIntact()) await this.#reopen();
    };
    this.#internals._send = (message) => {
      this.#guard(message);
      return send(message);
    };
  }

  /** Opens the session through the checked path: connect, StartTLS (ldap://), bind. */
  async establish(): Promise<void> {
    this.#establishing = true;
    try {
      await this.#internals._ensureConnected();
      const plain = this.#internals.socket;
      if (this.#session.startTls) await this.startTLS({ ...this.#session.startTls });
      const socket = this.#internals.socket;
      if (!(socket instanceof TLSSocket) || !socket.encrypted) {
        throw insecure('the connection is not TLS-protected after connecting');
      }
      await this.#session.authenticate(this);
      this.#boundSocket = socket;
      // Either layer closing ends the session at once (ldapts watches only the plain one).
      const drop = () => {
        if (this.#internals.socket === socket) this.#internals._destroySocket(socket);
      };
      socket.once('close', drop);
      if (plain && plain !== socket) plain.once('close', drop);
    } catch (error) {
      this.#internals._destroySocket(this.#internals.socket);
      throw error;
    } finally {
      this.#establishing = false;
    }
  }

  /** TLS-protected, verified (or pinned), open, and the socket the admin bound on. */
  #isIntact(): boolean {
    const socket = this.#internals.socket;
    return (
      socket instanceof TLSSocket &&
      socket === this.#boundSocket &&
      socket.encrypted &&
      !socket.destroyed &&
      socket.readyState === 'open' &&
      (this.#session.pinned || socket.authorized) &&
      this.isBound
    );
  }

  async #reopen(): Promise<void> {
    this.#internals._destroySocket(this.#internals.socket);
    this.#boundSocket = undefined;
    try {
      await this.establish();
    } catch (error) {
      throw new WizardError(
        'directory-reconnect-failed',
        `The connection to the DC was lost and could not be opened again securely: ${(error as Error).message}`,
        'Check that the DC is reachable, then run again (nothing was sent without TLS and a bind).',
        ExitCode.connect,
        { cause: error },
      );
    }
  }

  #guard(message: { protocolOperation?: number; oid?: string }): void {
    const operation = message.protocolOperation;
    if (operation === UNBIND_REQUEST || operation === ABANDON_REQUEST) return;
    if (this.#establishing) {
      const socket = this.#internals.socket;
      const overTls = socket instanceof TLSSocket && socket.encrypted;
      if (operation === EXTENDED_REQUEST && message.oid === START_TLS_OID && !overTls) return;
      if (operation === BIND_REQUEST && overTls) return;
    } else if (this.#isIntact()) {
      return;
    }
    throw insecure(
      'an operation was about to be sent on a connection that is not TLS-protected and bound',
    );
  }
}

function insecure(what: string): WizardError {
  return new WizardError(
    'directory-insecure',
    `Refused: ${what}. Nothing was sent.`,
    'Connect again (ldaps://, or ldap:// with StartTLS); report this if it happens again.',
    ExitCode.connect,
  );
}
