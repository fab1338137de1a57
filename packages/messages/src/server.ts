// MessageServer: one server object accepting connections from any number of carriers (UDP, WebSocket, memory) with one message API.

import type { TSchema } from '@sinclair/typebox';
import { Admission, type DeadlineScheduler, realDeadlines } from './admission.ts';
import type { CarrierAcceptor, CarrierLink } from './carriers/carrier.ts';
import {
  type Authenticator,
  type ConnectionOptions,
  MessageConnection,
  type ReceivedMessage,
} from './connection.ts';
import type { MessageType, PayloadOf } from './define-message.ts';
import { TypedEmitter } from './emitter.ts';
import { type CloseReason, MessageError, MessageErrorCode } from './errors.ts';
import { addHandler, callHandlers } from './handler-table.ts';
import { answerPingQuery, type ServerStatus } from './ping.ts';

/** Options of a {@link MessageServer}. */
export interface MessageServerOptions extends ConnectionOptions {
  /** Checks the platform token each client sends at connect. Default: accept, identity = the carrier's (or null). */
  authenticate?: Authenticator;
  /** What a ping returns: fixed, or computed per ping (e.g. the live player count). */
  status?: ServerStatus | (() => ServerStatus);
  /**
   * Most connections that finished their handshake, over all carriers; one more is closed with
   * SERVER_FULL. Connections still handshaking never count here (see `maxHalfOpen`). Default 4096.
   */
  maxConnections?: number;
  /**
   * Most connections still handshaking (before HELLO is answered and READY arrives). When full,
   * the one that has waited longest is closed with SERVER_FULL to make room. Default 64.
   */
  maxHalfOpen?: number;
  /** Time a connection may stay half-open before it is closed with HANDSHAKE_TIMEOUT. Default 5_000 ms. */
  halfOpenTimeoutMs?: number;
  /**
   * Most connections (half-open and finished) from one source address: one IPv4 address, or one
   * IPv6 /64. One more is closed with SERVER_FULL. Default 32.
   */
  maxConnectionsPerAddress?: number;
  /** How half-open deadlines are timed. Default: real timers (tests inject their own). */
  setDeadline?: DeadlineScheduler;
}

export type { DeadlineScheduler } from './admission.ts';

/** Defaults of the server's admission limits. */
const DEFAULT_ADMISSION = {
  maxConnections: 4096,
  maxHalfOpen: 64,
  halfOpenTimeoutMs: 5_000,
  maxConnectionsPerAddress: 32,
} as const;

/** Events of a server. */
export type MessageServerEvents = {
  /** A peer's link is up and its handshake starts. */
  connection: MessageConnection;
  /** A connection finished its handshake. */
  ready: MessageConnection;
  /** A valid message arrived on some connection. */
  message: ReceivedMessage & { connection: MessageConnection };
  /** A connection closed. */
  close: { connection: MessageConnection; reason: CloseReason };
  /** A connection reported a non-fatal error. */
  error: { connection: MessageConnection; error: MessageError };
};

type ServerHandler = (payload: never, connection: MessageConnection) => void;

/** Accepts connections over several carriers; handlers registered here see messages from all of them. */
export class MessageServer extends TypedEmitter<MessageServerEvents> {
  readonly #options: MessageServerOptions;
  readonly #acceptors: CarrierAcceptor[] = [];
  readonly #connections = new Set<MessageConnection>();
  readonly #handlers = new Map<string, Set<ServerHandler>>();
  readonly #admission: Admission<MessageConnection>;
  #nextId = 1;
  #closing = false;

