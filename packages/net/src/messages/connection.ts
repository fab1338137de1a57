// One message-layer connection over any carrier link: coordinates handshake, typed send/receive, rules and lifecycle.

import type { TSchema } from '@sinclair/typebox';
import type { CarrierLink } from '../carriers/carrier.ts';
import type {
  ClientConnectionOptions,
  ConnectionEvents,
  ServerConnectionOptions,
} from './connection-types.ts';
import { ControlId } from './control.ts';
import { ControlCodec } from './control-codec.ts';
import { ConnectionState, DELIVERY_WIRE, type MessageType, type PayloadOf } from './define-message.ts';
import { TypedEmitter } from './emitter.ts';
import {
  type CloseReason,
  closeReason,
  codeFromWire,
  MessageError,
  MessageErrorCode,
  wireCodeOf,
} from './errors.ts';
import { decodeFrames, type Frame } from './frame-codec.ts';
import { FrameReceiver } from './frame-receiver.ts';
import { FrameSender } from './frame-sender.ts';
import { addHandler } from './handler-table.ts';
import { type HelloValue, type ReadyValue, RegistryHandshake, type WelcomeValue } from './handshake.ts';
import { ConnectionLifecycle } from './lifecycle.ts';
import { type MessageLimits, resolveLimits } from './limits.ts';
import { acceptsControl, bindForSend, receiveViolation, type Side } from './message-rules.ts';
import { PayloadCodec, validatorFor } from './payload-codec.ts';
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
 * It wires the parts together: `RegistryHandshake` (handshake.ts), the rules (message-rules.ts),
 * `FrameSender`/`FrameReceiver` (sequencing per delivery kind) and `ConnectionLifecycle` (state).
 */
export class MessageConnection extends TypedEmitter<ConnectionEvents> {
  /** Server-assigned number (0 on clients). */
  readonly id: number;
  readonly side: Side;
  readonly link: CarrierLink;
  readonly limits: MessageLimits;
  readonly #life = new ConnectionLifecycle();
  readonly #handshake: RegistryHandshake;
  #identity: unknown;
  #table: IdTable | undefined;
  readonly #codec: PayloadCodec;
  readonly #control: ControlCodec;
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
    this.#handshake = new RegistryHandshake(options.registry, this.limits, options, link);
    this.#codec = new PayloadCodec(this.limits.payload);
    this.#control = new ControlCodec(this.limits.payload);
    this.#receiver = new FrameReceiver(this.limits.maxOutOfOrder, (frame) => this.#dispatch(frame));
    this.#validateOutgoing = options.validateOutgoing ?? true;
    if (side === 'server') this.#table = options.registry.table;
    this.#sender = new FrameSender(link, options.schedule);
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
    if (this.#validateOutgoing) {
      const problem = validatorFor(type.schema)(payload);
      if (problem !== undefined) {
        throw new MessageError(
          MessageErrorCode.INVALID_PAYLOAD,
          `Payload of "${type.name}" is invalid at ${problem}.`,
          {
            messageName: type.name,
          },
        );
      }
    }
    const bytes = this.#codec.encode(payload);
    if (bytes.length > this.limits.maxMessageBytes) {
      throw new MessageError(
        MessageErrorCode.LIMIT_EXCEEDED,
        `Payload of "${type.name}" is ${bytes.length} bytes, over the limit of ${this.limits.maxMessageBytes}.`,
        { messageName: type.name },
      );
    }
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
      this.#sendControl(ControlId.CLOSE, { code: wireCodeOf(code), message: reason.message.slice(0, 512) });
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

