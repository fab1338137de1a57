// Control messages (ids 0-15) on one connection: sends them, and checks and acts on the ones that arrive.
import type { CarrierLink } from './carriers/carrier.ts';
import type { ClientConnectionOptions, ServerConnectionOptions } from './connection-types.ts';
import { ControlId } from './control.ts';
import { ControlCodec } from './control-codec.ts';
import { ConnectionState } from './define-message.ts';
import {
  type CloseReason,
  closeReason,
  codeFromWire,
  MessageError,
  MessageErrorCode,
  wireCodeOf,
} from './errors.ts';
import type { Frame } from './frame-codec.ts';
import type { FrameSender } from './frame-sender.ts';
import { type HelloValue, type ReadyValue, RegistryHandshake, type WelcomeValue } from './handshake.ts';
import type { ConnectionLifecycle } from './lifecycle.ts';
import type { MessageLimits } from './limits.ts';
import { acceptsControl, type Side } from './message-rules.ts';
import type { IdTable } from './registry.ts';

/** What received control messages do to their connection. Built once per connection. */
export interface ControlHost {
  /** Close with our reason (CLOSE goes to the peer). */
  close(message: string, code: MessageErrorCode): void;
  /** The peer sent CLOSE with `reason`: close without answering. */
  peerClosed(reason: CloseReason): void;
  /** The server's authenticator accepted the peer as `identity`. */
  identified(identity: unknown): void;
  /** The client adopted the server's ids. */
  adopted(table: IdTable): void;
  /** The handshake finished on this side: become active. */
  ready(): void;
  /** Report a non-fatal error (the peer rejected one of our messages). */
  reportError(error: MessageError): void;
}

/**
 * The connection's control stream. Control frames travel reliable-ordered and are accepted only
 * where the rules allow (message-rules.ts `acceptsControl`); anything else throws MALFORMED_FRAME,
 * which closes the connection. The registry-sync steps are decided by `RegistryHandshake`.
 */
export class ControlChannel {
  readonly #side: Side;
  readonly #life: ConnectionLifecycle;
  readonly #sender: FrameSender;
  readonly #codec: ControlCodec;
  readonly #handshake: RegistryHandshake;
  readonly #host: ControlHost;

  constructor(
    side: Side,
    link: CarrierLink,
    options: ClientConnectionOptions & Partial<ServerConnectionOptions>,
    limits: MessageLimits,
    parts: { life: ConnectionLifecycle; sender: FrameSender; host: ControlHost },
  ) {
    this.#side = side;
    this.#life = parts.life;
    this.#sender = parts.sender;
    this.#host = parts.host;
    this.#codec = new ControlCodec(limits.payload);
    this.#handshake = new RegistryHandshake(options.registry, limits, options, link);
  }

  /** Queues control message `id` with `value` (checked and encoded by the control codec). */
  send(id: ControlId, value: unknown): void {
    this.#sender.send(id, 0, this.#codec.encode(value));
  }

  /** Tells the peer we are closing, with `reason`'s code and sentence (cut to the 512 characters CLOSE carries). */
  sendClose(reason: CloseReason): void {
    this.send(ControlId.CLOSE, { code: wireCodeOf(reason.code), message: reason.message.slice(0, 512) });
  }

  /** Tells the peer one of its messages was rejected (ERROR: code, sentence and the message's name). */
  sendRejection(error: MessageError): void {
    const report: Record<string, unknown> = {
      code: wireCodeOf(error.code),
      message: error.message.slice(0, 512),
    };
    if (error.messageName !== undefined) report.name = error.messageName;
    this.send(ControlId.ERROR, report);
  }

  /** Client: opens the handshake with HELLO. */
  sendHello(): void {
    this.send(ControlId.HELLO, this.#handshake.hello());
  }

  /** Takes one control frame in order; throws MessageError for one that may not arrive now. */
  receive(frame: Frame): void {
    if (frame.deliveryWire !== 0) {
      throw new MessageError(MessageErrorCode.MALFORMED_FRAME, 'A control message arrived unordered.');
    }
    const id = frame.messageId;
    if (!acceptsControl(id, this.#side, this.#life.state, this.#handshake)) {
      throw new MessageError(
        MessageErrorCode.MALFORMED_FRAME,
        `Control message ${id} is not allowed on the ${this.#side} while ${this.#life.state}.`,
      );
    }
    const value = this.#codec.decode(id, frame.payload);
    switch (id) {
      case ControlId.HELLO:
        this.#onHello(value as HelloValue);
        break;
      case ControlId.WELCOME:
        this.#onWelcome(value as WelcomeValue);
        break;
      case ControlId.READY: {
        const refusal = this.#handshake.checkReady(value as ReadyValue);
        if (refusal) this.#host.close(refusal.message, refusal.code);
        else this.#host.ready();
        break;
      }
      case ControlId.CLOSE: {
        if (this.#life.state === ConnectionState.CLOSING) break; // both sides closed at once: keep ours
        const { code, message } = value as { code: number; message: string };
        this.#host.peerClosed(closeReason(codeFromWire(code), message, true));
        break;
      }
      case ControlId.ERROR: {
        const { code, message, name } = value as { code: number; message: string; name?: string };
        this.#host.reportError(
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
        if (answer) this.send(ControlId.PONG, answer);
        this.#host.close('Ping answered.', MessageErrorCode.NORMAL);
        break;
      }
    }
  }

  /** Server: checks HELLO, then (once the authenticator agrees) sends WELCOME with our registry. */
  #onHello(hello: HelloValue): void {
    const refusal = this.#handshake.checkHello(hello);
    if (refusal) {
      this.#host.close(refusal.message, refusal.code);
      return;
    }
    void this.#handshake.authenticate(hello).then((result) => {
      if (this.#life.state !== ConnectionState.HANDSHAKING) return;
      if (!result.ok) {
        this.#host.close(result.message ?? 'The connect token was refused.', MessageErrorCode.UNAUTHORIZED);
        return;
      }
      this.#host.identified(result.identity);
      this.send(ControlId.WELCOME, this.#handshake.welcome());
    });
  }

  /** Client: adopts the server's registry from WELCOME, answers READY and becomes active. */
  #onWelcome(welcome: WelcomeValue): void {
    const outcome = this.#handshake.adoptWelcome(welcome);
    if (!outcome.ok) {
      this.#host.close(outcome.message, outcome.code);
      return;
    }
    this.#host.adopted(outcome.table);
    this.send(ControlId.READY, this.#handshake.ready());
    this.#host.ready();
  }
}
