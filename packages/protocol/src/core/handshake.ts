// The v0 handshake of one connection: AUTH exchange, certificate validation, Finished check and resends (sans-IO).
import type { EphemeralKeyPair, HandshakeSuite } from '../crypto/handshake-suite.ts';
import {
  CertificateInvalidError,
  ConnectionMinor,
  ErrorMajor,
  FinishInvalidError,
  HandshakeError,
  type PaperclipError,
} from '../wire/errors.ts';
import type { AckPacket, AuthPacket } from '../wire/packet.ts';
import { SessionCipher } from '../wire/session-cipher.ts';
import type { Connection } from './connection.ts';
import type { ConnectionHost } from './connection-host.ts';
import { ConnectionState } from './connection-state.ts';
import { encodeAck, encodeAuth, encodeError } from './control-packets.ts';
import { HandshakeTimeoutError } from './errors.ts';
import type { CertificateValidationResult } from './events.ts';
import type { ReceiveWindow } from './receive-window.ts';
import type { RttEstimator } from './rtt-estimator.ts';
import { earliestDeadline } from './timer-heap.ts';

const TEXT = new TextEncoder();
/** Handshake datagrams (not RELIABLE on the wire, as the seed) are resent at most this often. */
const MAX_HANDSHAKE_SENDS = 8;

/** What a Handshake may do to its Connection; built once per connection. */
export interface HandshakeContext {
  readonly host: ConnectionHost;
  readonly connection: Connection;
  readonly received: ReceiveWindow;
  readonly rtt: RttEstimator;
  /** The connection's next sequence id (shared with data, ACKs and heartbeats). */
  readonly takeSequence: () => number;
  /** Moves the connection to `state`; CONNECTED also marks it joined. */
  readonly enter: (state: ConnectionState) => void;
  /** Ends the connection with `reason`. */
  readonly terminate: (now: number, reason: PaperclipError) => void;
}

/**
 * Client: AUTH → (server AUTH) → validate → Finished → (server Finished) → CONNECTED.
 * Server: (client AUTH) → validate → AUTH + Finished → (client Finished) → CONNECTED.
 * Only this class uses the HandshakeSuite, so a v1 suite slots in without touching the reliability pieces.
 */
export class Handshake {
  readonly #context: HandshakeContext;
  readonly #suite: HandshakeSuite;
  #keyPair: EphemeralKeyPair | undefined;
  #sessionKey: Uint8Array | undefined;
  /** AES contexts for #sessionKey, made once per session instead of once per packet. */
  #cipher: SessionCipher | undefined;
  #peerPublicKey: Uint8Array | undefined;
  #peerAuthSequence = 0;
  #ourAuthSequence = 0;
  /** Datagrams resent when the handshake stalls: client AUTH, server AUTH + Finished ACK, client Finished ACK. */
  #datagrams: Uint8Array[] = [];
  #sends = 0;
  #resendAt: number | undefined;
  #deadline: number | undefined;
  #peerFinished: Uint8Array | undefined;
  /** Client: the server has shown it finished its side (it sent data, a ping, or acked our data). */
  serverConfirmed = false;

  constructor(context: HandshakeContext, now: number) {
    this.#context = context;
    this.#suite = context.host.suite;
    this.#deadline = now + context.host.options.handshakeTimeoutMs;
  }

  /** The session's AES contexts (undefined until the keys are agreed). */
  get cipher(): SessionCipher | undefined {
    return this.#cipher;
  }

  /** The peer's public key from its AUTH (server: used to recognise a resent AUTH). */
  get peerPublicKey(): Uint8Array | undefined {
    return this.#peerPublicKey;
  }

  /** Sequence id of our AUTH: an ACK of it carrying data is a Finished. */
  get ourAuthSequence(): number {
    return this.#ourAuthSequence;
  }

  /** Client: generate our ephemeral key and send AUTH (sequence 0). */
  startClient(now: number): void {
    const { host } = this.#context;
    this.#keyPair = this.#suite.generateKeyPair(host.options.randomBytes);
    this.#ourAuthSequence = this.#context.takeSequence();
    this.#send(now, [encodeAuth(this.#ourAuthSequence, this.#keyPair.publicKey, host.options.certificate)]);
  }

