// One peer of an Endpoint: routes its packets to the handshake, reliability, heartbeat and close logic (sans-IO).
import { HeartbeatKind, PacketType } from '../wire/constants.ts';
import {
  ClientDisconnectError,
  DisconnectMinor,
  ErrorMajor,
  errorFromCodes,
  type PacketError,
  type PaperclipError,
  ServerDisconnectError,
} from '../wire/errors.ts';
import type { AckPacket, AuthPacket, DefaultPacket, ErrorPacket, Packet } from '../wire/packet.ts';
import type { ConnectionHost } from './connection-host.ts';
import { ConnectionState } from './connection-state.ts';
import { encodeError, encodeHeartbeat } from './control-packets.ts';
import type { Address } from './endpoint-options.ts';
import { HeartbeatTimeoutError, PeerUnresponsiveError } from './errors.ts';
import type { CertificateValidationResult } from './events.ts';
import { Handshake } from './handshake.ts';
import { Heartbeat, HeartbeatAction } from './heartbeat.ts';
import { LossRecovery } from './loss-recovery.ts';
import { MessageReceiver } from './message-receiver.ts';
import { MessageSender } from './message-sender.ts';
import { ReceiveWindow } from './receive-window.ts';
import { RttEstimator } from './rtt-estimator.ts';
import { SendWindow } from './send-window.ts';
import { sequenceAdd } from './sequence.ts';
import { earliestDeadline } from './timer-heap.ts';

const TEXT = new TextEncoder();

/**
 * The per-peer state machine. The Endpoint routes decoded packets here; this class never sees other peers.
 * It coordinates its parts: the Handshake (the only user of the HandshakeSuite), the version-independent
 * reliability pieces (ReceiveWindow, MessageReceiver, SendWindow, RttEstimator, LossRecovery, MessageSender)
 * and the server's Heartbeat. It owns the state, the sequence counter and the close.
 */
export class Connection {
  readonly peer: Address;
  readonly role: 'server' | 'client';
  readonly createdAt: number;
  #state: ConnectionState;
  readonly #host: ConnectionHost;
  #nextSequence = 0;
  readonly #received = new ReceiveWindow();
  readonly #inFlight: SendWindow;
  readonly #rtt: RttEstimator;
  readonly #sender: MessageSender;
  readonly #recovery: LossRecovery;
  readonly #receiver: MessageReceiver;
  readonly #handshake: Handshake;
  readonly #heartbeat: Heartbeat;
  validationRequestId: number | undefined;
  accountId: string | number | null = null;
  // liveness
  lastHeardAt: number;
  // close
  #closeDeadline: number | undefined;
  #closeMinor: number = DisconnectMinor.DISCONNECT;
  /** Timer bookkeeping for the Endpoint's TimerHeap. */
  scheduledAt: number | undefined;

