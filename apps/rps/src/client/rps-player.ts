// The RPS player client: joins a lobby's game server over UDP with typed messages, picks, reads results.
import { type MessageConnection, MessageError, MessageErrorCode } from '@paperclip/messages';
import { type CertificateValidator, connectUdp } from '@paperclip/net';
import {
  ChoiceMessage,
  createRpsRegistry,
  GameOverMessage,
  RoundMessage,
  StateMessage,
} from '../messages.ts';
import { JoinFailure, RpsJoinError } from '../rps-errors.ts';
import type { Choice, Outcome } from '../rules.ts';
import { EventQueue } from './event-queue.ts';

/** What a player hears from the game, in order. `closed` is always last. */
export type RpsEvent =
  | { type: 'state'; state: 'waiting' | 'playing'; players: number }
  | {
      type: 'round';
      round: number;
      outcome: Outcome;
      choice: Choice;
      otherChoice: Choice;
      score: number;
      otherScore: number;
    }
  | {
      type: 'game-over';
      reason: 'opponent-left' | 'server-closing';
      rounds: number;
      score: number;
      otherScore: number;
    }
  | { type: 'closed'; code: string; message: string };

/** How to reach and trust a lobby's game server. */
export interface RpsPlayerOptions {
  /** "host:port" of the lobby's game server (the platform's lobby-addr). */
  lobbyAddress: string;
  /** The account certificate (DER) presented in the v0 handshake; the server validates it with the platform. */
  certificate: Uint8Array;
  /** Decides on the server's certificate (e.g. the platform's /auth/certificate/validate). */
  validator: CertificateValidator;
  /** Time allowed for the transport and message handshakes. Default 10 000 ms. */
  connectTimeoutMs?: number;
}

/** Why joining failed (PC_RPS_* codes) and the error that says so: see rps-errors.ts. */
export { JoinFailure, RpsJoinError } from '../rps-errors.ts';

/** One player's connection to an RPS lobby. */
export class RpsPlayer {
  readonly #connection: MessageConnection;
  readonly #events = new EventQueue<RpsEvent>();

  private constructor(connection: MessageConnection) {
    this.#connection = connection;
    connection.onMessage(StateMessage, (payload) => this.#events.push({ type: 'state', ...payload }));
    connection.onMessage(RoundMessage, (payload) => this.#events.push({ type: 'round', ...payload }));
    connection.onMessage(GameOverMessage, (payload) => this.#events.push({ type: 'game-over', ...payload }));
    connection.on('close', (reason) =>
      this.#events.push({ type: 'closed', code: reason.code, message: reason.message }),
    );
  }

  /** Connects to the lobby's game server. Rejects with {@link RpsJoinError} (lobby full, unreachable, …). */
  static async join(options: RpsPlayerOptions): Promise<RpsPlayer> {
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const connection = connectUdp(options.lobbyAddress, {
      registry: createRpsRegistry(),
      udp: {
        client: {
          certificate: options.certificate,
          validator: options.validator,
          handshakeTimeoutMs: timeoutMs,
        },
      },
    });
    const player = new RpsPlayer(connection);
    try {
      await connection.waitForConnection(timeoutMs);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw joinError(error, options.lobbyAddress);
    }
    return player;
  }

  /** True while the game server can hear us. */
  get connected(): boolean {
    return this.#connection.state === 'active';
  }

  /** Sends this round's pick (reliable, ordered). Ignored once the connection has closed. */
  choose(choice: Choice): void {
    if (this.connected) this.#connection.send(ChoiceMessage, { choice });
  }

  /** The next event (state, round, game-over, then closed). With `signal`, rejects when it aborts first. */
  next(signal?: AbortSignal): Promise<RpsEvent> {
    return this.#events.take(signal);
  }

  /**
   * The next event of one type, skipping state updates and events of other types. Rejects when the
   * connection closes first (unless `closed` is the type asked for) or `signal` aborts.
   */
  async waitFor<T extends RpsEvent['type']>(type: T, signal?: AbortSignal): Promise<RpsEvent & { type: T }> {
    for (;;) {
      const event = await this.next(signal);
      if (event.type === type) return event as RpsEvent & { type: T };
      if (event.type === 'closed')
        throw new Error(`The game connection closed before a ${type} event: ${event.message}`);
    }
  }

  /** Leaves the game (the opponent hears "opponent left") and closes the connection gracefully. */
  async leave(): Promise<void> {
    await this.#connection.close('The player left the game.');
  }
}

function joinError(error: unknown, address: string): RpsJoinError {
  const code = error instanceof MessageError ? error.code : undefined;
  switch (code) {
    case MessageErrorCode.SERVER_FULL:
      return new RpsJoinError(JoinFailure.LOBBY_FULL, 'The lobby is full: it already has two players.', {
        cause: error,
      });
    case MessageErrorCode.UNAUTHORIZED:
      return new RpsJoinError(
        JoinFailure.REFUSED,
        'The lobby refused the connection: a certificate could not be validated.',
        { cause: error },
      );
    case MessageErrorCode.TIMEOUT:
    case MessageErrorCode.HANDSHAKE_TIMEOUT:
      return new RpsJoinError(JoinFailure.TIMEOUT, `The game server at ${address} did not answer in time.`, {
        cause: error,
      });
    case MessageErrorCode.REGISTRY_MISMATCH:
    case MessageErrorCode.PROTOCOL_VERSION:
      return new RpsJoinError(
        JoinFailure.INCOMPATIBLE,
        `The game server at ${address} runs a different version of RPS: ${(error as Error).message}`,
        { cause: error },
      );
    default:
      return new RpsJoinError(JoinFailure.UNREACHABLE, `The game server at ${address} is unreachable.`, {
        cause: error,
      });
  }
}
