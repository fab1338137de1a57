// The message layer's error catalogue: stable codes, their numeric wire codes and WebSocket close statuses.

/**
 * Every reason a message-layer connection can fail or close. The string is the stable `code`, the
 * number is what CLOSE/ERROR frames carry on the wire (never reuse a number), `wsStatus` the
 * WebSocket close status used when the carrier is WebSocket.
 */
export const MessageErrorCode = {
  /** The application closed the connection (`close(reason)`). */
  NORMAL: 'NORMAL',
  /** The server is shutting down. */
  SERVER_SHUTDOWN: 'SERVER_SHUTDOWN',
  /** The two sides define different messages (names, schemas, delivery kinds or rules). */
  REGISTRY_MISMATCH: 'REGISTRY_MISMATCH',
  /** The peer speaks another version of the message protocol. */
  PROTOCOL_VERSION: 'PROTOCOL_VERSION',
  /** A frame or control message could not be parsed. */
  MALFORMED_FRAME: 'MALFORMED_FRAME',
  /** A payload failed msgpack decoding or its schema. */
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  /** A message id the registry does not know. */
  UNKNOWN_MESSAGE: 'UNKNOWN_MESSAGE',
  /** A message broke its rules (wrong side, wrong state). */
  RULE_VIOLATION: 'RULE_VIOLATION',
  /** The connect token was refused. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The handshake did not finish in time. */
  HANDSHAKE_TIMEOUT: 'HANDSHAKE_TIMEOUT',
  /** A wait (`waitForConnection`, `waitForClose`, ping) ran out of time. */
  TIMEOUT: 'TIMEOUT',
  /** The peer exceeded a size or count limit. */
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /** The server has no room for another connection. */
  SERVER_FULL: 'SERVER_FULL',
  /** The transport went away without a CLOSE frame. */
  CONNECTION_LOST: 'CONNECTION_LOST',
  /** The caller used the API wrongly (sending before the connection is active, a message this side may not send…). */
  USAGE: 'USAGE',
} as const;
export type MessageErrorCode = (typeof MessageErrorCode)[keyof typeof MessageErrorCode];

interface CodeInfo {
  wire: number;
  wsStatus: number;
  text: string;
}

/** Wire numbers and default sentences. 4000-4999 is the WebSocket range reserved for applications. */
const CATALOGUE: Record<MessageErrorCode, CodeInfo> = {
  NORMAL: { wire: 0, wsStatus: 1000, text: 'The connection was closed.' },
  SERVER_SHUTDOWN: { wire: 1, wsStatus: 1001, text: 'The server is shutting down.' },
  REGISTRY_MISMATCH: { wire: 2, wsStatus: 4002, text: 'Client and server define different messages.' },
  PROTOCOL_VERSION: { wire: 3, wsStatus: 4003, text: 'The peer speaks another message protocol version.' },
  MALFORMED_FRAME: { wire: 4, wsStatus: 1002, text: 'The peer sent a frame that could not be read.' },
  INVALID_PAYLOAD: { wire: 5, wsStatus: 1007, text: 'A message payload did not match its schema.' },
  UNKNOWN_MESSAGE: { wire: 6, wsStatus: 4006, text: 'The peer sent a message type that is not registered.' },
  RULE_VIOLATION: { wire: 7, wsStatus: 1008, text: 'The peer sent a message its rules do not allow.' },
  UNAUTHORIZED: { wire: 8, wsStatus: 4008, text: 'The connect token was refused.' },
  HANDSHAKE_TIMEOUT: { wire: 9, wsStatus: 4009, text: 'The handshake did not finish in time.' },
  TIMEOUT: { wire: 10, wsStatus: 4010, text: 'The operation timed out.' },
  LIMIT_EXCEEDED: { wire: 11, wsStatus: 1009, text: 'The peer exceeded a size or count limit.' },
  SERVER_FULL: { wire: 12, wsStatus: 1013, text: 'The server has no room for another connection.' },
  CONNECTION_LOST: { wire: 13, wsStatus: 1006, text: 'The connection was lost.' },
  USAGE: { wire: 14, wsStatus: 4014, text: 'The message API was used incorrectly.' },
};

const BY_WIRE = new Map<number, MessageErrorCode>(
  Object.entries(CATALOGUE).map(([code, info]) => [info.wire, code as MessageErrorCode]),
);

/** The number a CLOSE/ERROR frame carries for `code`. */
export function wireCodeOf(code: MessageErrorCode): number {
  return CATALOGUE[code].wire;
}

/** The code a CLOSE/ERROR frame's number stands for; unknown numbers read as MALFORMED_FRAME. */
export function codeFromWire(wire: number): MessageErrorCode {
  return BY_WIRE.get(wire) ?? MessageErrorCode.MALFORMED_FRAME;
}

/** The WebSocket close status used for `code`. */
export function wsStatusOf(code: MessageErrorCode): number {
  return CATALOGUE[code].wsStatus;
}

/** Default sentence for `code`. */
export function defaultText(code: MessageErrorCode): string {
  return CATALOGUE[code].text;
}

/** Why a connection closed, as both sides see it. `remote` is true when the peer chose it. */
export interface CloseReason {
  code: MessageErrorCode;
  /** A sentence for humans, e.g. "Client and server define different messages: chat:message differs." */
  message: string;
  remote: boolean;
}

/** Typed error of the message layer; `code` is stable and documented in docs/MESSAGES.md. */
export class MessageError extends Error {
  readonly code: MessageErrorCode;
  /** Name of the message type concerned, when there is one. */
  readonly messageName: string | undefined;
  constructor(code: MessageErrorCode, message?: string, options?: ErrorOptions & { messageName?: string }) {
    super(message ?? defaultText(code), options);
    this.name = 'MessageError';
    this.code = code;
    this.messageName = options?.messageName;
  }
}

/** Builds a close reason with the default sentence when none is given. */
export function closeReason(code: MessageErrorCode, message?: string, remote = false): CloseReason {
  return { code, message: message ?? defaultText(code), remote };
}
