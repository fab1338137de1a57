// The sans-IO Paperclip v0 endpoint: many peers keyed by address; datagrams, time and randomness come in from a driver.
//
// Deviations from /tmp/core-api.md (all additive):
// - extra options (see endpoint-options.ts: reliability, reassembly, close and reply-rate limits, `handshakeSuite`)
//   and extra EndpointStats counters;
// - close(now, peer) on a server ends with that peer's 'clientLeave' (reason SERVER_DISCONNECT), not 'closed';
//   'closed' is reserved for the whole endpoint;
// - a client whose connection ends without close() (refused, lost, server left) emits 'disconnect' only; calling
//   close() afterwards emits 'closed' at once.
import { decodePacket } from '../wire/codec-v0.ts';
import { PacketType } from '../wire/constants.ts';
import {
  ConnectionMinor,
  DisconnectMinor,
  ErrorMajor,
  HandshakeError,
  PacketError,
  PacketMinor,
  PaperclipError,
} from '../wire/errors.ts';
import type { AuthPacket, Packet } from '../wire/packet.ts';
import { openMessage } from '../wire/pipeline.ts';
import { BoundedQueue } from './bounded-queue.ts';
import { Connection } from './connection.ts';
import type { ConnectionHost } from './connection-host.ts';
import { encodeError } from './control-packets.ts';
import type { Address, EndpointOptions, ResolvedEndpointOptions } from './endpoint-options.ts';
import { resolveEndpointOptions } from './endpoint-options.ts';
import { EndpointStateError, NotConnectedError } from './errors.ts';
import type { CertificateValidationResult, EndpointEvent, EndpointStats } from './events.ts';
import { createEndpointStats } from './events.ts';
import { TimerHeap } from './timer-heap.ts';

export type { Address, EndpointOptions } from './endpoint-options.ts';
export type { CertificateValidationResult, EndpointEvent, EndpointStats } from './events.ts';

const MINOR_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(PacketMinor).map(([name, code]) => [code, name]),
);
const NO_SPACE_TEXT = new TextEncoder().encode('Server is Full.');

/**
 * One Paperclip v0 endpoint (server: many peers; client: one server).
 *
 * Inputs: `connect`, `handleDatagram`, `handleTimeout`, `send`, `close`, `completeCertificateValidation`.
 * Call order after any input: drain `pollTransmit()` until undefined → drain `pollEvent()` → re-arm one timer
 * with `pollTimeout()` and call `handleTimeout(now)` when it fires. `now` is any monotonic clock in ms.
 * Nothing here reads a clock, sets a timer, touches a socket or calls Math.random.
 */
export class Endpoint {
  /** Counters: datagrams in/out, malformed by minor code, retransmissions, duplicates suppressed, … */
  readonly stats: EndpointStats = createEndpointStats();
  readonly #options: ResolvedEndpointOptions;
  readonly #host: ConnectionHost;
  readonly #connections = new Map<Address, Connection>();
  readonly #halfOpen = new Set<Connection>();
  readonly #validations = new Map<number, Connection>();
  readonly #ackOwed = new Set<Connection>();
  readonly #timers = new TimerHeap<Connection>();
  readonly #transmits: BoundedQueue<{ to: Address; datagram: Uint8Array }>;
  readonly #events: BoundedQueue<EndpointEvent>;
  #nextRequestId = 1;
  #server: Address | undefined;
  #closing = false;
  #closed = false;
  #strangerWindowStart = Number.NEGATIVE_INFINITY;
  #strangerReplies = 0;

