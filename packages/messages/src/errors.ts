// The message layer's error catalogue (PC_MSG_*): stable codes, their numeric wire codes and WebSocket close statuses.
import { CodedError, declaredRow, declaredSentence, defineErrorCodes } from '@paperclip/protocol/errors';

/**
 * Every reason a message-layer connection can fail or close. The value is the stable `code`
 * (`MessageErrorCode.LIMIT_EXCEEDED === 'PC_MSG_LIMIT_EXCEEDED'`); `wire` is what CLOSE/ERROR frames carry
 * (never reuse a number), `wsStatus` the WebSocket close status used when the carrier is WebSocket.
 * 4000-4999 is the WebSocket range reserved for applications.
 */
export const MessageErrorCode = defineErrorCodes(
  'PC_MSG',
  'Message layer (@paperclip/messages)',
  'MessageError',
  {
    NORMAL: {
      message: 'The connection was closed.',
      wire: 0,
      wsStatus: 1000,
      doc: 'The application closed the connection (`close(reason)`).',
    },
    SERVER_SHUTDOWN: {
      message: 'The server is shutting down.',
      wire: 1,
      wsStatus: 1001,
      doc: '`server.close()`.',
    },
    REGISTRY_MISMATCH: {
      message: 'Client and server define different messages.',
      wire: 2,
      wsStatus: 4002,
      doc: 'The two sides define different messages (names, schemas, delivery kinds or rules).',
    },
    PROTOCOL_VERSION: {
      message: 'The peer speaks another message protocol version.',
      wire: 3,
      wsStatus: 4003,
    },
    MALFORMED_FRAME: {
      message: 'The peer sent a frame that could not be read.',
      wire: 4,
      wsStatus: 1002,
      doc: 'Bytes that are not frames, or a control message out of place.',
    },
    INVALID_PAYLOAD: {
      message: 'A message payload did not match its schema.',
      wire: 5,
      wsStatus: 1007,
      doc: 'A payload failed msgpack decoding, a msgpack limit or its schema.',
    },
    UNKNOWN_MESSAGE: {
      message: 'The peer sent a message type that is not registered.',
      wire: 6,
      wsStatus: 4006,
      doc: 'A message id the registry does not know.',
    },
    RULE_VIOLATION: {
      message: 'The peer sent a message its rules do not allow.',
      wire: 7,
      wsStatus: 1008,
      doc: 'A message broke its rules (wrong side, wrong state).',
    },
    UNAUTHORIZED: {
      message: 'The connect token was refused.',
      wire: 8,
      wsStatus: 4008,
      doc: 'The authenticator refused the token (UDP: also an invalid certificate).',
    },
    HANDSHAKE_TIMEOUT: {
      message: 'The handshake did not finish in time.',
      wire: 9,
      wsStatus: 4009,
      doc: "`handshakeTimeoutMs`, or the server's `halfOpenTimeoutMs`.",
    },
    TIMEOUT: {
      message: 'The operation timed out.',
      wire: 10,
      wsStatus: 4010,
      doc: 'A wait (`waitForConnection`, `waitForClose`, ping) ran out of time.',
    },
    LIMIT_EXCEEDED: {
      message: 'The peer exceeded a size or count limit.',
      wire: 11,
      wsStatus: 1009,
      doc: 'A size or count limit (also ws `maxPayload`, a peer not reading: `maxBufferedBytes`, `maxBufferedBytesTotal`).',
    },
    SERVER_FULL: {
      message: 'The server has no room for another connection.',
      wire: 12,
      wsStatus: 1013,
      doc: '`maxConnections`, `maxHalfOpen` or `maxConnectionsPerAddress` (UDP: also the wire error CONNECTION/NO_SPACE).',
    },
    CONNECTION_LOST: {
      message: 'The connection was lost.',
      wire: 13,
      wsStatus: 1006,
      doc: 'The transport went away without a CLOSE frame.',
    },
    USAGE: {
      message: 'The message API was used incorrectly.',
      wire: 14,
      wsStatus: 4014,
      doc: 'Sending before the connection is active, a message this side may not send, a closed server…',
    },
    UNREACHABLE: {
      message: 'The server could not be reached.',
      wire: 15,
      wsStatus: 4015,
      doc: 'Nothing listens at the address (connection refused, ICMP port unreachable), or its host name does not resolve (client side: ping, connect).',
    },
    NOT_PAPERCLIP: {
      message: 'The peer is not a Paperclip server.',
      wire: 16,
      wsStatus: 4016,
      doc: 'Something answered, but not as a Paperclip server does: a reply that is not a ping answer, an HTTP server that does not upgrade to WebSocket.',
    },
  },
);
/** One of {@link MessageErrorCode}'s values, e.g. `PC_MSG_NORMAL`. */
export type MessageErrorCode = (typeof MessageErrorCode)[keyof typeof MessageErrorCode];

const CODES: readonly MessageErrorCode[] = Object.values(MessageErrorCode);
const BY_WIRE = new Map<number, MessageErrorCode>(CODES.map((code) => [wireCodeOf(code), code]));

/** The number a CLOSE/ERROR frame carries for `code`. */
export function wireCodeOf(code: MessageErrorCode): number {
  return declaredRow(code).wire as number;
}

/** The code a CLOSE/ERROR frame's number stands for; unknown numbers read as MALFORMED_FRAME. */
export function codeFromWire(wire: number): MessageErrorCode {
  return BY_WIRE.get(wire) ?? MessageErrorCode.MALFORMED_FRAME;
}

/** Default sentence for `code`. */
function defaultText(code: MessageErrorCode): string {
  return declaredSentence(code);
}

/** Why a connection closed, as both sides see it. `remote` is true when the peer chose it. */
export interface CloseReason {
  /** The same `PC_MSG_*` code a {@link MessageError} for this reason carries. */
  code: MessageErrorCode;
  /** A sentence for humans, e.g. "Client and server define different messages: chat:message differs." */
  message: string;
  remote: boolean;
}

/** A cause, and the name of the message type concerned when there is one. */
export interface MessageErrorOptions extends ErrorOptions {
  messageName?: string;
}

/** Typed error of the message layer; `code` (`PC_MSG_*`) is stable and listed in docs/ERRORS.md. */
export class MessageError extends CodedError {
  declare readonly code: MessageErrorCode;
  declare readonly wire: number;
  declare readonly wsStatus: number;
  /** Name of the message type concerned, when there is one. */
  readonly messageName: string | undefined;
  constructor(code: MessageErrorCode, message?: string, options?: MessageErrorOptions) {
    super(code, message ?? defaultText(code), declaredRow(code), options);
    this.messageName = options?.messageName;
  }
}

/** Builds a close reason with the default sentence when none is given. */
export function closeReason(code: MessageErrorCode, message?: string, remote = false): CloseReason {
  return { code, message: message ?? defaultText(code), remote };
}