  /** Server: a first AUTH from this peer; ask the driver to validate its certificate. */
  acceptClientAuth(now: number, auth: AuthPacket): void {
    const { connection } = this.#context;
    this.#context.received.observe(auth.sequenceId);
    this.#peerAuthSequence = auth.sequenceId;
    this.#peerPublicKey = auth.publicKey.slice();
    this.#context.enter(ConnectionState.VALIDATING);
    connection.lastHeardAt = now;
    this.#context.host.requestValidation(connection, auth.certificate?.slice() ?? new Uint8Array(0));
  }

  /** The driver's answer for our pending validateCertificate event. */
  completeValidation(now: number, result: CertificateValidationResult): void {
    const { connection } = this.#context;
    if (connection.state !== ConnectionState.VALIDATING) return;
    connection.validationRequestId = undefined;
    if (!result.valid) {
      this.#refuseCertificate(now);
      return;
    }
    if (connection.role === 'server') this.#serverAnswerAuth(now, result.accountId);
    else this.#clientSendFinished(now);
  }

  /** An AUTH from the peer on an existing connection. */
  handleAuth(now: number, auth: AuthPacket): void {
    const { connection, host } = this.#context;
    if (connection.role === 'server') {
      // Same key again: our AUTH/Finished was lost, so send them again (the seed ignores it; harmless to it).
      if (connection.state === ConnectionState.AWAIT_FINISHED) this.#resend(now);
      return;
    }
    if (connection.state !== ConnectionState.AUTH_SENT) return; // a resent server AUTH; we already hold its key
    const sessionKey = this.#keyPair?.deriveSessionKey(auth.publicKey);
    if (sessionKey === undefined) {
      host.stats.handshakesFailed += 1;
      this.#context.terminate(now, new HandshakeError('The server sent an unusable ECDH public key.'));
      return;
    }
    this.#sessionKey = sessionKey;
    this.#cipher = new SessionCipher(sessionKey);
    this.#peerAuthSequence = auth.sequenceId;
    this.#peerPublicKey = auth.publicKey.slice();
    this.#context.enter(ConnectionState.VALIDATING);
    this.#resendAt = undefined;
    host.requestValidation(connection, auth.certificate?.slice() ?? new Uint8Array(0));
  }

