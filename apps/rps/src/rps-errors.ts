// The RPS app's error catalogue (PC_RPS_*): why joining a lobby failed, and how a scripted game can end badly.
import { CodedError, declaredRow, declaredSentence, defineErrorCodes } from '@paperclip/protocol';

/** Every RPS error code, e.g. `PC_RPS_LOBBY_FULL`. The join rows are RpsJoinError's. */
const RpsErrorCode = defineErrorCodes('PC_RPS', 'Rock–paper–scissors app (@paperclip/rps)', 'RpsJoinError', {
  LOBBY_FULL: {
    message: 'The lobby is full: it already has two players.',
    doc: "The lobby's game server answered SERVER_FULL.",
  },
  UNREACHABLE: { message: 'The game server is unreachable.', doc: 'No answer, or the connection failed.' },
  REFUSED: {
    message: 'The lobby refused the connection: a certificate could not be validated.',
    doc: "The game server refused our certificate (UNAUTHORIZED), or the lobby's was not valid.",
  },
  TIMEOUT: { message: 'The game server did not answer in time.' },
  INCOMPATIBLE: {
    message: 'The game server runs a different version of RPS.',
    doc: 'The message registries or protocol versions differ.',
  },
  ROUND_TIMEOUT: {
    message: 'No result within the round timeout: the opponent did not play.',
    className: 'RoundTimeoutError',
  },
  GAME_CLOSED: {
    message: 'The game server closed the connection before the game was over.',
    className: 'GameClosedError',
  },
});

/** Why joining failed: the join rows of the PC_RPS catalogue (`RpsJoinError` code `PC_RPS_<reason>`). */
export const JoinFailure = {
  LOBBY_FULL: 'LOBBY_FULL',
  UNREACHABLE: 'UNREACHABLE',
  REFUSED: 'REFUSED',
  TIMEOUT: 'TIMEOUT',
  INCOMPATIBLE: 'INCOMPATIBLE',
} as const satisfies Record<string, keyof typeof RpsErrorCode>;
export type JoinFailure = (typeof JoinFailure)[keyof typeof JoinFailure];

type RpsErrorCode = (typeof RpsErrorCode)[keyof typeof RpsErrorCode];

/** Base of the RPS errors: a `PC_RPS_*` code and a sentence for the user. */
abstract class RpsError extends CodedError {
  declare readonly code: RpsErrorCode;
  constructor(code: RpsErrorCode, message?: string, options?: ErrorOptions) {
    super(code, message ?? declaredSentence(code), declaredRow(code), options);
  }
}

/** Joining a lobby's game server failed: `code` is `PC_RPS_<reason>`, the message a sentence for the user. */
export class RpsJoinError extends RpsError {
  /** Why, as a {@link JoinFailure}. */
  readonly reason: JoinFailure;
  constructor(reason: JoinFailure, message?: string, options?: ErrorOptions) {
    super(RpsErrorCode[reason], message, options);
    this.reason = reason;
  }
}

/** PC_RPS_ROUND_TIMEOUT: no result within the round timeout; the opponent never came or never picked. */
export class RoundTimeoutError extends RpsError {
  constructor(timeoutMs: number) {
    super(
      RpsErrorCode.ROUND_TIMEOUT,
      `No result within ${Math.round(timeoutMs / 1000)} s: the opponent did not play.`,
    );
  }
}

/** PC_RPS_GAME_CLOSED: the game server closed the connection before the game was over. */
export class GameClosedError extends RpsError {
  constructor(reason: string) {
    super(RpsErrorCode.GAME_CLOSED, `The game server closed the connection: ${reason}`);
  }
}