  #sendControl(id: ControlId, value: unknown): void {
    this.#sender.send(id, 0, this.#control.encode(value));
  }

  #onOpen(): void {
    if (this.#life.state !== ConnectionState.CONNECTING) return;
    this.#life.beginHandshake(this.limits.handshakeTimeoutMs, () =>
      this.#fail(new MessageError(MessageErrorCode.HANDSHAKE_TIMEOUT)),
    );
    this.emit('connect', undefined);
    if (this.side === 'client' && this.#life.is(ConnectionState.HANDSHAKING)) {
      this.#sendControl(ControlId.HELLO, this.#handshake.hello());
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
      this.#onControl(frame);
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
    if (handlers) {
      // A snapshot, so handlers added or removed meanwhile do not change this delivery; one is cheap to take.
      for (const handler of handlers.size === 1 ? [handlers.values().next().value!] : [...handlers]) {
        try {
          (handler as (payload: unknown, connection: MessageConnection) => void)(payload, this);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
  }

  /** Tells the peer its message was rejected, reports it locally, and closes after too many. */
  #rejectPayload(error: MessageError): void {
    const report: Record<string, unknown> = {
      code: wireCodeOf(error.code),
      message: error.message.slice(0, 512),
    };
    if (error.messageName !== undefined) report.name = error.messageName;
    this.#sendControl(ControlId.ERROR, report);
    this.emit('error', error);
    this.#invalidCount++;
    if (this.#invalidCount > this.limits.maxInvalidPayloads) {
      void this.close(
        `The peer sent more than ${this.limits.maxInvalidPayloads} invalid messages.`,
        MessageErrorCode.LIMIT_EXCEEDED,
      );
    }
  }

  #onControl(frame: Frame): void {
    if (frame.deliveryWire !== 0) {
      throw new MessageError(MessageErrorCode.MALFORMED_FRAME, 'A control message arrived unordered.');
    }
    const id = frame.messageId;
    if (!acceptsControl(id, this.side, this.#life.state, this.#handshake)) {
      throw new MessageError(
        MessageErrorCode.MALFORMED_FRAME,
        `Control message ${id} is not allowed on the ${this.side} while ${this.#life.state}.`,
      );
    }
    const value = this.#control.decode(id, frame.payload);
    switch (id) {
      case ControlId.HELLO:
        this.#onHello(value as HelloValue);
        break;
      case ControlId.WELCOME:
        this.#onWelcome(value as WelcomeValue);
        break;
      case ControlId.READY: {
        const refusal = this.#handshake.checkReady(value as ReadyValue);
        if (refusal) void this.close(refusal.message, refusal.code);
        else this.#becomeActive();
        break;
      }
      case ControlId.CLOSE: {
        if (this.#life.state === ConnectionState.CLOSING) break; // both sides closed at once: keep ours
        const { code, message } = value as { code: number; message: string };
        this.#life.announceClose(closeReason(codeFromWire(code), message, true));
        this.#life.beginClosing(this.limits.closeTimeoutMs, () => this.#finish(this.#life.pendingReason!));
        this.link.close();
        break;
      }
      case ControlId.ERROR: {
        const { code, message, name } = value as { code: number; message: string; name?: string };
        this.emit(
          'error',
          new MessageError(
            codeFromWire(code),
            `The peer rejected a message: ${message}`,
            name ? { messageName: name } : {},
          ),
        );
        break;
      }
      case ControlId.PING: {
        const answer = this.#handshake.answerPing(value as Uint8Array);
        if (answer) this.#sendControl(ControlId.PONG, answer);
        void this.close('Ping answered.');
        break;
      }
    }
  }

  /** Server: checks HELLO, then (once the authenticator agrees) sends WELCOME with our registry. */
  #onHello(hello: HelloValue): void {
    const refusal = this.#handshake.checkHello(hello);
    if (refusal) {
      void this.close(refusal.message, refusal.code);
      return;
    }
    void this.#handshake.authenticate(hello).then((result) => {
      if (this.#life.state !== ConnectionState.HANDSHAKING) return;
      if (!result.ok) {
        void this.close(result.message ?? 'The connect token was refused.', MessageErrorCode.UNAUTHORIZED);
        return;
      }
      this.#identity = result.identity;
      this.#sendControl(ControlId.WELCOME, this.#handshake.welcome());
    });
  }

  /** Client: adopts the server's registry from WELCOME, answers READY and becomes active. */
  #onWelcome(welcome: WelcomeValue): void {
    const outcome = this.#handshake.adoptWelcome(welcome);
    if (!outcome.ok) {
      void this.close(outcome.message, outcome.code);
      return;
    }
    this.#table = outcome.table;
    this.#sendControl(ControlId.READY, this.#handshake.ready());
    this.#becomeActive();
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
