// One peer of an Endpoint: the v0 handshake, reliability, heartbeat and disconnect state machine (sans-IO).
import type { EphemeralKeyPair, HandshakeSuite } from '../crypto/handshake-suite.ts';
import { Flag, HeartbeatKind, PacketType } from '../wire/constants.ts';
import {
  CertificateInvalidError,
  ClientDisconnectError,
  ConnectionMinor,
  DisconnectMinor,
  ErrorMajor,
  errorFromCodes,
  FinishInvalidError,
  HandshakeError,
  PacketError,
  type PaperclipError,
  ServerDisconnectError,
} from '../wire/errors.ts';
import type { AckPacket, AuthPacket, DefaultPacket, ErrorPacket, Packet } from '../wire/packet.ts';
import { FragmentReassembler } from '../wire/reassembly.ts';
import { SessionCipher } from '../wire/session-cipher.ts';
import { AckScheduler } from './ack-scheduler.ts';
import type { ConnectionHost } from './connection-host.ts';
import { encodeAck, encodeAuth, encodeError, encodeHeartbeat } from './control-packets.ts';
import type { Address } from './endpoint-options.ts';
import { HandshakeTimeoutError, HeartbeatTimeoutError, PeerUnresponsiveError } from './errors.ts';
import type { CertificateValidationResult } from './events.ts';
import { LossRecovery } from './loss-recovery.ts';
import { MessageSender } from './message-sender.ts';
import { ReceiveWindow } from './receive-window.ts';
import { RttEstimator } from './rtt-estimator.ts';
import { SendWindow } from './send-window.ts';
import { sequenceAdd } from './sequence.ts';

