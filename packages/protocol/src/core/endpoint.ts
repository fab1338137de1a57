// The sans-IO Paperclip v0 endpoint: many peers keyed by address; datagrams, time and randomness come in from a driver.
//
// Choices a driver should know about:
// - options beyond role, certificate and randomBytes (see endpoint-options.ts: reliability, reassembly, close and
//   reply-rate limits, `handshakeSuite`) and the EndpointStats counters;
// - close(now, peer) on a server ends with that peer's 'clientLeave' (reason SERVER_DISCONNECT), not 'closed';
//   'closed' is reserved for the whole endpoint;
// - a client whose connection ends without close() (refused, lost, server left) emits 'disconnect' only; calling
//   close() afterwards emits 'closed' at once.
import type { AccountId } from '../peer/account-id.ts';
import { decodePacket } from '../wire/codec-v0.ts';
import { PacketType } from '../wire/constants.ts';
import {
  ConnectionMinor,
  DisconnectMinor,
  ErrorMajor,
  HandshakeError,
  PacketError,
  PaperclipError,
} from '../wire/errors.ts';
import type { AuthPacket, Packet } from '../wire/packet.ts';
import { BoundedQueue } from './bounded-queue.ts';
import { Connection, type ConnectionContext } from './connection.ts';
import { encodeError } from './control-packets.ts';
import type { Address, EndpointOptions, ResolvedEndpointOptions } from './endpoint-options.ts';
import { resolveEndpointOptions } from './endpoint-options.ts';
import { EndpointStateError, InternalError, NotConnectedError } from './errors.ts';
import type { CertificateValidationResult, EndpointEvent, EndpointStats } from './events.ts';
import { countMalformed, createEndpointStats } from './events.ts';
import { HandshakeAdmission } from './handshake-admission.ts';
import { TimerHeap } from './timer-heap.ts';

export type { Address, EndpointOptions } from './endpoint-options.ts';
export type { CertificateValidationResult, EndpointEvent, EndpointStats } from './events.ts';

const NO_SPACE_TEXT = new TextEncoder().encode('Server is Full.');
const ACCOUNT_SEAT_TEXT = new TextEncoder().encode('This account already holds a seat here.');
/** Our answer to an AUTH (AUTH + Finished ACK) beyond the certificate: headers, SPKI key, Finished; generous. */
const REPLY_OVERHEAD_BYTES = 256;
/**
 * Budget taken when an AUTH is admitted: enough for the short ERROR a refusal sends (garbage certificates, no
 * seat). The rest of a full reply is taken once the certificate is valid, so a garbage flood spends little.
 */
const ADMISSION_BYTES = 64;

