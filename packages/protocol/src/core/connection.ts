// One peer of an Endpoint: routes its packets to the handshake, reliability, heartbeat and close logic (sans-IO).
import type { AccountId } from '../peer/account-id.ts';
import { HeartbeatKind, PacketType } from '../wire/constants.ts';
import {
  ClientDisconnectError,
  DisconnectMinor,
  ErrorMajor,
  errorFromCodes,
  PacketError,
  type PaperclipError,
  ServerDisconnectError,
} from '../wire/errors.ts';
import type { AckPacket, AuthPacket, DefaultPacket, ErrorPacket, Packet } from '../wire/packet.ts';
import { ConnectionState } from './connection-state.ts';
import { encodeError, encodeHeartbeat } from './control-packets.ts';
import type { Address, ResolvedEndpointOptions } from './endpoint-options.ts';
import { ACK_OWED, type EndpointSignal } from './endpoint-signal.ts';
import { HeartbeatTimeoutError, PeerUnresponsiveError } from './errors.ts';
import {
  type CertificateValidationResult,
  countMalformed,
  type EndpointEvent,
  type EndpointStats,
} from './events.ts';
import { Handshake, type HandshakeOutcome, HandshakePhase } from './handshake.ts';
import { Heartbeat, HeartbeatAction } from './heartbeat.ts';
import { LossRecovery } from './loss-recovery.ts';
import { type Delivery, MessageReceiver } from './message-receiver.ts';
import { MessageSender } from './message-sender.ts';
import { PlaintextGate } from './plaintext-policy.ts';
import { ReceiveWindow } from './receive-window.ts';
import { RttEstimator } from './rtt-estimator.ts';
import { SendWindow } from './send-window.ts';
import { sequenceAdd } from './sequence.ts';
import { earliestDeadline } from './timer-heap.ts';

const TEXT = new TextEncoder();

/** What a Connection is given by its Endpoint: shared options and counters, and its two outputs. */
export interface ConnectionContext {
  readonly options: ResolvedEndpointOptions;
  readonly stats: EndpointStats;
  /** Queue one datagram for the driver. */
  readonly transmit: (to: Address, datagram: Uint8Array) => void;
  /** Queue one application event. */
  readonly emit: (event: EndpointEvent) => void;
}

/**
 * The per-peer state machine. The Endpoint routes decoded packets here; this class never sees other peers.
 * It coordinates its parts: the Handshake (the only user of the HandshakeSuite), the version-independent
 * reliability pieces (ReceiveWindow, MessageReceiver, SendWindow, RttEstimator, LossRecovery, MessageSender)
 * and the server's Heartbeat. The parts hold no reference to it: they take values and closures and return
 * what they decided. It is the only writer of its state, liveness, sequence counter and close, and it asks its
 * Endpoint for anything else through {@link EndpointSignal}s, drained with `pollEndpointSignal()` after each
 * input (quinn-proto's `poll_endpoint_events`).
 */
export class Connection {
  readonly peer: Address;
  readonly role: 'server' | 'client';
  readonly createdAt: number;
  readonly #context: ConnectionContext;
  /** context.transmit bound to this peer, shared by every part (one closure, no copy per datagram). */
  readonly #transmit: (datagram: Uint8Array) => void;
  /** Rare signals (validate, ended), in order. */
  readonly #signals: EndpointSignal[] = [];
  /** The hot one (every RELIABLE message) is a flag, not a queue entry: no array churn per message. */
  #ackOwedSignal = false;
  #state: ConnectionState = ConnectionState.HANDSHAKING;
  /** Reached CONNECTED at some point (a clientJoin/connect was emitted). */
  #joined = false;
  #lastHeardAt: number;
  #nextSequence = 0;
  readonly #received = new ReceiveWindow();
  readonly #inFlight: SendWindow;
  readonly #rtt: RttEstimator;
  readonly #sender: MessageSender;
  readonly #recovery: LossRecovery;
  readonly #receiver: MessageReceiver;
  readonly #handshake: Handshake;
  readonly #heartbeat: Heartbeat;
  readonly #plaintext: PlaintextGate;
  #closeDeadline: number | undefined;
  #closeMinor: number = DisconnectMinor.DISCONNECT;