  constructor(host: ConnectionHost, peer: Address, role: 'server' | 'client', now: number) {
    const options = host.options;
    this.#host = host;
    this.peer = peer;
    this.role = role;
    this.createdAt = now;
    this.lastHeardAt = now;
    this.#state = role === 'client' ? ConnectionState.AUTH_SENT : ConnectionState.VALIDATING;
    this.#inFlight = new SendWindow(options.maxInFlight);
    this.#rtt = new RttEstimator(options);
    this.#recovery = new LossRecovery(this.#inFlight, this.#rtt, options, host.stats, (datagram) =>
      host.transmit(peer, datagram),
    );
    const takeSequence = () => this.#takeSequence();
    this.#receiver = new MessageReceiver(host, this, this.#received, takeSequence);
    this.#sender = new MessageSender({
      options,
      window: this.#inFlight,
      rtt: this.#rtt,
      stats: host.stats,
      nextSequence: takeSequence,
      transmit: (datagram) => host.transmit(peer, datagram),
    });
    this.#handshake = new Handshake(
      {
        host,
        connection: this,
        received: this.#received,
        rtt: this.#rtt,
        takeSequence,
        enter: (state) => this.#enter(state),
        terminate: (at, reason) => this.#terminate(at, reason),
      },
      now,
    );
    this.#heartbeat = new Heartbeat(options);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Handshake complete and not closing. */
  get isConnected(): boolean {
    return this.#state === ConnectionState.CONNECTED;
  }

  /** Handshake still running (the server counts these against maxHalfOpen). */
  get isHalfOpen(): boolean {
    return (
      this.#state === ConnectionState.AUTH_SENT ||
      this.#state === ConnectionState.VALIDATING ||
      this.#state === ConnectionState.AWAIT_FINISHED
    );
  }

  /** Reached CONNECTED at some point (a clientJoin/connect was emitted). */
  #joined = false;
  get joined(): boolean {
    return this.#joined;
  }

  /** Smoothed RTT estimate in ms (undefined before the first sample). */
  get smoothedRtt(): number | undefined {
    return this.#rtt.smoothedRtt;
  }

  /** The peer's public key from its AUTH (server: used to recognise a resent AUTH). */
  get peerPublicKey(): Uint8Array | undefined {
    return this.#handshake.peerPublicKey;
  }

  // ---- handshake (see handshake.ts) ----

  /** Client: generate our ephemeral key and send AUTH (sequence 0). */
  startClientHandshake(now: number): void {
    this.#handshake.startClient(now);
  }

  /** Server: a first AUTH from this peer; ask the driver to validate its certificate. */
  acceptClientAuth(now: number, auth: AuthPacket): void {
    this.#handshake.acceptClientAuth(now, auth);
  }

  /** The driver's answer for our pending validateCertificate event. */
  completeValidation(now: number, result: CertificateValidationResult): void {
    this.#handshake.completeValidation(now, result);
  }

  #enter(state: ConnectionState): void {
    this.#state = state;
    if (state === ConnectionState.CONNECTED) this.#joined = true;
  }

  // ---- receive path ----

  /** A decoded packet from this peer (the Endpoint has already filtered by handshake state). */
  handlePacket(now: number, packet: Packet): void {
    this.lastHeardAt = now;
    if (this.#state === ConnectionState.CLOSED) return;
    switch (packet.type) {
      case PacketType.AUTH:
        this.#received.observe(packet.sequenceId);
        this.#handshake.handleAuth(now, packet);
        return;
      case PacketType.ACK:
        this.#received.observe(packet.sequenceId);
        this.#handleAck(now, packet);
        return;
      case PacketType.DEFAULT:
        this.#handleDefault(now, packet);
        return;
      case PacketType.HEARTBEAT:
        this.#received.observe(packet.sequenceId);
        if (this.role === 'client') this.#handshake.serverConfirmed = true;
        if (packet.heartbeat === HeartbeatKind.PING && this.#state !== ConnectionState.AUTH_SENT) {
          this.#host.transmit(this.peer, encodeHeartbeat(this.#takeSequence(), HeartbeatKind.PONG));
          this.#host.stats.pongsSent += 1;
        }
        return;
      case PacketType.ERROR:
        this.#received.observe(packet.sequenceId);
        this.#handleError(now, packet);
        return;
    }
  }

  #handleAck(now: number, ack: AckPacket): void {
    this.#host.stats.acksReceived += 1;
    if (ack.data.length > 0 && ack.ackId === this.#handshake.ourAuthSequence) {
      this.#handshake.handleFinishedAck(now, ack);
    } else if (this.role === 'client') {
      this.#handshake.serverConfirmed = true;
    }
    this.#recovery.onAck(now, ack.ackId, ack.ackBits);
    this.#sender.pump(now, this.#handshake.cipher);
  }

  #handleDefault(now: number, packet: DefaultPacket): void {
    if (!this.#joined || this.#state === ConnectionState.CLOSED) {
      this.#host.stats.droppedUnexpected += 1;
      return;
    }
    if (this.role === 'client') this.#handshake.serverConfirmed = true;
    this.#receiver.deliver(now, packet, this.#handshake.cipher);
  }

  /** Sends the ACKs owed, coalescing up to 17 sequence ids per ACK through the ack bits. */
  flushAcks(): void {
    if (this.#state === ConnectionState.CLOSED) this.#receiver.clearAcks();
    else this.#receiver.flushAcks();
  }

  #handleError(now: number, packet: ErrorPacket): void {
    const text = new TextDecoder().decode(packet.data);
    const error = errorFromCodes(packet.major, packet.minor, text.length > 0 ? text : undefined);
    if (packet.major === ErrorMajor.CONNECTION) {
      if (this.role === 'server') this.#host.stats.handshakesFailed += this.isHalfOpen ? 1 : 0;
      this.#terminate(now, error);
      return;
    }
    if (packet.major === ErrorMajor.DISCONNECT) {
      // Each side ignores the other side's own kind, as udp/server.py and udp/client.py do.
      const ignored =
        this.role === 'server' ? DisconnectMinor.SERVER_DISCONNECT : DisconnectMinor.CLIENT_DISCONNECT;
      if (packet.minor !== ignored) this.#terminate(now, error);
      return;
    }
    this.#host.emit({ type: 'error', peer: this.peer, error });
  }

  /** Counts a malformed datagram from this peer and answers ERROR PACKET/<minor>, at most once per interval. */
  reportMalformed(now: number, error: PacketError): void {
    this.#receiver.reportMalformed(now, error);
  }

  // ---- send path ----

  /** Queues or sends one application message. Throws typed errors (not connected, too large, queue full). */
  send(now: number, payload: Uint8Array, flags: number): void {
    this.#sender.send(now, payload, flags, this.#handshake.cipher);
  }

  // ---- timers ----

  /** Earliest time this connection needs handleTimeout, undefined when idle. */
  nextTimeout(): number | undefined {
    if (this.#state === ConnectionState.CLOSED) return undefined;
    let next = this.#handshake.nextDeadline();
    next = earliestDeadline(next, this.#inFlight.nextDeadline());
    next = earliestDeadline(next, this.#receiver.nextDeadline());
    next = earliestDeadline(next, this.#closeDeadline);
    if (this.role === 'server' && this.#state === ConnectionState.CONNECTED)
      next = earliestDeadline(next, this.#heartbeat.due(this.lastHeardAt));
    return next;
  }

  handleTimeout(now: number): void {
    if (this.#state === ConnectionState.CLOSED) return;
    if (!this.#handshake.handleTimeout(now)) return;
    this.#receiver.expire(now);
    if (!this.#retransmitDue(now)) return;
    if (this.role === 'server' && this.#state === ConnectionState.CONNECTED && !this.#checkHeartbeat(now))
      return;
    if (this.#state === ConnectionState.CLOSING) {
      this.#sender.pump(now, this.#handshake.cipher);
      if ((this.#inFlight.size === 0 && this.#sender.queued === 0) || now >= this.#closeDeadline!) {
        this.#finishClose(now);
      }
    }
  }

  /** Retransmits due reliable messages; false when the peer is declared unresponsive (connection ended). */
  #retransmitDue(now: number): boolean {
    const exhausted = this.#recovery.retransmitDue(now);
    if (exhausted === undefined) return true;
    this.#terminate(now, new PeerUnresponsiveError(exhausted));
    return false;
  }

  /** Server heartbeat: ping an idle peer, drop a silent one. False when the peer was dropped. */
  #checkHeartbeat(now: number): boolean {
    const action = this.#heartbeat.check(now, this.lastHeardAt);
    if (action === HeartbeatAction.TIMED_OUT) {
      this.#terminate(now, new HeartbeatTimeoutError(now - this.lastHeardAt));
      return false;
    }
    if (action === HeartbeatAction.PING) {
      this.#host.stats.pingsSent += 1;
      this.#host.transmit(this.peer, encodeHeartbeat(this.#takeSequence(), HeartbeatKind.PING));
    }
    return true;
  }

  // ---- close ----

  /**
   * Graceful close: wait (bounded by closeTimeoutMs) for in-flight reliable messages, then send
   * DISCONNECT/<minor> once. Half-open handshakes are told at once.
   */
  beginClose(now: number, minor: number): void {
    if (this.#state === ConnectionState.CLOSED || this.#state === ConnectionState.CLOSING) return;
    this.#closeMinor = minor;
    if (!this.#joined) {
      this.#finishClose(now);
      return;
    }
    this.#state = ConnectionState.CLOSING;
    this.#closeDeadline = now + this.#host.options.closeTimeoutMs;
    if (this.#inFlight.size === 0 && this.#sender.queued === 0) this.#finishClose(now);
  }

  #finishClose(now: number): void {
    const minor = this.#closeMinor;
    const text = minor === DisconnectMinor.CLIENT_DISCONNECT ? 'client closed' : 'server closed';
    this.#host.transmit(
      this.peer,
      encodeError(this.#takeSequence(), ErrorMajor.DISCONNECT, minor, TEXT.encode(text)),
    );
    const reason: PaperclipError =
      minor === DisconnectMinor.CLIENT_DISCONNECT
        ? new ClientDisconnectError('We closed the connection.')
        : new ServerDisconnectError('The server closed the connection.');
    this.#terminate(now, reason, true);
  }

  /** Ends the connection: reports it (clientLeave / disconnect) and tells the endpoint to forget it. */
  #terminate(_now: number, reason: PaperclipError, local = false): void {
    if (this.#state === ConnectionState.CLOSED) return;
    this.#state = ConnectionState.CLOSED;
    this.#inFlight.clear();
    this.#recovery.clear();
    this.#sender.clear();
    this.#receiver.clearAcks();
    this.#host.connectionEnded(this, reason, local);
  }

  #takeSequence(): number {
    const sequence = this.#nextSequence;
    this.#nextSequence = sequenceAdd(sequence, 1);
    return sequence;
  }
}