  constructor(options: EndpointOptions) {
    this.#options = resolveEndpointOptions(options);
    this.#transmits = new BoundedQueue(this.#options.maxPendingTransmits);
    this.#events = new BoundedQueue(this.#options.maxPendingEvents);
    this.#host = {
      options: this.#options,
      stats: this.stats,
      suite: this.#options.handshakeSuite,
      transmit: (to, datagram) => this.#transmit(to, datagram),
      emit: (event) => this.#emit(event),
      requestValidation: (connection, certificate) => this.#requestValidation(connection, certificate),
      ackPending: (connection) => this.#ackOwed.add(connection),
      openMessage: (packet, cipher) =>
        openMessage(packet, { cipher, maxInflatedBytes: this.#options.maxInflatedBytes }),
      countMalformed: (error) => this.#countMalformed(error),
      connectionEnded: (connection, reason, local) => this.#connectionEnded(connection, reason, local),
    };
  }

  /** The role given at construction. */
  get role(): 'server' | 'client' {
    return this.#options.role;
  }

  /** Peers that completed the handshake and are not closing. */
  get connectedPeers(): Address[] {
    return [...this.#connections.values()].filter((c) => c.isConnected).map((c) => c.peer);
  }

  /** Handshakes in progress (server: counted against maxHalfOpen). */
  get halfOpenCount(): number {
    return this.#halfOpen.size;
  }

  /** Smoothed RTT to a peer in ms, undefined before the first sample or for unknown peers. */
  smoothedRtt(peer: Address): number | undefined {
    return this.#connections.get(peer)?.smoothedRtt;
  }

  /** Client role: start a handshake with the server (sends AUTH). */
  connect(now: number, server: Address): void {
    if (this.#options.role !== 'client')
      throw new EndpointStateError('Only a client endpoint can connect().');
    if (this.#connections.size > 0 || this.#closing) {
      throw new EndpointStateError('This client is already connected or connecting; close() it first.');
    }
    this.#closed = false;
    this.#server = server;
    const connection = new Connection(this.#host, server, 'client', now);
    this.#connections.set(server, connection);
    this.stats.handshakesStarted += 1;
    connection.startClientHandshake(now);
    this.#afterInput(connection);
  }

  /** Feed one received datagram. Never throws for any input bytes. */
  handleDatagram(now: number, from: Address, datagram: Uint8Array): void {
    this.stats.datagramsIn += 1;
    this.stats.bytesIn += datagram.length;
    try {
      this.#handleDatagram(now, from, datagram);
    } catch (error) {
      this.#internalError(error, from);
    }
  }

  #handleDatagram(now: number, from: Address, datagram: Uint8Array): void {
    const connection = this.#connections.get(from);
    if (this.#closed || (this.#options.role === 'client' && (from !== this.#server || !connection))) {
      this.stats.droppedUnexpected += 1;
      return;
    }
    let packet: Packet;
    try {
      packet = decodePacket(datagram);
    } catch (error) {
      if (!(error instanceof PacketError)) throw error;
      if (connection) {
        connection.reportMalformed(now, error);
        this.#afterInput(connection);
      } else {
        // Strangers get no reply: answering spoofed sources would make us a reflector.
        this.#countMalformed(error);
        this.stats.errorRepliesSuppressed += 1;
      }
      return;
    }
    if (connection === undefined) {
      if (packet.type === PacketType.AUTH) this.#acceptAuth(now, from, packet);
      else this.stats.droppedUnexpected += 1;
      return;
    }
    if (this.#options.role === 'server') {
      connection.lastHeardAt = now;
      if (packet.type === PacketType.AUTH && isNewKey(connection.peerPublicKey, packet.publicKey)) {
        // The peer restarted its handshake with a new key (udp/server.py resets the session too).
        this.#resetPeer(now, connection, packet);
        return;
      }
      const allowedBeforeHandshake =
        packet.type === PacketType.AUTH || packet.type === PacketType.ACK || packet.type === PacketType.ERROR;
      if (!connection.joined && !allowedBeforeHandshake) {
        this.stats.droppedUnexpected += 1;
        return;
      }
    }
    connection.handlePacket(now, packet);
    this.#afterInput(connection);
  }

  #acceptAuth(now: number, from: Address, auth: AuthPacket): void {
    if (this.#options.role !== 'server' || this.#closing) {
      this.stats.droppedUnexpected += 1;
      return;
    }
    if (this.#connections.size >= this.#options.maxClients) {
      this.stats.noSpaceRefused += 1;
      if (this.#strangerReplyAllowed(now)) {
        // Sequence id 0: the seed answers addresses that are not clients with 0 (vectors.md quirk 11).
        this.#transmit(from, encodeError(0, ErrorMajor.CONNECTION, ConnectionMinor.NO_SPACE, NO_SPACE_TEXT));
      }
      return;
    }
    if (this.#halfOpen.size >= this.#options.maxHalfOpen) {
      this.stats.halfOpenRefused += 1;
      return;
    }
    const connection = new Connection(this.#host, from, 'server', now);
    this.#connections.set(from, connection);
    this.#halfOpen.add(connection);
    this.stats.handshakesStarted += 1;
    connection.acceptClientAuth(now, auth);
    this.#afterInput(connection);
  }

  #resetPeer(now: number, connection: Connection, auth: AuthPacket): void {
    this.#forget(connection);
    if (connection.joined) {
      this.#emit({
        type: 'clientLeave',
        peer: connection.peer,
        accountId: connection.accountId,
        reason: new HandshakeError('The peer started a new handshake with a new key.'),
      });
    }
    this.#acceptAuth(now, connection.peer, auth);
  }

