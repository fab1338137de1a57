// Typed errors raised by the sans-IO core itself (API misuse, local limits, peer loss), beside the wire catalogue.
import {
  ConnectionError,
  ConnectionMinor,
  DisconnectError,
  DisconnectMinor,
  PaperclipError,
} from '../wire/errors.ts';

/** `send()` or `close()` named a peer that has not completed its handshake (or is gone). */
export class NotConnectedError extends ConnectionError {
  readonly peer: string;
  constructor(peer: string) {
    super(ConnectionMinor.CONNECTION, `Peer ${peer} is not connected.`);
    this.peer = peer;
  }
}

/** The per-peer queue of messages waiting for room in the in-flight window is full (backpressure). */
export class SendQueueFullError extends PaperclipError {
  readonly peer: string;
  constructor(peer: string, limit: number) {
    super(
      0,
      0,
      `Send queue for ${peer} is full (${limit} messages waiting); slow down or raise maxQueuedMessages.`,
    );
    this.peer = peer;
  }
}

/** A message would need more than 255 fragments (or more than maxMessageBytes) and cannot be sent in v0. */
export class MessageTooLargeError extends PaperclipError {
  constructor(bytes: number, limit: number) {
    super(0, 0, `Message of ${bytes} bytes is larger than the ${limit}-byte limit.`);
  }
}

/** The endpoint was used in a way its role does not allow (e.g. `connect()` on a server). */
export class EndpointStateError extends PaperclipError {
  constructor(message: string) {
    super(0, 0, message);
  }
}

/** The server heard nothing from a peer for heartbeatMaxMs and dropped it (the seed's heartbeat timeout). */
export class HeartbeatTimeoutError extends DisconnectError {
  constructor(idleMs: number) {
    super(
      DisconnectMinor.DISCONNECT,
      `No contact from the peer for ${Math.round(idleMs)} ms (heartbeat timeout).`,
    );
  }
}

/** A RELIABLE packet was retransmitted maxRetransmissions times without an ACK: the peer is gone. */
export class PeerUnresponsiveError extends DisconnectError {
  constructor(retransmissions: number) {
    super(
      DisconnectMinor.DISCONNECT,
      `The peer did not acknowledge a reliable message after ${retransmissions} retransmissions.`,
    );
  }
}

/** The handshake did not complete within handshakeTimeoutMs. */
export class HandshakeTimeoutError extends ConnectionError {
  constructor(timeoutMs: number) {
    super(ConnectionMinor.CONNECTION, `The handshake did not complete within ${timeoutMs} ms.`);
  }
}
