// One message-layer connection over any carrier link: coordinates handshake, typed send/receive, rules and lifecycle.

import type { TSchema } from '@sinclair/typebox';
import type { CarrierLink } from './carriers/carrier.ts';
import type {
  ClientConnectionOptions,
  ConnectionEvents,
  ServerConnectionOptions,
} from './connection-types.ts';
import { ControlChannel, type ControlHost } from './control-channel.ts';
import { ConnectionState, DELIVERY_WIRE, type MessageType, type PayloadOf } from './define-message.ts';
import { TypedEmitter } from './emitter.ts';
import { type CloseReason, closeReason, MessageError, MessageErrorCode } from './errors.ts';
import { decodeFrames, type Frame } from './frame-codec.ts';
import { FrameReceiver } from './frame-receiver.ts';
import { FrameSender } from './frame-sender.ts';
import { addHandler, callHandlers } from './handler-table.ts';
import { ConnectionLifecycle } from './lifecycle.ts';
import { type MessageLimits, resolveLimits } from './limits.ts';
import { bindForSend, receiveViolation, type Side } from './message-rules.ts';
import { PayloadCodec } from './payload-codec.ts';
import type { IdTable } from './registry.ts';
import { waitUntilActive, waitUntilClosed } from './waits.ts';

export type {
  Authenticator,
  AuthRequest,
  AuthResult,
  ClientConnectionOptions,
  ConnectionEvents,
  ConnectionOptions,
  ReceivedMessage,
  ServerConnectionOptions,
} from './connection-types.ts';

type Handler = (payload: never, connection: MessageConnection) => void;

/**
 * A connection between a client and a server over one carrier link. Build one with
 * `createClientConnection(link, options)` (client) or receive one from a `MessageServer` (server).
 * It wires the parts together: `ControlChannel` (handshake, close, error reports, ping), the rules
 * (message-rules.ts), `FrameSender`/`FrameReceiver` (sequencing per delivery kind) and
 * `ConnectionLifecycle` (state and deadlines); application messages are delivered here.
 */
export class MessageConnection extends TypedEmitter<ConnectionEvents> {
  /** Server-assigned number (0 on clients). */
  readonly id: number;
  readonly side: Side;
  readonly link: CarrierLink;
  readonly limits: MessageLimits;
  readonly #life = new ConnectionLifecycle();
  #identity: unknown;
  #table: IdTable | undefined;
  readonly #codec: PayloadCodec;
  readonly #controls: ControlChannel;
  readonly #sender: FrameSender;
  readonly #receiver: FrameReceiver;
  readonly #validateOutgoing: boolean;
  readonly #handlers = new Map<string, Set<Handler>>();
  #early: Frame[] = [];
  #invalidCount = 0;

