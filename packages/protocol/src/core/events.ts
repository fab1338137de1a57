// What an Endpoint reports to its driver: application events and the counters behind `stats`.

import type { AccountId } from '../peer/account-id.ts';
import { type PacketError, PacketMinor, type PaperclipError } from '../wire/errors.ts';
import type { Address } from './endpoint-options.ts';

/** Result the driver reports back for a 'validateCertificate' event. */
export interface CertificateValidationResult {
  valid: boolean;
  /** The peer's account, parsed by the validator (`parseAccountId`); `null` for an anonymous peer. */
  accountId: AccountId | null;
}

/** Events drained with `Endpoint.pollEvent()`. */
export type EndpointEvent =
  /** Run the pluggable certificate validator, then call completeCertificateValidation(requestId, …). */
  | { type: 'validateCertificate'; requestId: number; peer: Address; certificate: Uint8Array }
  /** Client: handshake complete. */
  | { type: 'connect'; peer: Address }
  /** Server: a peer completed its handshake. */
  | { type: 'clientJoin'; peer: Address; accountId: AccountId | null }
  /** Server: a connected peer left (disconnect, heartbeat timeout, unresponsive, server close). */
  | { type: 'clientLeave'; peer: Address; accountId: AccountId | null; reason: PaperclipError }
  /** An application message, delivered at most once (exactly once when RELIABLE). */
  | { type: 'data'; peer: Address; data: Uint8Array; flags: number }
  /** Client: the connection is over (refused, lost, or closed by the server). */
  | { type: 'disconnect'; peer: Address; reason: PaperclipError }
  /** Non-fatal: a malformed datagram, an ERROR PACKET/* from the peer, … */
  | { type: 'error'; peer?: Address; error: PaperclipError }
  /** close() finished (acks in, or its deadline passed). */
  | { type: 'closed' };

/** Counters of one Endpoint. Plain numbers so a driver can export them as metrics. */
export interface EndpointStats {
  datagramsIn: number;
  datagramsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Undecodable or unopenable datagrams, keyed by PacketMinor name (e.g. `PACKET_TYPE`, `CHECKSUM`). */
  malformedByMinor: Record<string, number>;
  messagesSent: number;
  messagesDelivered: number;
  /** Reliable messages resent: on their timer, or early (fast retransmissions, counted here too). */
  retransmissions: number;
  /** Of those, resent early because ACKs of later messages showed a gap (before the timer). */
  fastRetransmissions: number;
  /** Data messages received again after delivery (not handed to the application). */
  duplicatesSuppressed: number;
  acksSent: number;
  acksReceived: number;
  pingsSent: number;
  pongsSent: number;
  handshakesStarted: number;
  handshakesCompleted: number;
  handshakesFailed: number;
  /** AUTHs dropped because maxHalfOpen handshakes were already pending (unused since eviction; kept for exporters). */
  halfOpenRefused: number;
  /** Half-open handshakes evicted (oldest first) to make room for a new AUTH when maxHalfOpen were pending. */
  halfOpenEvicted: number;
  /** AUTHs dropped by the per-source handshake rate limit (handshakeRatePerSecond, handshakeBurst). */
  authRateLimited: number;
  /** AUTHs dropped unanswered because the unvalidatedSendBytesPerSecond budget was spent. */
  authBudgetDropped: number;
  /** AUTHs not answered because the address was already answered within its half-open lifetime. */
  authRepeatsIgnored: number;
  /** AUTHs (or handshakes at validation / Finished) answered with CONNECTION/NO_SPACE: every seat taken. */
  noSpaceRefused: number;
  /** Handshakes refused with CONNECTION/NO_SPACE because the account already holds maxPeersPerAccount seats. */
  accountSeatRefused: number;
  /** Datagrams from addresses that are not peers (or not allowed before the handshake completes). */
  droppedUnexpected: number;
  /** Unencrypted DEFAULT datagrams dropped by the connection's plaintextPolicy (finding 5 of issue 14). */
  plaintextDropped: number;
  errorRepliesSent: number;
  /** ERROR PACKET/* replies not sent because of errorReplyIntervalMs or an unknown sender. */
  errorRepliesSuppressed: number;
  eventsDropped: number;
  transmitsDropped: number;
}

/** A zeroed stats object. */
export function createEndpointStats(): EndpointStats {
  return {
    datagramsIn: 0,
    datagramsOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    malformedByMinor: {},
    messagesSent: 0,
    messagesDelivered: 0,
    retransmissions: 0,
    fastRetransmissions: 0,
    duplicatesSuppressed: 0,
    acksSent: 0,
    acksReceived: 0,
    pingsSent: 0,
    pongsSent: 0,
    handshakesStarted: 0,
    handshakesCompleted: 0,
    handshakesFailed: 0,
    halfOpenRefused: 0,
    halfOpenEvicted: 0,
    authRateLimited: 0,
    authBudgetDropped: 0,
    authRepeatsIgnored: 0,
    noSpaceRefused: 0,
    accountSeatRefused: 0,
    droppedUnexpected: 0,
    plaintextDropped: 0,
    errorRepliesSent: 0,
    errorRepliesSuppressed: 0,
    eventsDropped: 0,
    transmitsDropped: 0,
  };
}

const MINOR_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(PacketMinor).map(([name, code]) => [code, name]),
);

/** Counts one malformed datagram in `stats.malformedByMinor`, keyed by its PacketMinor name. */
export function countMalformed(stats: EndpointStats, error: PacketError): void {
  const name = MINOR_NAMES[error.minor] ?? `MINOR_${error.minor}`;
  stats.malformedByMinor[name] = (stats.malformedByMinor[name] ?? 0) + 1;
}
