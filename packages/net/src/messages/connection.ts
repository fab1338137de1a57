// One message-layer connection over any carrier link: handshake, typed send/receive, rules, lifecycle and close reasons.

import type { TSchema } from '@sinclair/typebox';
import type { CarrierLink } from '../carriers/carrier.ts';
import { FrameBatcher } from './batcher.ts';
import { OrderedReceiver, SequencedFilter } from './channels.ts';
import type {
  AuthResult,
  ClientConnectionOptions,
  ConnectionEvents,
  ServerConnectionOptions,
} from './connection-types.ts';
import { ControlId, MESSAGE_PROTOCOL_VERSION } from './control.ts';
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
import { decodeFrames, encodeFrame, type Frame, SEQUENCE_MODULUS } from './frame-codec.ts';
import { addHandler } from './handler-table.ts';
import { type MessageLimits, resolveLimits } from './limits.ts';
import { PayloadCodec, validatorFor } from './payload-codec.ts';
import { answerPingQuery, type ServerStatus } from './ping.ts';
import type { IdTable, MessageRegistry } from './registry.ts';
import { errorOf, waitForEvent } from './waits.ts';

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

type Side = 'client' | 'server';
type Handler = (payload: never, connection: MessageConnection) => void;

/**
 * A connection between a client and a server over one carrier link. Build one with
 * `createClientConnection(link, options)` (client) or receive one from a `MessageServer` (server).
 */