/** Where a connection is in its life. */
export const ConnectionState = {
  /** Client: AUTH sent, waiting for the server's AUTH. */
  AUTH_SENT: 'authSent',
  /** Waiting for the driver's certificate validation result. */
  VALIDATING: 'validating',
  /** Our AUTH/Finished is out; waiting for the peer's Finished. */
  AWAIT_FINISHED: 'awaitFinished',
  CONNECTED: 'connected',
  /** close() called: draining in-flight reliable messages before DISCONNECT. */
  CLOSING: 'closing',
  CLOSED: 'closed',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

const TEXT = new TextEncoder();
/** Handshake datagrams (not RELIABLE on the wire, as the seed) are resent at most this often. */
const MAX_HANDSHAKE_SENDS = 8;

/**
 * The per-peer state machine. The Endpoint routes decoded packets here; this class never sees other peers.
 * Reliability pieces (ReceiveWindow, SendWindow, RttEstimator, FragmentReassembler) are version-independent;
 * only the handshake uses the HandshakeSuite, so a v1 suite slots in without touching them.
 */
export class Connection {
  readonly peer: Address;
  readonly role: 'server' | 'client';
  readonly createdAt: number;
  #state: ConnectionState;
  readonly #host: ConnectionHost;
  readonly #suite: HandshakeSuite;
  #nextSequence = 0;
  readonly #received = new ReceiveWindow();
  readonly #inFlight: SendWindow;
  readonly #rtt: RttEstimator;
  readonly #reassembler: FragmentReassembler;
  readonly #sender: MessageSender;
  readonly #recovery: LossRecovery;
  readonly #acks = new AckScheduler();
  // handshake
  #keyPair: EphemeralKeyPair | undefined;
  #sessionKey: Uint8Array | undefined;
  /** AES contexts for #sessionKey, made once per session instead of once per packet. */
  #cipher: SessionCipher | undefined;
  #peerPublicKey: Uint8Array | undefined;
  #peerAuthSequence = 0;
  #ourAuthSequence = 0;
  /** Datagrams resent when the handshake stalls: client AUTH, server AUTH + Finished ACK, client Finished ACK. */
  #handshakeDatagrams: Uint8Array[] = [];
  #handshakeSends = 0;
  #handshakeResendAt: number | undefined;
  #handshakeDeadline: number | undefined;
  #peerFinished: Uint8Array | undefined;
  /** Client: the server has shown it finished its side (it sent data, a ping, or acked our data). */
  #serverConfirmed = false;
  validationRequestId: number | undefined;
  accountId: string | number | null = null;
  // liveness
  lastHeardAt: number;
  #lastPingAt: number | undefined;
  #lastErrorReplyAt = Number.NEGATIVE_INFINITY;
  // close
  #closeDeadline: number | undefined;
  #closeMinor: number = DisconnectMinor.DISCONNECT;
  /** Timer bookkeeping for the Endpoint's TimerHeap. */
  scheduledAt: number | undefined;

  constructor(host: ConnectionHost, peer: Address, role: 'server' | 'client', now: number) {
    const options = host.options;
    this.#host = host;
    this.#suite = host.suite;
    this.peer = peer;
    this.role = role;
    this.createdAt = now;
    this.lastHeardAt = now;
    this.#state = role === 'client' ? ConnectionState.AUTH_SENT : ConnectionState.VALIDATING;
    this.#inFlight = new SendWindow(options.maxInFlight);
    this.#rtt = new RttEstimator(options);
    this.#reassembler = new FragmentReassembler({
      maxPendingMessages: options.maxPendingFragmentedMessages,
      maxMessageBytes: options.maxMessageBytes,
      timeoutMs: options.fragmentTimeoutMs,
      copyFragments: !options.ownsReceivedDatagrams,
    });
    this.#recovery = new LossRecovery(this.#inFlight, this.#rtt, options, host.stats, (datagram) =>
      host.transmit(peer, datagram),
    );
    this.#sender = new MessageSender({
      options,
      window: this.#inFlight,
      rtt: this.#rtt,
      stats: host.stats,
      nextSequence: () => this.#takeSequence(),
      transmit: (datagram) => host.transmit(peer, datagram),
    });
    this.#handshakeDeadline = now + options.handshakeTimeoutMs;
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
    return this.#peerPublicKey;
  }

  // ---- handshake ----

  /** Client: generate our ephemeral key and send AUTH (sequence 0). */
  startClientHandshake(now: number): void {
    this.#keyPair = this.#suite.generateKeyPair(this.#host.options.randomBytes);
    this.#ourAuthSequence = this.#takeSequence();
    const auth = encodeAuth(this.#ourAuthSequence, this.#keyPair.publicKey, this.#host.options.certificate);
    this.#sendHandshake(now, [auth]);
  }

  /** Server: a first AUTH from this peer; ask the driver to validate its certificate. */
  acceptClientAuth(now: number, auth: AuthPacket): void {
    this.#received.observe(auth.sequenceId);
    this.#peerAuthSequence = auth.sequenceId;
    this.#peerPublicKey = auth.publicKey.slice();
    this.#state = ConnectionState.VALIDATING;
    this.lastHeardAt = now;
    this.#host.requestValidation(this, auth.certificate?.slice() ?? new Uint8Array(0));
  }

  /** The driver's answer for our pending validateCertificate event. */
  completeValidation(now: number, result: CertificateValidationResult): void {
    if (this.#state !== ConnectionState.VALIDATING) return;
    this.validationRequestId = undefined;
    if (!result.valid) {
      this.#refuseCertificate(now);
      return;
    }
    if (this.role === 'server') this.#serverAnswerAuth(now, result.accountId);
    else this.#clientSendFinished(now);
  }

  #refuseCertificate(now: number): void {
    const text = 'Invalid Certificate.';
    // The seed answers a refused client before it becomes a client record, hence sequence id 0 (quirk 11).
    const sequence = this.role === 'server' ? 0 : this.#takeSequence();
    this.#host.transmit(
      this.peer,
      encodeError(sequence, ErrorMajor.CONNECTION, ConnectionMinor.CERTIFICATE_INVALID, TEXT.encode(text)),
    );
    this.#host.stats.handshakesFailed += 1;
    this.#terminate(now, new CertificateInvalidError('The peer certificate was refused by the validator.'));
  }

  #serverAnswerAuth(now: number, accountId: string | number | null): void {
    const keyPair = this.#suite.generateKeyPair(this.#host.options.randomBytes);
    const sessionKey = keyPair.deriveSessionKey(this.#peerPublicKey ?? new Uint8Array(0));
    if (sessionKey === undefined) {
      this.#host.stats.handshakesFailed += 1;
      this.#terminate(now, new HandshakeError('The client sent an unusable ECDH public key.'));
      return;
    }
    this.#keyPair = keyPair;
    this.#sessionKey = sessionKey;
    this.#cipher = new SessionCipher(sessionKey);
    this.accountId = accountId;
    this.#ourAuthSequence = this.#takeSequence();
    const auth = encodeAuth(this.#ourAuthSequence, keyPair.publicKey, this.#host.options.certificate);
    // AUTH strictly before the Finished ACK: the seed client validates the Finished of the last packet it read.
    const finished = encodeAck(
      this.#takeSequence(),
      this.#peerAuthSequence,
      0,
      this.#suite.finished(sessionKey),
    );
    this.#state = ConnectionState.AWAIT_FINISHED;
    this.#sendHandshake(now, [auth, finished], false);
  }

  #clientSendFinished(now: number): void {
    const sessionKey = this.#sessionKey!;
    const finished = encodeAck(
      this.#takeSequence(),
      this.#peerAuthSequence,
      this.#received.ackBits(this.#peerAuthSequence),
      this.#suite.finished(sessionKey),
    );
    this.#state = ConnectionState.AWAIT_FINISHED;
    this.#sendHandshake(now, [finished]);
    if (this.#peerFinished !== undefined) this.#checkPeerFinished(now, this.#peerFinished);
  }

  /** Sends handshake datagrams now and (when `resend`) arms their resend timer. */
  #sendHandshake(now: number, datagrams: Uint8Array[], resend = true): void {
    this.#handshakeDatagrams = datagrams;
    this.#handshakeSends = 1;
    this.#handshakeResendAt = resend ? now + this.#rtt.rto : undefined;
    for (const datagram of datagrams) this.#host.transmit(this.peer, datagram);
  }

  /** Resends the stored handshake datagrams (answering a repeated AUTH, or on the client's timer). */
  #resendHandshake(now: number): void {
    this.#handshakeSends += 1;
    this.#host.stats.retransmissions += this.#handshakeDatagrams.length;
    for (const datagram of this.#handshakeDatagrams) this.#host.transmit(this.peer, datagram);
    if (this.#handshakeResendAt !== undefined) {
      const backoff = Math.min(this.#host.options.maxRtoMs, this.#rtt.rto * 2 ** (this.#handshakeSends - 1));
      this.#handshakeResendAt = this.#handshakeSends < MAX_HANDSHAKE_SENDS ? now + backoff : undefined;
    }
  }

  #checkPeerFinished(now: number, finished: Uint8Array): void {
    const sessionKey = this.#sessionKey;
    if (sessionKey === undefined) return;
    if (!this.#suite.verifyFinished(sessionKey, finished)) {
      this.#host.transmit(
        this.peer,
        encodeError(
          this.#takeSequence(),
          ErrorMajor.CONNECTION,
          ConnectionMinor.FINISH_INVALID,
          TEXT.encode('Invalid finish.'),
        ),
      );
      this.#host.stats.handshakesFailed += 1;
      this.#terminate(now, new FinishInvalidError('The peer Finished value does not match the session key.'));
      return;
    }
    this.#state = ConnectionState.CONNECTED;
    this.#joined = true;
    this.#handshakeDeadline = undefined;
    this.#host.stats.handshakesCompleted += 1;
    if (this.role === 'server') {
      this.#handshakeResendAt = undefined;
      this.#host.emit({ type: 'clientJoin', peer: this.peer, accountId: this.accountId });
    } else {
      // Keep resending our Finished until the server shows it has it (its loss would leave it half-open).
      this.#host.emit({ type: 'connect', peer: this.peer });
    }
  }

  #handleAuth(now: number, auth: AuthPacket): void {
    if (this.role === 'server') {
      // Same key again: our AUTH/Finished was lost, so send them again (the seed ignores it; harmless to it).
      if (this.#state === ConnectionState.AWAIT_FINISHED) this.#resendHandshake(now);
      return;
    }
    if (this.#state !== ConnectionState.AUTH_SENT) return; // a resent server AUTH; we already hold its key
    const sessionKey = this.#keyPair?.deriveSessionKey(auth.publicKey);
    if (sessionKey === undefined) {
      this.#host.stats.handshakesFailed += 1;
      this.#terminate(now, new HandshakeError('The server sent an unusable ECDH public key.'));
      return;
    }
    this.#sessionKey = sessionKey;
    this.#cipher = new SessionCipher(sessionKey);
    this.#peerAuthSequence = auth.sequenceId;
    this.#peerPublicKey = auth.publicKey.slice();
    this.#state = ConnectionState.VALIDATING;
    this.#handshakeResendAt = undefined;
    this.#host.requestValidation(this, auth.certificate?.slice() ?? new Uint8Array(0));
  }

  // ---- receive path ----

  /** A decoded packet from this peer (the Endpoint has already filtered by handshake state). */
  handlePacket(now: number, packet: Packet): void {
    this.lastHeardAt = now;
    if (this.#state === ConnectionState.CLOSED) return;
    switch (packet.type) {
      case PacketType.AUTH:
        this.#received.observe(packet.sequenceId);
        this.#handleAuth(now, packet);
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
        if (this.role === 'client') this.#serverConfirmed = true;
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
    if (ack.data.length > 0 && ack.ackId === this.#ourAuthSequence) {
      // A Finished ACK. Before we are done it completes the handshake; after, it means the peer lacks ours.
      const waitingForAuthOrValidation =
        this.#state === ConnectionState.AUTH_SENT || this.#state === ConnectionState.VALIDATING;
      if (waitingForAuthOrValidation && this.role === 'client') {
        this.#peerFinished = ack.data.slice();
      } else if (this.#state === ConnectionState.AWAIT_FINISHED) {
        this.#checkPeerFinished(now, ack.data);
      } else if (this.role === 'server' && this.#joined && this.#handshakeDatagrams.length === 2) {
        // A repeated client Finished: it may lack ours, so send it again.
        this.#host.transmit(this.peer, this.#handshakeDatagrams[1]!);
      }
      if (this.role === 'server' && this.#joined) {
        // Acknowledge the client's Finished so our client stops resending it (the seed ignores this ACK).
        this.#host.transmit(
          this.peer,
          encodeAck(this.#takeSequence(), ack.sequenceId, this.#received.ackBits(ack.sequenceId)),
        );
        this.#host.stats.acksSent += 1;
      }
    } else if (this.role === 'client') {
      this.#serverConfirmed = true;
    }
    this.#recovery.onAck(now, ack.ackId, ack.ackBits);
    this.#sender.pump(now, this.#cipher);
  }

  #handleDefault(now: number, packet: DefaultPacket): void {
    if (!this.#joined || this.#state === ConnectionState.CLOSED) {
      this.#host.stats.droppedUnexpected += 1;
      return;
    }
    if (this.role === 'client') this.#serverConfirmed = true;
    this.#received.observe(packet.sequenceId);
    const reliable = (packet.flags & Flag.RELIABLE) !== 0;
    if (this.#received.has(packet.sequenceId)) {
      // Already delivered: the peer missed our ACK. Acknowledge again, deliver nothing.
      this.#host.stats.duplicatesSuppressed += 1;
      if (reliable) this.#queueAck(packet.sequenceId);
      return;
    }
    let whole: Packet | undefined = packet;
    try {
      if ((packet.flags & Flag.FRAG) !== 0) whole = this.#reassembler.push(now, packet);
      if (whole === undefined) return;
      const opened = this.#host.openMessage(whole, this.#cipher);
      // An unflagged payload is a view into the driver's buffer; hand the application its own copy unless the
      // driver gave us that buffer for good.
      const data =
        opened === packet.data && !this.#host.options.ownsReceivedDatagrams ? opened.slice() : opened;
      this.#received.markReceived(packet.sequenceId);
      if (reliable) this.#queueAck(packet.sequenceId);
      this.#host.stats.messagesDelivered += 1;
      this.#host.emit({ type: 'data', peer: this.peer, data, flags: packet.flags });
    } catch (error) {
      if (!(error instanceof PacketError)) throw error;
      // Not acknowledged, so a RELIABLE sender retransmits (in-transit corruption heals itself).
      this.reportMalformed(now, error);
    }
  }

  #queueAck(sequence: number): void {
    this.#acks.owe(sequence);
    this.#host.ackPending(this);
  }

  /** Sends the ACKs owed, coalescing up to 17 sequence ids per ACK through the ack bits. */
  flushAcks(): void {
    if (this.#state === ConnectionState.CLOSED) {
      this.#acks.clear();
      return;
    }
    for (const { ackId, ackBits } of this.#acks.plan(this.#received)) {
      this.#host.transmit(this.peer, encodeAck(this.#takeSequence(), ackId, ackBits));
      this.#host.stats.acksSent += 1;
    }
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
    this.#host.countMalformed(error);
    this.#host.emit({ type: 'error', peer: this.peer, error });
    if (this.#state === ConnectionState.CLOSED) return;
    if (now - this.#lastErrorReplyAt < this.#host.options.errorReplyIntervalMs) {
      this.#host.stats.errorRepliesSuppressed += 1;
      return;
    }
    this.#lastErrorReplyAt = now;
    this.#host.stats.errorRepliesSent += 1;
    this.#host.transmit(this.peer, encodeError(this.#takeSequence(), ErrorMajor.PACKET, error.minor));
  }

  // ---- send path ----

  /** Queues or sends one application message. Throws typed errors (not connected, too large, queue full). */
  send(now: number, payload: Uint8Array, flags: number): void {
    this.#sender.send(now, payload, flags, this.#cipher);
  }

  // ---- timers ----

  /** Earliest time this connection needs handleTimeout, undefined when idle. */
  nextTimeout(): number | undefined {
    if (this.#state === ConnectionState.CLOSED) return undefined;
    let next = earliest(this.#handshakeDeadline, this.#handshakeResendAt);
    next = earliest(next, this.#inFlight.nextDeadline());
    next = earliest(next, this.#reassembler.nextDeadline());
    next = earliest(next, this.#closeDeadline);
    if (this.role === 'server' && this.#state === ConnectionState.CONNECTED)
      next = earliest(next, this.#heartbeatDue());
    return next;
  }

  handleTimeout(now: number): void {
    if (this.#state === ConnectionState.CLOSED) return;
    if (this.#handshakeDeadline !== undefined && now >= this.#handshakeDeadline && this.isHalfOpen) {
      this.#host.stats.handshakesFailed += 1;
      this.#terminate(now, new HandshakeTimeoutError(this.#host.options.handshakeTimeoutMs));
      return;
    }
    if (this.#handshakeResendAt !== undefined && now >= this.#handshakeResendAt) {
      const confirmed = this.#serverConfirmed && this.#joined;
      if (confirmed || this.#state === ConnectionState.CLOSING) this.#handshakeResendAt = undefined;
      else this.#resendHandshake(now);
    }
    this.#reassembler.expire(now);
    if (!this.#retransmitDue(now)) return;
    if (this.role === 'server' && this.#state === ConnectionState.CONNECTED && !this.#heartbeat(now)) return;
    if (this.#state === ConnectionState.CLOSING) {
      this.#sender.pump(now, this.#cipher);
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

  #heartbeatDue(): number {
    const { heartbeatMinMs, heartbeatMaxMs } = this.#host.options;
    const pingedSinceContact = this.#lastPingAt !== undefined && this.#lastPingAt >= this.lastHeardAt;
    const nextPing = pingedSinceContact
      ? this.#lastPingAt! + heartbeatMinMs
      : this.lastHeardAt + heartbeatMinMs;
    return Math.min(nextPing, this.lastHeardAt + heartbeatMaxMs);
  }

  /** Server heartbeat: ping an idle peer, drop a silent one. False when the peer was dropped. */
  #heartbeat(now: number): boolean {
    const idle = now - this.lastHeardAt;
    if (idle >= this.#host.options.heartbeatMaxMs) {
      this.#terminate(now, new HeartbeatTimeoutError(idle));
      return false;
    }
    if (now >= this.#heartbeatDue()) {
      this.#lastPingAt = now;
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
    this.#acks.clear();
    this.#host.connectionEnded(this, reason, local);
  }

  #takeSequence(): number {
    const sequence = this.#nextSequence;
    this.#nextSequence = sequenceAdd(sequence, 1);
    return sequence;
  }
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