  constructor(context: ConnectionContext, peer: Address, role: 'server' | 'client', now: number) {
    const { options, stats } = context;
    this.#context = context;
    this.peer = peer;
    this.role = role;
    this.createdAt = now;
    this.#lastHeardAt = now;
    const transmit = (datagram: Uint8Array) => context.transmit(peer, datagram);
    this.#transmit = transmit;
    const sequence = () => this.#takeSequence();
    this.#inFlight = new SendWindow(options.maxInFlight);
    this.#rtt = new RttEstimator(options);
    this.#recovery = new LossRecovery(this.#inFlight, this.#rtt, options, stats, transmit);
    this.#receiver = new MessageReceiver({ options, stats, received: this.#received, sequence, transmit });
    this.#sender = new MessageSender({
      options,
      window: this.#inFlight,
      rtt: this.#rtt,
      stats,
      nextSequence: sequence,
      transmit,
    });
    const suite = options.handshakeSuite;
    const received = this.#received;
    this.#handshake = new Handshake(
      { role, options, suite, rtt: this.#rtt, received, stats, sequence, send: transmit },
      now,
    );
    this.#heartbeat = new Heartbeat(options);
    this.#plaintext = new PlaintextGate(options.plaintextPolicy);
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
    return this.#state === ConnectionState.HANDSHAKING;
  }

  /** Reached CONNECTED at some point (a clientJoin/connect was emitted). */
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

  /** Server: the account id the validator gave this peer's certificate (null until then, and on a client). */
  get accountId(): AccountId | null {
    return this.#handshake.accountId;
  }

  /** Next message for the Endpoint, or undefined; the Endpoint drains these after every input. */
  pollEndpointSignal(): EndpointSignal | undefined {
    // ACKs first: an 'ended' after them makes the Endpoint forget the connection, ACK bookkeeping included.
    if (this.#ackOwedSignal) {
      this.#ackOwedSignal = false;
      return ACK_OWED;
    }
    return this.#signals.length === 0 ? undefined : this.#signals.shift();
  }

  // ---- handshake (see handshake.ts) ----

  /** Client: generate our ephemeral key and send AUTH (sequence 0). */
  startClientHandshake(now: number): void {
    this.#handshake.startClient(now);
  }

  /** Server: a first AUTH from this peer; ask the driver to validate its certificate. */
  acceptClientAuth(now: number, auth: AuthPacket): void {
    this.#lastHeardAt = now;
    this.#received.observe(auth.sequenceId);
    this.#apply(now, this.#handshake.acceptClientAuth(auth));
  }

  /** The driver's answer for our pending validateCertificate event. */
  completeValidation(now: number, result: CertificateValidationResult): void {
    if (this.#state === ConnectionState.CLOSED) return;
    this.#apply(now, this.#handshake.completeValidation(now, result));
  }

  /** Acts on what the handshake decided. False when the connection ended. */
  #apply(now: number, outcome: HandshakeOutcome): boolean {
    switch (outcome.kind) {
      case 'none':
        return true;
      case 'validate':
        this.#signals.push({ type: 'validate', certificate: outcome.certificate });
        return true;
      case 'connected':
        this.#state = ConnectionState.CONNECTED;
        this.#joined = true;
        this.#context.stats.handshakesCompleted += 1;
        if (this.role === 'server') {
          this.#context.emit({ type: 'clientJoin', peer: this.peer, accountId: this.#handshake.accountId });
        } else {
          this.#context.emit({ type: 'connect', peer: this.peer });
        }
        return true;
      case 'failed':
        this.#context.stats.handshakesFailed += 1;
        this.#terminate(now, outcome.reason);
        return false;
    }
  }

  // ---- receive path ----

  /** A decoded packet from this peer (the Endpoint has already filtered by handshake state). */
  handlePacket(now: number, packet: Packet): void {
    this.#lastHeardAt = now;
    if (this.#state === ConnectionState.CLOSED) return;
    switch (packet.type) {
      case PacketType.AUTH:
        this.#received.observe(packet.sequenceId);
        this.#apply(now, this.#handshake.handleAuth(now, packet));
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
        if (this.role === 'client') this.#handshake.noteServerProgress();
        if (packet.heartbeat === HeartbeatKind.PING && this.#handshake.phase !== HandshakePhase.AUTH_SENT) {
          this.#transmit(encodeHeartbeat(this.#takeSequence(), HeartbeatKind.PONG));
          this.#context.stats.pongsSent += 1;
        }
        return;
      case PacketType.ERROR:
        this.#received.observe(packet.sequenceId);
        this.#handleError(now, packet);
        return;
    }
  }

  #handleAck(now: number, ack: AckPacket): void {
    this.#context.stats.acksReceived += 1;
    if (ack.data.length > 0 && ack.ackId === this.#handshake.ourAuthSequence) {
      this.#apply(now, this.#handshake.handleFinishedAck(ack));
    } else if (this.role === 'client') {
      this.#handshake.noteServerProgress();
    }
    this.#recovery.onAck(now, ack.ackId, ack.ackBits);
    this.#sender.pump(now, this.#handshake.cipher);
  }

  #handleDefault(now: number, packet: DefaultPacket): void {
    if (!this.#joined || this.#state === ConnectionState.CLOSED) {
      this.#context.stats.droppedUnexpected += 1;
      return;
    }
    if (!this.#plaintext.admits(packet.flags)) {
      this.#context.stats.plaintextDropped += 1;
      return;
    }
    if (this.role === 'client') this.#handshake.noteServerProgress();
    let delivery: Delivery | undefined;
    try {
      delivery = this.#receiver.deliver(now, packet, this.#handshake.cipher);
    } catch (error) {
      if (!(error instanceof PacketError)) throw error;
      this.reportMalformed(now, error);
      return;
    }
    if (delivery === undefined) return;
    if (delivery.ackOwed) this.#ackOwedSignal = true;
    if (delivery.data !== undefined) {
      this.#plaintext.noteDelivered(packet.flags);
      this.#context.emit({ type: 'data', peer: this.peer, data: delivery.data, flags: packet.flags });
    }
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
      if (this.role === 'server') this.#context.stats.handshakesFailed += this.isHalfOpen ? 1 : 0;
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
    this.#context.emit({ type: 'error', peer: this.peer, error });
  }

  /** Counts and reports a malformed datagram from this peer; answers ERROR PACKET/<minor> unless closed. */
  reportMalformed(now: number, error: PacketError): void {
    countMalformed(this.#context.stats, error);
    this.#context.emit({ type: 'error', peer: this.peer, error });
    if (this.#state === ConnectionState.CLOSED) return;
    this.#receiver.replyMalformed(now, error);
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
      next = earliestDeadline(next, this.#heartbeat.due(this.#lastHeardAt));
    return next;
  }

  handleTimeout(now: number): void {
    if (this.#state === ConnectionState.CLOSED) return;
    if (!this.#apply(now, this.#handshake.handleTimeout(now))) return;
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
    this.#terminate(now, new PeerUnresponsiveError({ retransmissions: exhausted }));
    return false;
  }

  /** Server heartbeat: ping an idle peer, drop a silent one. False when the peer was dropped. */
  #checkHeartbeat(now: number): boolean {
    const action = this.#heartbeat.check(now, this.#lastHeardAt);
    if (action === HeartbeatAction.TIMED_OUT) {
      this.#terminate(now, new HeartbeatTimeoutError({ idleMs: Math.round(now - this.#lastHeardAt) }));
      return false;
    }
    if (action === HeartbeatAction.PING) {
      this.#context.stats.pingsSent += 1;
      this.#transmit(encodeHeartbeat(this.#takeSequence(), HeartbeatKind.PING));
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
    this.#handshake.stopResending();
    this.#closeDeadline = now + this.#context.options.closeTimeoutMs;
    if (this.#inFlight.size === 0 && this.#sender.queued === 0) this.#finishClose(now);
  }

  #finishClose(now: number): void {
    const minor = this.#closeMinor;
    const text = minor === DisconnectMinor.CLIENT_DISCONNECT ? 'client closed' : 'server closed';
    this.#transmit(encodeError(this.#takeSequence(), ErrorMajor.DISCONNECT, minor, TEXT.encode(text)));
    const reason: PaperclipError =
      minor === DisconnectMinor.CLIENT_DISCONNECT
        ? new ClientDisconnectError('We closed the connection.')
        : new ServerDisconnectError('The server closed the connection.');
    this.#terminate(now, reason, true);
  }

  /** Ends the connection and signals it; the Endpoint reports it (clientLeave / disconnect) and forgets it. */
  #terminate(_now: number, reason: PaperclipError, local = false): void {
    if (this.#state === ConnectionState.CLOSED) return;
    this.#state = ConnectionState.CLOSED;
    this.#inFlight.clear();
    this.#recovery.clear();
    this.#sender.clear();
    this.#receiver.clearAcks();
    this.#ackOwedSignal = false;
    this.#signals.push({ type: 'ended', reason, local });
  }

  #takeSequence(): number {
    const sequence = this.#nextSequence;
    this.#nextSequence = sequenceAdd(sequence, 1);
    return sequence;
  }
}