  constructor(
    side: Side,
    link: CarrierLink,
    options: ClientConnectionOptions & Partial<ServerConnectionOptions>,
  ) {
    super();
    this.side = side;
    this.link = link;
    this.id = options.id ?? 0;
    this.limits = resolveLimits(options.limits);
    this.#codec = new PayloadCodec(this.limits.payload);
    this.#receiver = new FrameReceiver(this.limits, (frame) => this.#dispatch(frame));
    this.#validateOutgoing = options.validateOutgoing ?? true;
    if (side === 'server') this.#table = options.registry.table;
    this.#sender = new FrameSender(link, options.schedule);
    this.#controls = new ControlChannel(side, link, options, this.limits, {
      life: this.#life,
      sender: this.#sender,
      host: this.#controlHost(),
    });
  }

  /** connecting → handshaking → active → closing → closed. */
  get state(): ConnectionState {
    return this.#life.state;
  }

  /** What the server's authenticator returned for this peer (server side), else undefined. */
  get identity(): unknown {
    return this.#identity;
  }

  /** Why the connection closed, once it has. */
  get closeReason(): CloseReason | undefined {
    return this.#life.closeReason;
  }

  /** Starts the link. Called once by whoever built the connection. */
  start(): void {
    this.link.start({
      open: () => this.#onOpen(),
      packet: (data) => this.#onPacket(data),
      closed: (reason) =>
        this.#finish(this.#life.pendingReason ?? reason ?? closeReason(MessageErrorCode.CONNECTION_LOST)),
    });
  }

  /** Registers a typed handler for one message type; returns a function that removes it. */
  onMessage<M extends MessageType<string, TSchema>>(
    type: M,
    handler: (payload: PayloadOf<M>, connection: MessageConnection) => void,
  ): () => void {
    return addHandler(this.#handlers, type.name, handler as Handler);
  }

  /**
   * Queues a typed message. Throws MessageError USAGE when this side may not send it now,
   * INVALID_PAYLOAD when the payload breaks the schema, LIMIT_EXCEEDED when it is too large.
   */
  send<M extends MessageType<string, TSchema>>(type: M, payload: PayloadOf<M>): void {
    const bound = bindForSend(type, this.side, this.#life.state, this.#table);
    const bytes = this.#codec.encodeChecked(
      type,
      payload,
      this.#validateOutgoing,
      this.limits.maxMessageBytes,
    );
    this.#sender.send(bound.id, DELIVERY_WIRE[type.delivery], bytes);
  }

  /**
   * Closes the connection; the peer's `close` event gets the same code and sentence. Resolves
   * when closed (see also `waitForClose`). Safe to call more than once.
   */
  close(message?: string, code: MessageErrorCode = MessageErrorCode.NORMAL): Promise<CloseReason> {
    const life = this.#life;
    const done: Promise<CloseReason> = life.closeReason
      ? Promise.resolve(life.closeReason)
      : new Promise((resolve) => this.once('close', resolve));
    if (life.state === ConnectionState.CLOSING || life.state === ConnectionState.CLOSED) return done;
    const reason = closeReason(code, message);
    life.announceClose(reason);
    if (life.state !== ConnectionState.CONNECTING) {
      this.#controls.sendClose(reason);
      this.#sender.flush();
    }
    life.beginClosing(this.limits.closeTimeoutMs, () => this.#finish(reason));
    this.link.close();
    return done;
  }

  /** Resolves once active; rejects with the close reason if it closes first, or TIMEOUT. */
  waitForConnection(timeoutMs: number): Promise<void> {
    return waitUntilActive(this, timeoutMs);
  }

  /** Resolves with the close reason once closed; rejects with TIMEOUT. */
  waitForClose(timeoutMs: number): Promise<CloseReason> {
    return waitUntilClosed(this, timeoutMs);
  }

  /** What control messages may do to this connection (closures made once, not per message). */
  #controlHost(): ControlHost {
    return {
      close: (message, code) => void this.close(message, code),
      peerClosed: (reason) => {
        this.#life.announceClose(reason);
        this.#life.beginClosing(this.limits.closeTimeoutMs, () => this.#finish(this.#life.pendingReason!));
        this.link.close();
      },
      identified: (identity) => {
        this.#identity = identity;
      },
      adopted: (table) => {
        this.#table = table;
      },
      ready: () => this.#becomeActive(),
      reportError: (error) => this.emit('error', error),
    };
  }

  #onOpen(): void {
    if (this.#life.state !== ConnectionState.CONNECTING) return;
    this.#life.beginHandshake(this.limits.handshakeTimeoutMs, () =>
      this.#fail(new MessageError(MessageErrorCode.HANDSHAKE_TIMEOUT)),
    );
    this.emit('connect', undefined);
    if (this.side === 'client' && this.#life.is(ConnectionState.HANDSHAKING)) {
      this.#controls.sendHello();
    }
  }

  #onPacket(data: Uint8Array): void {
    if (this.#life.state === ConnectionState.CLOSED) return;
    try {
      for (const frame of decodeFrames(data, this.limits)) {
        if (this.#life.is(ConnectionState.CLOSED)) return;
        this.#receiver.receive(frame);
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Takes a frame the receiver released: control now, application frames now or once active. */
  #dispatch(frame: Frame): void {
    const state = this.#life.state;
    if (state === ConnectionState.CLOSED) return;
    if (frame.messageId < 16) {
      this.#controls.receive(frame);
      return;
    }
    if (state === ConnectionState.HANDSHAKING || state === ConnectionState.CONNECTING) {
      if (this.#early.length >= this.limits.maxEarlyMessages) {
        throw new MessageError(
          MessageErrorCode.LIMIT_EXCEEDED,
          `More than ${this.limits.maxEarlyMessages} messages arrived before the handshake finished.`,
        );
      }
      this.#early.push(frame);
      return;
    }
    this.#deliver(frame);
  }

  #deliver(frame: Frame): void {
    const bound = this.#table?.byId(frame.messageId);
    if (!bound) {
      this.#rejectPayload(
        new MessageError(
          MessageErrorCode.UNKNOWN_MESSAGE,
          `Message id ${frame.messageId} is not registered.`,
        ),
      );
      return;
    }
    const { type } = bound;
    if (DELIVERY_WIRE[type.delivery] !== frame.deliveryWire) {
      throw new MessageError(
        MessageErrorCode.MALFORMED_FRAME,
        `"${type.name}" arrived with the wrong delivery kind.`,
      );
    }
    const violation = receiveViolation(type, this.side === 'client' ? 'server' : 'client', this.#life.state);
    if (violation !== undefined) {
      const error = new MessageError(MessageErrorCode.RULE_VIOLATION, violation, { messageName: type.name });
      this.emit('error', error);
      if (type.onViolation === 'close') void this.close(violation, MessageErrorCode.RULE_VIOLATION);
      return;
    }
    let payload: unknown;
    try {
      payload = this.#codec.decodeChecked(type, frame.payload);
    } catch (error) {
      this.#rejectPayload(error as MessageError);
      return;
    }
    if (this.listenerCount('message') > 0) this.emit('message', { type, payload });
    const handlers = this.#handlers.get(type.name);
    if (handlers) callHandlers(handlers, payload, this, this);
  }

  /** Tells the peer its message was rejected, reports it locally, and closes after too many. */
  #rejectPayload(error: MessageError): void {
    this.#controls.sendRejection(error);
    this.emit('error', error);
    this.#invalidCount++;
    if (this.#invalidCount > this.limits.maxInvalidPayloads) {
      void this.close(
        `The peer sent more than ${this.limits.maxInvalidPayloads} invalid messages.`,
        MessageErrorCode.LIMIT_EXCEEDED,
      );
    }
  }

  #becomeActive(): void {
    this.#life.activate();
    this.emit('ready', undefined);
    const early = this.#early;
    this.#early = [];
    for (const frame of early) {
      if (this.#life.state !== ConnectionState.ACTIVE) break;
      this.#deliver(frame);
    }
  }

  /** A protocol error by the peer (or a limit it crossed): report it and close with its code. */
  #fail(error: unknown): void {
    const typed =
      error instanceof MessageError
        ? error
        : new MessageError(
            MessageErrorCode.MALFORMED_FRAME,
            'The peer sent data that could not be processed.',
            {
              cause: error,
            },
          );
    if (this.#life.state === ConnectionState.CLOSED) return;
    this.emit('error', typed);
    if (this.#life.state === ConnectionState.CLOSING) {
      this.#finish(this.#life.pendingReason ?? closeReason(typed.code, typed.message));
      return;
    }
    void this.close(typed.message, typed.code);
  }

  #finish(reason: CloseReason): void {
    if (!this.#life.finish(reason)) return;
    this.#sender.clear();
    this.#early = [];
    this.emit('close', reason);
  }
}

/** Builds and starts a client connection over `link`. Await `waitForConnection(ms)` before sending. */
export function createClientConnection(
  link: CarrierLink,
  options: ClientConnectionOptions,
): MessageConnection {
  const connection = new MessageConnection('client', link, options);
  connection.start();
  return connection;
}