  /** Call when `now >= pollTimeout()`. Never throws. */
  handleTimeout(now: number): void {
    const due = new Set<Connection>();
    for (let top = this.#timers.peek(); top !== undefined && top.deadline <= now; top = this.#timers.peek()) {
      this.#timers.pop();
      due.add(top.key);
    }
    for (const connection of due) {
      connection.scheduledAt = undefined;
      if (this.#connections.get(connection.peer) !== connection) continue;
      try {
        connection.handleTimeout(now);
      } catch (error) {
        this.#internalError(error, connection.peer);
      }
      this.#afterInput(connection);
    }
  }

  /**
   * Queue an application message. `flags` are Flag bits (RELIABLE, CHECKSUM, COMPRESSED, ENCRYPTED; FRAG is
   * added when the message needs more than one datagram). RELIABLE messages beyond the in-flight window wait
   * in a bounded queue.
   * @throws NotConnectedError, MessageTooLargeError, SendQueueFullError, FlagsError (undefined flag bits).
   */
  send(now: number, to: Address, payload: Uint8Array, flags: number): void {
    const connection = this.#connections.get(to);
    if (connection === undefined || !connection.isConnected) throw new NotConnectedError(to);
    try {
      connection.send(now, payload, flags);
    } finally {
      this.#afterInput(connection);
    }
  }

  /**
   * Graceful, bounded close. Client: DISCONNECT/CLIENT_DISCONNECT to the server. Server: DISCONNECT/
   * SERVER_DISCONNECT to every peer, or only to `peer`. Each connection first waits up to closeTimeoutMs for
   * its in-flight RELIABLE messages; 'closed' follows when every connection is done.
   */
  close(now: number, peer?: Address): void {
    const minor =
      this.#options.role === 'server' ? DisconnectMinor.SERVER_DISCONNECT : DisconnectMinor.CLIENT_DISCONNECT;
    if (peer !== undefined && this.#options.role === 'server') {
      const connection = this.#connections.get(peer);
      if (connection === undefined) return;
      connection.beginClose(now, minor);
      this.#afterInput(connection);
      return;
    }
    if (this.#closed) {
      this.#emit({ type: 'closed' });
      return;
    }
    if (this.#closing) return;
    this.#closing = true;
    for (const connection of [...this.#connections.values()]) {
      connection.beginClose(now, minor);
      this.#afterInput(connection);
    }
    this.#maybeClosed();
  }

  /** Answer a 'validateCertificate' event. Unknown or stale request ids are ignored. Never throws. */
  completeCertificateValidation(now: number, requestId: number, result: CertificateValidationResult): void {
    const connection = this.#validations.get(requestId);
    if (connection === undefined) return;
    this.#validations.delete(requestId);
    try {
      connection.completeValidation(now, result);
    } catch (error) {
      this.#internalError(error, connection.peer);
    }
    this.#afterInput(connection);
  }

  /** Next datagram to send, or undefined. ACKs owed are generated here, coalesced over the inputs since. */
  pollTransmit(): { to: Address; datagram: Uint8Array } | undefined {
    if (this.#ackOwed.size > 0) {
      for (const connection of this.#ackOwed) connection.flushAcks();
      this.#ackOwed.clear();
    }
    const next = this.#transmits.shift();
    if (next !== undefined) {
      this.stats.datagramsOut += 1;
      this.stats.bytesOut += next.datagram.length;
    }
    return next;
  }

  /** Next application event, or undefined. */
  pollEvent(): EndpointEvent | undefined {
    return this.#events.shift();
  }

  /** Absolute time (same clock as `now`) of the next timer, or undefined when nothing is pending. */
  pollTimeout(): number | undefined {
    for (let top = this.#timers.peek(); top !== undefined; top = this.#timers.peek()) {
      if (this.#connections.get(top.key.peer) === top.key) return top.deadline;
      this.#timers.pop(); // the connection is gone
    }
    return undefined;
  }

  // ---- host services ----

  #transmit(to: Address, datagram: Uint8Array): void {
    if (!this.#transmits.push({ to, datagram })) this.stats.transmitsDropped += 1;
  }

  #emit(event: EndpointEvent): void {
    if (!this.#events.push(event)) this.stats.eventsDropped += 1;
  }

  #requestValidation(connection: Connection, certificate: Uint8Array): void {
    const requestId = this.#nextRequestId++;
    connection.validationRequestId = requestId;
    this.#validations.set(requestId, connection);
    this.#emit({ type: 'validateCertificate', requestId, peer: connection.peer, certificate });
  }

  #countMalformed(error: PacketError): void {
    const name = MINOR_NAMES[error.minor] ?? `MINOR_${error.minor}`;
    this.stats.malformedByMinor[name] = (this.stats.malformedByMinor[name] ?? 0) + 1;
  }

  #connectionEnded(connection: Connection, reason: PaperclipError, local: boolean): void {
    this.#forget(connection);
    if (this.#options.role === 'server') {
      if (connection.joined) {
        this.#emit({ type: 'clientLeave', peer: connection.peer, accountId: connection.accountId, reason });
      }
    } else if (!local) {
      this.#emit({ type: 'disconnect', peer: connection.peer, reason });
      this.#closed = !this.#closing;
    }
    this.#maybeClosed();
  }

  #forget(connection: Connection): void {
    if (this.#connections.get(connection.peer) === connection) this.#connections.delete(connection.peer);
    this.#halfOpen.delete(connection);
    this.#ackOwed.delete(connection);
    if (connection.validationRequestId !== undefined)
      this.#validations.delete(connection.validationRequestId);
  }

  #maybeClosed(): void {
    if (this.#closing && this.#connections.size === 0 && !this.#closed) {
      this.#closed = true;
      this.#closing = false;
      this.#emit({ type: 'closed' });
    }
  }

  /** Bookkeeping after any call into a connection: half-open set and its timer. */
  #afterInput(connection: Connection): void {
    if (connection.joined) this.#halfOpen.delete(connection);
    if (this.#connections.get(connection.peer) !== connection) return;
    const next = connection.nextTimeout();
    if (next === undefined) return;
    if (connection.scheduledAt === undefined || next < connection.scheduledAt) {
      connection.scheduledAt = next;
      this.#timers.push(next, connection);
    }
  }

  /** Global budget for replies to addresses that are not peers (NO_SPACE), so spoofed AUTHs cannot aim us. */
  #strangerReplyAllowed(now: number): boolean {
    if (now - this.#strangerWindowStart >= 1_000) {
      this.#strangerWindowStart = now;
      this.#strangerReplies = 0;
    }
    if (this.#strangerReplies >= this.#options.maxStrangerRepliesPerSecond) {
      this.stats.errorRepliesSuppressed += 1;
      return false;
    }
    this.#strangerReplies += 1;
    return true;
  }

  /** A bug, not bad input: report it as an event instead of letting it escape into the driver's receive loop. */
  #internalError(error: unknown, peer: Address): void {
    const wrapped =
      error instanceof PaperclipError
        ? error
        : new PaperclipError(ErrorMajor.ERROR, 0, 'Internal error while handling a datagram.', {
            cause: error,
          });
    this.#emit({ type: 'error', peer, error: wrapped });
  }
}

function isNewKey(known: Uint8Array | undefined, received: Uint8Array): boolean {
  if (known === undefined) return false;
  if (known.length !== received.length) return true;
  for (let i = 0; i < known.length; i++) if (known[i] !== received[i]) return true;
  return false;
}