/** The endpoint's own bookkeeping for one connection (quinn-proto's ConnectionMeta), kept off the Connection. */
interface ConnectionMeta {
  readonly connection: Connection;
  /** Deadline this connection is queued under in the TimerHeap (undefined: not queued). */
  scheduledAt: number | undefined;
  /** Request id of its pending 'validateCertificate' event. */
  validationId: number | undefined;
}

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
  readonly #context: ConnectionContext;
  readonly #connections = new Map<Address, ConnectionMeta>();
  readonly #halfOpen = new Set<Connection>();
  readonly #validations = new Map<number, ConnectionMeta>();
  readonly #ackOwed = new Set<Connection>();
  readonly #timers = new TimerHeap<ConnectionMeta>();
  readonly #transmits: BoundedQueue<{ to: Address; datagram: Uint8Array }>;
  readonly #events: BoundedQueue<EndpointEvent>;
  #nextRequestId = 1;
  #server: Address | undefined;
  #closing = false;
  #closed = false;
  readonly #admission: HandshakeAdmission;
  /** Budget reserved per admitted AUTH: an upper bound of any one reply to it (AUTH + Finished, or an ERROR). */
  readonly #replyEstimate: number;

  constructor(options: EndpointOptions) {
    this.#options = resolveEndpointOptions(options);
    this.#admission = new HandshakeAdmission(this.#options);
    this.#replyEstimate = this.#options.certificate.length + REPLY_OVERHEAD_BYTES;
    this.#transmits = new BoundedQueue(this.#options.maxPendingTransmits);
    this.#events = new BoundedQueue(this.#options.maxPendingEvents);
    this.#context = {
      options: this.#options,
      stats: this.stats,
      transmit: (to, datagram) => this.#transmit(to, datagram),
      emit: (event) => this.#emit(event),
    };
  }

  /** The role given at construction. */
  get role(): 'server' | 'client' {
    return this.#options.role;
  }

  /** Peers that completed the handshake and are not closing. */
  get connectedPeers(): Address[] {
    const peers: Address[] = [];
    for (const { connection } of this.#connections.values())
      if (connection.isConnected) peers.push(connection.peer);
    return peers;
  }

  /** Handshakes in progress (server: counted against maxHalfOpen). */
  get halfOpenCount(): number {
    return this.#halfOpen.size;
  }

  /** Entries of the per-source rate-limit and answered-address tables (server; bounded by maxTrackedSources). */
  get trackedSources(): number {
    return this.#admission.trackedSources;
  }

  /** Smoothed RTT to a peer in ms, undefined before the first sample or for unknown peers. */
  smoothedRtt(peer: Address): number | undefined {
    return this.#connections.get(peer)?.connection.smoothedRtt;
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
    const meta = this.#add(new Connection(this.#context, server, 'client', now));
    this.stats.handshakesStarted += 1;
    meta.connection.startClientHandshake(now);
    this.#afterInput(meta);
  }

  /** Feed one received datagram. Never throws for any input bytes. */
  handleDatagram(now: number, from: Address, datagram: Uint8Array): void {
    this.stats.datagramsIn += 1;
    this.stats.bytesIn += datagram.length;
    try {
      this.#handleDatagram(now, from, datagram);
    } catch (error) {
      this.#internalError(error, from);
      // Still act on what the connection signalled before the bug (e.g. that it ended), so no peer is leaked.
      const meta = this.#connections.get(from);
      try {
        if (meta !== undefined) this.#afterInput(meta);
      } catch (again) {
        this.#internalError(again, from);
      }
    }
  }

  #handleDatagram(now: number, from: Address, datagram: Uint8Array): void {
    const meta = this.#connections.get(from);
    if (this.#closed || (this.#options.role === 'client' && (from !== this.#server || !meta))) {
      this.stats.droppedUnexpected += 1;
      return;
    }
    let packet: Packet;
    try {
      packet = decodePacket(datagram);
    } catch (error) {
      if (!(error instanceof PacketError)) throw error;
      if (meta) {
        meta.connection.reportMalformed(now, error);
        this.#afterInput(meta);
      } else {
        // Strangers get no reply: answering spoofed sources would make us a reflector.
        countMalformed(this.stats, error);
        this.stats.errorRepliesSuppressed += 1;
      }
      return;
    }
    if (meta === undefined) {
      if (packet.type === PacketType.AUTH) this.#acceptAuth(now, from, packet);
      else this.stats.droppedUnexpected += 1;
      return;
    }
    const connection = meta.connection;
    if (this.#options.role === 'server') {
      if (packet.type === PacketType.AUTH && isNewKey(connection.peerPublicKey, packet.publicKey)) {
        // The peer restarted its handshake with a new key (udp/server.py resets the session too).
        this.#resetPeer(now, meta, packet);
        return;
      }
      if (!connection.joined && packet.type === PacketType.AUTH) {
        // Answered at most once per half-open lifetime: a repeat is the cheapest reflection there is.
        this.stats.authRepeatsIgnored += 1;
        return;
      }
      if (!connection.joined && isFinished(packet) && this.#refuseIfNoSeat(meta, connection.accountId))
        return;
      const allowedBeforeHandshake =
        packet.type === PacketType.AUTH || packet.type === PacketType.ACK || packet.type === PacketType.ERROR;
      if (!connection.joined && !allowedBeforeHandshake) {
        this.stats.droppedUnexpected += 1;
        return;
      }
    }
    connection.handlePacket(now, packet);
    this.#afterInput(meta);
  }

  #acceptAuth(now: number, from: Address, auth: AuthPacket): void {
    if (this.#options.role !== 'server' || this.#closing) {
      this.stats.droppedUnexpected += 1;
      return;
    }
    if (!this.#admitted(now, from)) return;
    if (this.#seatsTaken() >= this.#options.maxClients) {
      this.stats.noSpaceRefused += 1;
      if (this.#admission.strangerReplyAllowed(now, this.#options.maxStrangerRepliesPerSecond)) {
        // Sequence id 0: the seed answers addresses that are not clients with 0 (docs/PROTOCOL.md §9, quirk 12).
        this.#transmit(from, encodeError(0, ErrorMajor.CONNECTION, ConnectionMinor.NO_SPACE, NO_SPACE_TEXT));
      } else {
        this.stats.errorRepliesSuppressed += 1;
      }
      return;
    }
    if (this.#halfOpen.size >= this.#options.maxHalfOpen) this.#evictOldestHalfOpen();
    const meta = this.#add(new Connection(this.#context, from, 'server', now));
    this.#halfOpen.add(meta.connection);
    this.stats.handshakesStarted += 1;
    meta.connection.acceptClientAuth(now, auth);
    this.#afterInput(meta);
  }

  /** Rate limit, repeat and byte budget checks for an AUTH that would start a handshake (counted in stats). */
  #admitted(now: number, from: Address): boolean {
    const verdict = this.#admission.admit(now, from, ADMISSION_BYTES);
    if (verdict === 'admit') return true;
    if (verdict === 'repeat') this.stats.authRepeatsIgnored += 1;
    else if (verdict === 'rateLimited') this.stats.authRateLimited += 1;
    else this.stats.authBudgetDropped += 1;
    return false;
  }

  /** Seats taken: peers that joined (half-open handshakes never take one). */
  #seatsTaken(): number {
    return this.#connections.size - this.#halfOpen.size;
  }

  /** A full table evicts its oldest handshake rather than refusing the new one, so spoofed AUTHs cannot hold it. */
  #evictOldestHalfOpen(): void {
    const oldest = this.#halfOpen.values().next().value;
    if (oldest === undefined) return;
    this.#halfOpen.delete(oldest);
    this.stats.halfOpenEvicted += 1;
    const meta = this.#connections.get(oldest.peer);
    if (meta === undefined) return;
    // Never answered (still validating): its resent AUTH deserves an answer.
    if (meta.validationId !== undefined) this.#admission.forget(oldest.peer);
    this.#forget(meta);
  }

  /**
   * Seats are checked again when a certificate validates and when the Finished arrives: the last seat (or the
   * account's seat) may have gone to another handshake meanwhile. Refuses with NO_SPACE (sequence 0) and
   * forgets the peer when there is none; true when it refused.
   */
  #refuseIfNoSeat(meta: ConnectionMeta, accountId: AccountId | null): boolean {
    let text: Uint8Array;
    if (this.#seatsTaken() >= this.#options.maxClients) {
      this.stats.noSpaceRefused += 1;
      text = NO_SPACE_TEXT;
    } else if (accountId !== null && this.#accountSeats(accountId) >= this.#options.maxPeersPerAccount) {
      this.stats.accountSeatRefused += 1;
      text = ACCOUNT_SEAT_TEXT;
    } else {
      return false;
    }
    const peer = meta.connection.peer;
    this.stats.handshakesFailed += 1;
    this.#transmit(peer, encodeError(0, ErrorMajor.CONNECTION, ConnectionMinor.NO_SPACE, text));
    this.#forget(meta);
    this.#maybeClosed();
    return true;
  }

  /**
   * A validated AUTH is about to cost an ECDH and a full AUTH + Finished to an address that has not shown it can
   * receive: only with a seat free and the rest of its reply in the byte budget (admission took a refusal's worth).
   */
  #mayAnswer(now: number, meta: ConnectionMeta, accountId: AccountId | null): boolean {
    if (this.#refuseIfNoSeat(meta, accountId)) return false;
    if (this.#admission.spendUnvalidated(now, this.#replyEstimate - ADMISSION_BYTES)) return true;
    this.stats.authBudgetDropped += 1;
    this.#admission.forget(meta.connection.peer); // never answered: its resent AUTH may be
    this.#forget(meta);
    this.#maybeClosed();
    return false;
  }

  /** Joined peers of one account (only counted when maxPeersPerAccount is finite: lobbies are small). */
  #accountSeats(accountId: AccountId): number {
    if (this.#options.maxPeersPerAccount === Number.POSITIVE_INFINITY) return 0;
    let seats = 0;
    for (const { connection } of this.#connections.values())
      if (connection.joined && connection.accountId === accountId) seats += 1;
    return seats;
  }

  #resetPeer(now: number, meta: ConnectionMeta, auth: AuthPacket): void {
    const connection = meta.connection;
    this.#forget(meta);
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
    const due = new Set<ConnectionMeta>();
    for (let top = this.#timers.peek(); top !== undefined && top.deadline <= now; top = this.#timers.peek()) {
      this.#timers.pop();
      due.add(top.key);
    }
    for (const meta of due) {
      meta.scheduledAt = undefined;
      const connection = meta.connection;
      if (this.#connections.get(connection.peer) !== meta) continue;
      try {
        connection.handleTimeout(now);
      } catch (error) {
        this.#internalError(error, connection.peer);
      }
      this.#afterInput(meta);
    }
  }

  /**
   * Queue an application message. `flags` are Flag bits (RELIABLE, CHECKSUM, COMPRESSED, ENCRYPTED; FRAG is
   * added when the message needs more than one datagram). RELIABLE messages beyond the in-flight window wait
   * in a bounded queue.
   * @throws NotConnectedError, MessageTooLargeError, SendQueueFullError, FlagsError (undefined flag bits).
   */
  send(now: number, to: Address, payload: Uint8Array, flags: number): void {
    const meta = this.#connections.get(to);
    if (meta === undefined || !meta.connection.isConnected) throw new NotConnectedError({ peer: to });
    try {
      meta.connection.send(now, payload, flags);
    } finally {
      this.#afterInput(meta);
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
      const meta = this.#connections.get(peer);
      if (meta === undefined) return;
      meta.connection.beginClose(now, minor);
      this.#afterInput(meta);
      return;
    }
    if (this.#closed) {
      this.#emit({ type: 'closed' });
      return;
    }
    if (this.#closing) return;
    this.#closing = true;
    for (const meta of [...this.#connections.values()]) {
      meta.connection.beginClose(now, minor);
      this.#afterInput(meta);
    }
    this.#maybeClosed();
  }

  /** Answer a 'validateCertificate' event. Unknown or stale request ids are ignored. Never throws. */
  completeCertificateValidation(now: number, requestId: number, result: CertificateValidationResult): void {
    const meta = this.#validations.get(requestId);
    if (meta === undefined) return;
    this.#validations.delete(requestId);
    meta.validationId = undefined;
    // Refused or over budget: the peer is forgotten, nothing else to do for it.
    if (this.#options.role === 'server' && result.valid && !this.#mayAnswer(now, meta, result.accountId))
      return;
    try {
      meta.connection.completeValidation(now, result);
    } catch (error) {
      this.#internalError(error, meta.connection.peer);
    }
    this.#afterInput(meta);
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
      if (this.#connections.get(top.key.connection.peer) === top.key) return top.deadline;
      this.#timers.pop(); // the connection is gone
    }
    return undefined;
  }

  // ---- outputs and bookkeeping ----

  #transmit(to: Address, datagram: Uint8Array): void {
    if (!this.#transmits.push({ to, datagram })) this.stats.transmitsDropped += 1;
  }

  #emit(event: EndpointEvent): void {
    if (!this.#events.push(event)) this.stats.eventsDropped += 1;
  }

  #add(connection: Connection): ConnectionMeta {
    const meta: ConnectionMeta = { connection, scheduledAt: undefined, validationId: undefined };
    this.#connections.set(connection.peer, meta);
    return meta;
  }

  #requestValidation(meta: ConnectionMeta, certificate: Uint8Array): void {
    const requestId = this.#nextRequestId++;
    meta.validationId = requestId;
    this.#validations.set(requestId, meta);
    this.#emit({ type: 'validateCertificate', requestId, peer: meta.connection.peer, certificate });
  }

  #connectionEnded(meta: ConnectionMeta, reason: PaperclipError, local: boolean): void {
    const connection = meta.connection;
    this.#forget(meta);
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

  #forget(meta: ConnectionMeta): void {
    const connection = meta.connection;
    if (this.#connections.get(connection.peer) === meta) this.#connections.delete(connection.peer);
    this.#halfOpen.delete(connection);
    this.#ackOwed.delete(connection);
    if (meta.validationId !== undefined) this.#validations.delete(meta.validationId);
    meta.validationId = undefined;
  }

  #maybeClosed(): void {
    if (this.#closing && this.#connections.size === 0 && !this.#closed) {
      this.#closed = true;
      this.#closing = false;
      this.#emit({ type: 'closed' });
    }
  }

  /** After any call into a connection: act on its signals, then update the half-open set and its timer. */
  #afterInput(meta: ConnectionMeta): void {
    const connection = meta.connection;
    for (let signal = connection.pollEndpointSignal(); signal; signal = connection.pollEndpointSignal()) {
      if (signal.type === 'ackOwed') this.#ackOwed.add(connection);
      else if (signal.type === 'validate') this.#requestValidation(meta, signal.certificate);
      else this.#connectionEnded(meta, signal.reason, signal.local);
    }
    // Joined: it proved its address, so a later handshake from it (a restart) is answered again.
    if (connection.joined && this.#halfOpen.delete(connection)) this.#admission.forget(connection.peer);
    if (this.#connections.get(connection.peer) !== meta) return;
    const next = connection.nextTimeout();
    if (next === undefined) return;
    if (meta.scheduledAt === undefined || next < meta.scheduledAt) {
      meta.scheduledAt = next;
      this.#timers.push(next, meta);
    }
  }

  /** A bug, not bad input: report it as an event instead of letting it escape into the driver's receive loop. */
  #internalError(error: unknown, peer: Address): void {
    const wrapped = error instanceof PaperclipError ? error : new InternalError(undefined, { cause: error });
    this.#emit({ type: 'error', peer, error: wrapped });
  }
}

/** A handshake ACK carrying data: the peer's Finished. */
function isFinished(packet: Packet): boolean {
  return packet.type === PacketType.ACK && packet.data.length > 0;
}

function isNewKey(known: Uint8Array | undefined, received: Uint8Array): boolean {
  if (known === undefined) return false;
  if (known.length !== received.length) return true;
  for (let i = 0; i < known.length; i++) if (known[i] !== received[i]) return true;
  return false;
}