export class MessageConnection extends TypedEmitter<ConnectionEvents> {
  /** Server-assigned number (0 on clients). */
  readonly id: number;
  readonly side: Side;
  readonly link: CarrierLink;
  readonly limits: MessageLimits;
  #state: ConnectionState = ConnectionState.CONNECTING;
  #identity: unknown;
  #closeReason: CloseReason | undefined;
  #pendingReason: CloseReason | undefined;
  readonly #registry: MessageRegistry;
  #table: IdTable | undefined;
  readonly #codec: PayloadCodec;
  readonly #control: ControlCodec;
  readonly #batcher: FrameBatcher;
  readonly #ordered: OrderedReceiver<Frame>;
  readonly #sequenced = new SequencedFilter();
  readonly #validateOutgoing: boolean;
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #options: ClientConnectionOptions & Partial<ServerConnectionOptions>;
  #orderedSequence = 0;
  readonly #sentSequences = new Map<number, number>();
  #early: Frame[] = [];
  #invalidCount = 0;
  #helloSeen = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    side: Side,
    link: CarrierLink,
    options: ClientConnectionOptions & Partial<ServerConnectionOptions>,
  ) {
    super();
    this.side = side;
    this.link = link;
    this.id = options.id ?? 0;
    this.#options = options;
    this.#registry = options.registry;
    this.limits = resolveLimits(options.limits);
    this.#codec = new PayloadCodec(this.limits.payload);
    this.#control = new ControlCodec(this.limits.payload);
    this.#ordered = new OrderedReceiver(this.limits.maxOutOfOrder);
    this.#validateOutgoing = options.validateOutgoing ?? true;
    if (side === 'server') this.#table = this.#registry.table;
    this.#batcher = new FrameBatcher({
      maxPacketBytes: link.maxPacketBytes,
      ...(link.maxReliablePacketBytes ? { maxReliablePacketBytes: link.maxReliablePacketBytes } : {}),
      reliableOnly: link.reliableOnly,
      sink: (packet, reliable) => this.link.send(packet, reliable),
      ...(options.schedule ? { schedule: options.schedule } : {}),
    });
  }

  /** connecting → handshaking → active → closing → closed. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** What the server's authenticator returned for this peer (server side), else undefined. */
  get identity(): unknown {
    return this.#identity;
  }

  /** Why the connection closed, once it has. */
  get closeReason(): CloseReason | undefined {
    return this.#closeReason;
  }

  /** Starts the link. Called once by whoever built the connection. */
  start(): void {
    this.link.start({
      open: () => this.#onOpen(),
      packet: (data) => this.#onPacket(data),
      closed: (reason) =>
        this.#finish(this.#pendingReason ?? reason ?? closeReason(MessageErrorCode.CONNECTION_LOST)),
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
    if (type.from !== 'both' && type.from !== this.side) {
      throw new MessageError(MessageErrorCode.USAGE, `"${type.name}" may only be sent by the ${type.from}.`, {
        messageName: type.name,
      });
    }
    if (!type.states.includes(this.#state) || this.#table === undefined) {
      throw new MessageError(
        MessageErrorCode.USAGE,
        `"${type.name}" cannot be sent while the connection is ${this.#state}.`,
        {
          messageName: type.name,
        },
      );
    }
    const bound = this.#table.byName(type.name);
    if (!bound || bound.type !== type) {
      throw new MessageError(MessageErrorCode.USAGE, `"${type.name}" is not in this connection's registry.`, {
        messageName: type.name,
      });
    }
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
    const wire = DELIVERY_WIRE[type.delivery];
    let sequence: number | undefined;
    if (wire === 0) sequence = this.#nextOrderedSequence();
    else if (wire === 3) {
      sequence = this.#sentSequences.get(bound.id) ?? 0;
      this.#sentSequences.set(bound.id, (sequence + 1) % SEQUENCE_MODULUS);
    }
    this.#batcher.push(encodeFrame(bound.id, wire, sequence, bytes), wire <= 1);
  }

  /**
   * Closes the connection; the peer's `close` event gets the same code and sentence. Resolves
   * when closed (see also `waitForClose`). Safe to call more than once.
   */
  close(message?: string, code: MessageErrorCode = MessageErrorCode.NORMAL): Promise<CloseReason> {
    const done: Promise<CloseReason> = this.#closeReason
      ? Promise.resolve(this.#closeReason)
      : new Promise((resolve) => this.once('close', resolve));
    if (this.#state === ConnectionState.CLOSING || this.#state === ConnectionState.CLOSED) return done;
    const reason = closeReason(code, message);
    this.#pendingReason = reason;
    if (this.#state !== ConnectionState.CONNECTING) {
      this.#sendControl(ControlId.CLOSE, { code: wireCodeOf(code), message: reason.message.slice(0, 512) });
      this.#batcher.flush();
    }
    this.#setState(ConnectionState.CLOSING);
    this.#arm(this.limits.closeTimeoutMs, () => this.#finish(reason));
    this.link.close();
    return done;
  }

  /** Resolves once active; rejects with the close reason if it closes first, or TIMEOUT. */
  async waitForConnection(timeoutMs: number): Promise<void> {
    if (this.#state === ConnectionState.ACTIVE) return;
    if (this.#closeReason) throw errorOf(this.#closeReason);
    await waitForEvent(this, 'ready', timeoutMs, 'The connection did not become active in time.');
  }

  /** Resolves with the close reason once closed; rejects with TIMEOUT. */
  waitForClose(timeoutMs: number): Promise<CloseReason> {
    if (this.#closeReason) return Promise.resolve(this.#closeReason);
    return waitForEvent(this, 'close', timeoutMs, 'The connection did not close in time.');
  }

  /** State test that TypeScript does not narrow across calls that may change the state. */
  #stateIs(state: ConnectionState): boolean {
    return this.#state === state;
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
  }

  #arm(ms: number, action: () => void): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(action, ms);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #nextOrderedSequence(): number {
    const sequence = this.#orderedSequence;
    this.#orderedSequence = (sequence + 1) % SEQUENCE_MODULUS;
    return sequence;
  }

  #sendControl(id: ControlId, value: unknown): void {
    const frame = encodeFrame(id, 0, this.#nextOrderedSequence(), this.#control.encode(value));
    this.#batcher.push(frame, true);
  }

  #onOpen(): void {
    if (this.#state !== ConnectionState.CONNECTING) return;
    this.#setState(ConnectionState.HANDSHAKING);
    this.#arm(this.limits.handshakeTimeoutMs, () =>
      this.#fail(new MessageError(MessageErrorCode.HANDSHAKE_TIMEOUT)),
    );
    this.emit('connect', undefined);
    if (this.side === 'client' && this.#stateIs(ConnectionState.HANDSHAKING)) {
      const hello: Record<string, unknown> = { v: MESSAGE_PROTOCOL_VERSION, hash: this.#registry.hash };
      if (this.#options.token !== undefined) hello.token = this.#options.token;
      this.#sendControl(ControlId.HELLO, hello);
    }
  }

  #onPacket(data: Uint8Array): void {
    if (this.#state === ConnectionState.CLOSED) return;
    try {
      for (const frame of decodeFrames(data, this.limits)) {
        if (this.#stateIs(ConnectionState.CLOSED)) return;
        if (frame.deliveryWire === 0) {
          for (const ready of this.#ordered.push(frame.sequence!, frame)) this.#dispatch(ready);
        } else if (frame.deliveryWire === 3) {
          if (this.#sequenced.accept(frame.messageId, frame.sequence!)) this.#dispatch(frame);
        } else {
          this.#dispatch(frame);
        }
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  #dispatch(frame: Frame): void {
    if (this.#state === ConnectionState.CLOSED) return;
    if (frame.messageId < 16) {
      this.#onControl(frame);
      return;
    }
    if (this.#state === ConnectionState.HANDSHAKING || this.#state === ConnectionState.CONNECTING) {
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
    const violation = receiveViolation(type, this.side === 'client' ? 'server' : 'client', this.#state);
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
    const expected = this.#expectControl(id);
    if (!expected) {
      throw new MessageError(
        MessageErrorCode.MALFORMED_FRAME,
        `Control message ${id} is not allowed on the ${this.side} while ${this.#state}.`,
      );
    }
    const value = this.#control.decode(id, frame.payload);
    switch (id) {
      case ControlId.HELLO:
        this.#onHello(value as { v: number; hash: string; token?: string });
        break;
      case ControlId.WELCOME:
        this.#onWelcome(value as { v: number; hash: string; entries: [number, string, string][] });
        break;
      case ControlId.READY:
        this.#onReady(value as { hash: string });
        break;
      case ControlId.CLOSE: {
        if (this.#state === ConnectionState.CLOSING) break; // both sides closed at once: keep ours
        const { code, message } = value as { code: number; message: string };
        this.#pendingReason = closeReason(codeFromWire(code), message, true);
        this.#setState(ConnectionState.CLOSING);
        this.#arm(this.limits.closeTimeoutMs, () => this.#finish(this.#pendingReason!));
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
        const answer = answerPingQuery(value as Uint8Array, this.#options.status?.() ?? defaultStatus());
        if (answer) this.#sendControl(ControlId.PONG, answer);
        void this.close('Ping answered.');
        break;
      }
    }
  }

  /** Which control messages each side accepts in which state (anything else closes the connection). */
  #expectControl(id: number): boolean {
    const handshaking = this.#state === ConnectionState.HANDSHAKING;
    switch (id) {
      case ControlId.HELLO:
      case ControlId.PING:
        return this.side === 'server' && handshaking && !this.#helloSeen;
      case ControlId.WELCOME:
        return this.side === 'client' && handshaking && this.#table === undefined;
      case ControlId.READY:
        return this.side === 'server' && handshaking && this.#helloSeen;
      case ControlId.CLOSE:
      case ControlId.ERROR:
        return this.#state !== ConnectionState.CLOSED;
      default:
        return false;
    }
  }

  #onHello(hello: { v: number; hash: string; token?: string }): void {
    this.#helloSeen = true;
    if (hello.v !== MESSAGE_PROTOCOL_VERSION) {
      void this.close(
        `The client speaks message protocol ${hello.v}; this server speaks ${MESSAGE_PROTOCOL_VERSION}.`,
        MessageErrorCode.PROTOCOL_VERSION,
      );
      return;
    }
    if (hello.token !== undefined && hello.token.length > this.limits.maxTokenLength) {
      void this.close(
        `The connect token is longer than ${this.limits.maxTokenLength} characters.`,
        MessageErrorCode.LIMIT_EXCEEDED,
      );
      return;
    }
    const authenticate = this.#options.authenticate;
    const verdict: Promise<AuthResult> = authenticate
      ? authenticate({ token: hello.token, link: this.link.info }).catch(() => ({ ok: false as const }))
      : Promise.resolve({ ok: true, identity: this.link.info.carrierIdentity ?? null });
    void verdict.then((result) => {
      if (this.#state !== ConnectionState.HANDSHAKING) return;
      if (!result.ok) {
        void this.close(result.message ?? 'The connect token was refused.', MessageErrorCode.UNAUTHORIZED);
        return;
      }
      this.#identity = result.identity;
      const entries = this.#registry.entries.map((entry) => [entry.id, entry.name, entry.fingerprint]);
      this.#sendControl(ControlId.WELCOME, {
        v: MESSAGE_PROTOCOL_VERSION,
        hash: this.#registry.hash,
        entries,
      });
    });
  }

  #onWelcome(welcome: { v: number; hash: string; entries: [number, string, string][] }): void {
    if (welcome.v !== MESSAGE_PROTOCOL_VERSION) {
      void this.close(
        `The server speaks message protocol ${welcome.v}; this client speaks ${MESSAGE_PROTOCOL_VERSION}.`,
        MessageErrorCode.PROTOCOL_VERSION,
      );
      return;
    }
    if (welcome.entries.length > this.limits.maxRegistryEntries) {
      void this.close(
        `The server's registry has more than ${this.limits.maxRegistryEntries} entries.`,
        MessageErrorCode.LIMIT_EXCEEDED,
      );
      return;
    }
    const ids = new Set(welcome.entries.map(([id]) => id));
    const names = new Set(welcome.entries.map(([, name]) => name));
    if (ids.size !== welcome.entries.length || names.size !== welcome.entries.length) {
      throw new MessageError(
        MessageErrorCode.MALFORMED_FRAME,
        'The server registry repeats an id or a name.',
      );
    }
    const result = this.#registry.adopt(
      welcome.entries.map(([id, name, fingerprint]) => ({ id, name, fingerprint })),
      welcome.hash,
    );
    if (!result.ok) {
      void this.close(result.message, MessageErrorCode.REGISTRY_MISMATCH);
      return;
    }
    this.#table = result.table;
    this.#sendControl(ControlId.READY, { hash: this.#registry.hash });
    this.#becomeActive();
  }

  #onReady(ready: { hash: string }): void {
    if (ready.hash !== this.#registry.hash) {
      void this.close(
        'Client and server define different messages: the registry hashes differ.',
        MessageErrorCode.REGISTRY_MISMATCH,
      );
      return;
    }
    this.#becomeActive();
  }

  #becomeActive(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#setState(ConnectionState.ACTIVE);
    this.emit('ready', undefined);
    const early = this.#early;
    this.#early = [];
    for (const frame of early) {
      if (this.#state !== ConnectionState.ACTIVE) break;
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
            { cause: error },
          );
    if (this.#state === ConnectionState.CLOSED) return;
    this.emit('error', typed);
    if (this.#state === ConnectionState.CLOSING) {
      this.#finish(this.#pendingReason ?? closeReason(typed.code, typed.message));
      return;
    }
    void this.close(typed.message, typed.code);
  }

  #finish(reason: CloseReason): void {
    if (this.#state === ConnectionState.CLOSED) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#setState(ConnectionState.CLOSED);
    this.#closeReason = reason;
    this.#batcher.clear();
    this.#early = [];
    this.emit('close', reason);
  }
}

/** SmartPacket check on receipt: why `type` from `sender` may not arrive in `state`, or undefined. */
function receiveViolation(type: MessageType, sender: Side, state: ConnectionState): string | undefined {
  if (type.from !== 'both' && type.from !== sender) {
    return `"${type.name}" may only be sent by the ${type.from}, but the ${sender} sent it.`;
  }
  if (!type.states.includes(state)) return `"${type.name}" is not allowed while the connection is ${state}.`;
  return undefined;
}

function defaultStatus(): ServerStatus {
  return { name: 'Paperclip server', version: '0', players: 0, games: 0 };
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