  /** An ACK of our AUTH carrying data: the peer's Finished (first or repeated). */
  handleFinishedAck(now: number, ack: AckPacket): void {
    const { connection, host } = this.#context;
    const state = connection.state;
    // Before we are done it completes the handshake; after, it means the peer lacks ours.
    const waitingForAuthOrValidation =
      state === ConnectionState.AUTH_SENT || state === ConnectionState.VALIDATING;
    if (waitingForAuthOrValidation && connection.role === 'client') {
      this.#peerFinished = ack.data.slice();
    } else if (state === ConnectionState.AWAIT_FINISHED) {
      this.#checkPeerFinished(now, ack.data);
    } else if (connection.role === 'server' && connection.joined && this.#datagrams.length === 2) {
      // A repeated client Finished: it may lack ours, so send it again.
      host.transmit(connection.peer, this.#datagrams[1]!);
    }
    if (connection.role === 'server' && connection.joined) {
      // Acknowledge the client's Finished so our client stops resending it (the seed ignores this ACK).
      const { received } = this.#context;
      host.transmit(
        connection.peer,
        encodeAck(this.#context.takeSequence(), ack.sequenceId, received.ackBits(ack.sequenceId)),
      );
      host.stats.acksSent += 1;
    }
  }

  /** Earliest handshake deadline (give-up or resend), undefined when none. */
  nextDeadline(): number | undefined {
    return earliestDeadline(this.#deadline, this.#resendAt);
  }

  /** Gives up a stalled handshake or resends its datagrams. False when the connection was ended. */
  handleTimeout(now: number): boolean {
    const { connection, host } = this.#context;
    if (this.#deadline !== undefined && now >= this.#deadline && connection.isHalfOpen) {
      host.stats.handshakesFailed += 1;
      this.#context.terminate(now, new HandshakeTimeoutError(host.options.handshakeTimeoutMs));
      return false;
    }
    if (this.#resendAt !== undefined && now >= this.#resendAt) {
      const confirmed = this.serverConfirmed && connection.joined;
      if (confirmed || connection.state === ConnectionState.CLOSING) this.#resendAt = undefined;
      else this.#resend(now);
    }
    return true;
  }

  #refuseCertificate(now: number): void {
    const { connection, host } = this.#context;
    const text = 'Invalid Certificate.';
    // The seed answers a refused client before it becomes a client record, hence sequence id 0 (quirk 11).
    const sequence = connection.role === 'server' ? 0 : this.#context.takeSequence();
    host.transmit(
      connection.peer,
      encodeError(sequence, ErrorMajor.CONNECTION, ConnectionMinor.CERTIFICATE_INVALID, TEXT.encode(text)),
    );
    host.stats.handshakesFailed += 1;
    this.#context.terminate(
      now,
      new CertificateInvalidError('The peer certificate was refused by the validator.'),
    );
  }

  #serverAnswerAuth(now: number, accountId: string | number | null): void {
    const { connection, host } = this.#context;
    const keyPair = this.#suite.generateKeyPair(host.options.randomBytes);
    const sessionKey = keyPair.deriveSessionKey(this.#peerPublicKey ?? new Uint8Array(0));
    if (sessionKey === undefined) {
      host.stats.handshakesFailed += 1;
      this.#context.terminate(now, new HandshakeError('The client sent an unusable ECDH public key.'));
      return;
    }
    this.#keyPair = keyPair;
    this.#sessionKey = sessionKey;
    this.#cipher = new SessionCipher(sessionKey);
    connection.accountId = accountId;
    this.#ourAuthSequence = this.#context.takeSequence();
    const auth = encodeAuth(this.#ourAuthSequence, keyPair.publicKey, host.options.certificate);
    // AUTH strictly before the Finished ACK: the seed client validates the Finished of the last packet it read.
    const finished = encodeAck(
      this.#context.takeSequence(),
      this.#peerAuthSequence,
      0,
      this.#suite.finished(sessionKey),
    );
    this.#context.enter(ConnectionState.AWAIT_FINISHED);
    this.#send(now, [auth, finished], false);
  }

  #clientSendFinished(now: number): void {
    const sessionKey = this.#sessionKey!;
    const finished = encodeAck(
      this.#context.takeSequence(),
      this.#peerAuthSequence,
      this.#context.received.ackBits(this.#peerAuthSequence),
      this.#suite.finished(sessionKey),
    );
    this.#context.enter(ConnectionState.AWAIT_FINISHED);
    this.#send(now, [finished]);
    if (this.#peerFinished !== undefined) this.#checkPeerFinished(now, this.#peerFinished);
  }

  /** Sends handshake datagrams now and (when `resend`) arms their resend timer. */
  #send(now: number, datagrams: Uint8Array[], resend = true): void {
    const { connection, host } = this.#context;
    this.#datagrams = datagrams;
    this.#sends = 1;
    this.#resendAt = resend ? now + this.#context.rtt.rto : undefined;
    for (const datagram of datagrams) host.transmit(connection.peer, datagram);
  }

  /** Resends the stored handshake datagrams (answering a repeated AUTH, or on the client's timer). */
  #resend(now: number): void {
    const { connection, host, rtt } = this.#context;
    this.#sends += 1;
    host.stats.retransmissions += this.#datagrams.length;
    for (const datagram of this.#datagrams) host.transmit(connection.peer, datagram);
    if (this.#resendAt !== undefined) {
      const backoff = Math.min(host.options.maxRtoMs, rtt.rto * 2 ** (this.#sends - 1));
      this.#resendAt = this.#sends < MAX_HANDSHAKE_SENDS ? now + backoff : undefined;
    }
  }

  #checkPeerFinished(now: number, finished: Uint8Array): void {
    const { connection, host } = this.#context;
    const sessionKey = this.#sessionKey;
    if (sessionKey === undefined) return;
    if (!this.#suite.verifyFinished(sessionKey, finished)) {
      host.transmit(
        connection.peer,
        encodeError(
          this.#context.takeSequence(),
          ErrorMajor.CONNECTION,
          ConnectionMinor.FINISH_INVALID,
          TEXT.encode('Invalid finish.'),
        ),
      );
      host.stats.handshakesFailed += 1;
      this.#context.terminate(
        now,
        new FinishInvalidError('The peer Finished value does not match the session key.'),
      );
      return;
    }
    this.#context.enter(ConnectionState.CONNECTED);
    this.#deadline = undefined;
    host.stats.handshakesCompleted += 1;
    if (connection.role === 'server') {
      this.#resendAt = undefined;
      host.emit({ type: 'clientJoin', peer: connection.peer, accountId: connection.accountId });
    } else {
      // Keep resending our Finished until the server shows it has it (its loss would leave it half-open).
      host.emit({ type: 'connect', peer: connection.peer });
    }
  }
}