  constructor(options: MessageServerOptions) {
    super();
    this.#options = options;
    this.#admission = new Admission(
      {
        maxConnections: options.maxConnections ?? DEFAULT_ADMISSION.maxConnections,
        maxHalfOpen: options.maxHalfOpen ?? DEFAULT_ADMISSION.maxHalfOpen,
        halfOpenTimeoutMs: options.halfOpenTimeoutMs ?? DEFAULT_ADMISSION.halfOpenTimeoutMs,
        maxConnectionsPerAddress:
          options.maxConnectionsPerAddress ?? DEFAULT_ADMISSION.maxConnectionsPerAddress,
      },
      options.setDeadline ?? realDeadlines,
    );
  }

  /** Starts accepting on a carrier. May be called once per carrier (e.g. UDP and WebSocket). */
  async listen(acceptor: CarrierAcceptor): Promise<void> {
    if (this.#closing) throw new MessageError(MessageErrorCode.USAGE, 'The server is closed.');
    await acceptor.start((link) => this.#accept(link), {
      answerPing: (query) => this.answerPing(query),
      admits: (remoteAddress) => !this.#closing && this.#admission.admitsSource(remoteAddress),
    });
    this.#acceptors.push(acceptor);
  }

  /** Every open connection (any state but closed). */
  get connections(): ReadonlySet<MessageConnection> {
    return this.#connections;
  }

  /** Connections still handshaking (they have their own cap, `maxHalfOpen`). */
  get halfOpenCount(): number {
    return this.#admission.halfOpen;
  }

  /** Connections that finished their handshake (they count against `maxConnections`). */
  get openCount(): number {
    return this.#admission.open;
  }

  /** The current status as a ping returns it. */
  status(): ServerStatus {
    const status = this.#options.status;
    const base = typeof status === 'function' ? status() : status;
    return base ?? { name: 'Paperclip server', version: '0', players: this.#connections.size, games: 0 };
  }

  /** The answer to a ping query (never longer than it), or undefined. Carriers call this for pre-handshake pings. */
  answerPing(query: Uint8Array): Uint8Array | undefined {
    return answerPingQuery(query, this.status());
  }

  /** Registers a handler for one message type on every connection; returns a function that removes it. */
  onMessage<M extends MessageType<string, TSchema>>(
    type: M,
    handler: (payload: PayloadOf<M>, connection: MessageConnection) => void,
  ): () => void {
    return addHandler(this.#handlers, type.name, handler as ServerHandler);
  }

  /** Sends to every active connection (optionally filtered). Returns how many got it. */
  broadcast<M extends MessageType<string, TSchema>>(
    type: M,
    payload: PayloadOf<M>,
    filter: (connection: MessageConnection) => boolean = () => true,
  ): number {
    let count = 0;
    for (const connection of this.#connections) {
      if (connection.state !== 'active' || !type.states.includes('active') || !filter(connection)) continue;
      connection.send(type, payload);
      count++;
    }
    return count;
  }

  /** Closes every connection with SERVER_SHUTDOWN (they hear the reason), then stops the carriers. */
  async close(message = 'The server is shutting down.'): Promise<void> {
    this.#closing = true;
    await Promise.all(
      [...this.#connections].map((connection) => connection.close(message, MessageErrorCode.SERVER_SHUTDOWN)),
    );
    const acceptors = this.#acceptors.splice(0);
    await Promise.all(acceptors.map((acceptor) => acceptor.stop()));
  }

  #accept(link: CarrierLink): void {
    const options = this.#options;
    const connection = new MessageConnection('server', link, {
      ...options,
      id: this.#nextId++,
      status: () => this.status(),
    });
    this.#connections.add(connection);
    connection.on('ready', () => {
      const verdict = this.#admission.promote(connection);
      if (verdict.ok) this.emit('ready', connection);
      else void connection.close(verdict.message, verdict.code);
    });
    connection.on('error', (error) => this.emit('error', { connection, error }));
    connection.on('close', (reason) => {
      this.#connections.delete(connection);
      this.#admission.leave(connection);
      this.emit('close', { connection, reason });
    });
    connection.on('message', (received) => {
      // Built field by field and only when someone listens: object spread is a slow path in V8.
      if (this.listenerCount('message') > 0) {
        this.emit('message', { type: received.type, payload: received.payload, connection });
      }
      const handlers = this.#handlers.get(received.type.name);
      if (handlers) callHandlers(handlers, received.payload, connection, this);
    });
    const verdict = this.#closing
      ? {
          ok: false as const,
          code: MessageErrorCode.SERVER_SHUTDOWN,
          message: 'The server is shutting down.',
        }
      : this.#admission.arrive(connection, link.info.remoteAddress);
    this.emit('connection', connection);
    connection.start();
    if (!verdict.ok) void connection.close(verdict.message, verdict.code);
  }
}
