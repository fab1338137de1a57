// Typed errors raised by the sans-IO core itself (API misuse, local limits, peer loss): the PC_CORE catalogue.
import { defineErrors } from '../errors/define-errors.ts';
import { ConnectionMinor, DisconnectMinor, ErrorMajor, PaperclipError } from '../wire/errors.ts';

const { ERROR, CONNECTION, DISCONNECT } = ErrorMajor;

/**
 * The core's own errors. They extend PaperclipError so events carry one type; the pair is what the seed would
 * send for them (local-only errors keep ERROR 0/0: they never go on the wire).
 */
export const CoreErrors = defineErrors(
  'PC_CORE',
  'Sans-IO core (@paperclip/protocol)',
  {
    NOT_CONNECTED: {
      message: (d: { peer: string }) => `Peer ${d.peer} is not connected.`,
      major: CONNECTION,
      minor: ConnectionMinor.CONNECTION,
      doc: '`send()` or `close()` named a peer that has not completed its handshake (or is gone).',
    },
    SEND_QUEUE_FULL: {
      message: (d: { peer: string; limit: number }) =>
        `Send queue for ${d.peer} is full (${d.limit} messages waiting); slow down or raise maxQueuedMessages.`,
      major: ERROR,
      minor: 0,
      doc: 'The per-peer queue of messages waiting for room in the in-flight window is full (backpressure).',
    },
    MESSAGE_TOO_LARGE: {
      message: (d: { bytes: number; limit: number }) =>
        `Message of ${d.bytes} bytes is larger than the ${d.limit}-byte limit.`,
      major: ERROR,
      minor: 0,
      doc: 'A message would need more than 255 fragments (or more than maxMessageBytes).',
    },
    ENDPOINT_STATE: {
      message: 'The endpoint cannot do that in its role or state.',
      major: ERROR,
      minor: 0,
      doc: 'The endpoint was used in a way its role does not allow (e.g. `connect()` on a server).',
    },
    INTERNAL: {
      message: 'Internal error while handling a datagram.',
      major: ERROR,
      minor: 0,
      doc: 'A bug, not bad input: reported as an `error` event (the cause attached) instead of escaping.',
    },
    HEARTBEAT_TIMEOUT: {
      message: (d: { idleMs: number }) => `No contact from the peer for ${d.idleMs} ms (heartbeat timeout).`,
      major: DISCONNECT,
      minor: DisconnectMinor.DISCONNECT,
      doc: 'The server heard nothing from a peer for heartbeatMaxMs and dropped it.',
    },
    PEER_UNRESPONSIVE: {
      message: (d: { retransmissions: number }) =>
        `The peer did not acknowledge a reliable message after ${d.retransmissions} retransmissions.`,
      major: DISCONNECT,
      minor: DisconnectMinor.DISCONNECT,
      doc: 'A RELIABLE packet was retransmitted maxRetransmissions times without an ACK.',
    },
    HANDSHAKE_TIMEOUT: {
      message: (d: { timeoutMs: number }) => `The handshake did not complete within ${d.timeoutMs} ms.`,
      major: CONNECTION,
      minor: ConnectionMinor.CONNECTION,
    },
  },
  PaperclipError,
);

/** PC_CORE_NOT_CONNECTED: `send()` or `close()` named a peer that is not connected; `details.peer`. */
export const NotConnectedError = CoreErrors.NOT_CONNECTED;
export type NotConnectedError = InstanceType<typeof NotConnectedError>;
/** PC_CORE_SEND_QUEUE_FULL: the peer's send queue is full (backpressure); `details.peer`, `details.limit`. */
export const SendQueueFullError = CoreErrors.SEND_QUEUE_FULL;
export type SendQueueFullError = InstanceType<typeof SendQueueFullError>;
/** PC_CORE_MESSAGE_TOO_LARGE: a message over maxMessageBytes or 255 fragments cannot be sent in v0. */
export const MessageTooLargeError = CoreErrors.MESSAGE_TOO_LARGE;
export type MessageTooLargeError = InstanceType<typeof MessageTooLargeError>;
/** PC_CORE_ENDPOINT_STATE: the endpoint was used in a way its role does not allow. */
export const EndpointStateError = CoreErrors.ENDPOINT_STATE;
export type EndpointStateError = InstanceType<typeof EndpointStateError>;
/** PC_CORE_INTERNAL: a bug while handling a datagram, reported as an event with its cause. */
export const InternalError = CoreErrors.INTERNAL;
export type InternalError = InstanceType<typeof InternalError>;
/** PC_CORE_HEARTBEAT_TIMEOUT: nothing heard from a peer for heartbeatMaxMs (the seed's heartbeat timeout). */
export const HeartbeatTimeoutError = CoreErrors.HEARTBEAT_TIMEOUT;
export type HeartbeatTimeoutError = InstanceType<typeof HeartbeatTimeoutError>;
/** PC_CORE_PEER_UNRESPONSIVE: a RELIABLE packet went unacknowledged maxRetransmissions times. */
export const PeerUnresponsiveError = CoreErrors.PEER_UNRESPONSIVE;
export type PeerUnresponsiveError = InstanceType<typeof PeerUnresponsiveError>;
/** PC_CORE_HANDSHAKE_TIMEOUT: the handshake did not complete within handshakeTimeoutMs. */
export const HandshakeTimeoutError = CoreErrors.HANDSHAKE_TIMEOUT;
export type HandshakeTimeoutError = InstanceType<typeof HandshakeTimeoutError>;
