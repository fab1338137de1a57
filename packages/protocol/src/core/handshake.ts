// The v0 handshake of one connection: AUTH exchange, certificate validation, Finished check and resends (sans-IO).
import type { EphemeralKeyPair, HandshakeSuite } from '../crypto/handshake-suite.ts';
import type { AccountId } from '../peer/account-id.ts';
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
import { encodeAck, encodeAuth, encodeError } from './control-packets.ts';
import type { ResolvedEndpointOptions } from './endpoint-options.ts';
import { HandshakeTimeoutError } from './errors.ts';
import type { CertificateValidationResult, EndpointStats } from './events.ts';
import type { ReceiveWindow } from './receive-window.ts';
import type { RttEstimator } from './rtt-estimator.ts';
import { earliestDeadline } from './timer-heap.ts';

const TEXT = new TextEncoder();
/** Handshake datagrams (not RELIABLE on the wire, as the seed) are resent at most this often. */
const MAX_HANDSHAKE_SENDS = 8;

/** Where a handshake is. */
export const HandshakePhase = {
  /** Client: AUTH sent, waiting for the server's AUTH. */
  AUTH_SENT: 'authSent',
  /** Waiting for the driver's certificate validation result. */
  VALIDATING: 'validating',
  /** Our AUTH/Finished is out; waiting for the peer's Finished. */
  AWAIT_FINISHED: 'awaitFinished',
  /** Both Finished values checked: the connection is joined. */
  DONE: 'done',
  /** Refused, timed out or mismatched; the connection ends. */
  FAILED: 'failed',
} as const;
/** One of {@link HandshakePhase}'s values. */
export type HandshakePhase = (typeof HandshakePhase)[keyof typeof HandshakePhase];

/** What one handshake input decided; the Connection acts on it (it is the only writer of its own state). */
export type HandshakeOutcome =
  | { readonly kind: 'none' }
  /** Ask the driver to validate the peer's certificate, then call completeValidation(). */
  | { readonly kind: 'validate'; readonly certificate: Uint8Array }
  /** Both Finished values check out: the connection is joined. */
  | { readonly kind: 'connected' }
  /** The handshake is over without a session (any ERROR owed to the peer has been sent). */
  | { readonly kind: 'failed'; readonly reason: PaperclipError };

const NONE: HandshakeOutcome = Object.freeze({ kind: 'none' });
const CONNECTED: HandshakeOutcome = Object.freeze({ kind: 'connected' });

/** Plain values and closures a Handshake works with; built once per connection, no link back to it. */
export interface HandshakeContext {
  readonly role: 'server' | 'client';
  readonly options: Pick<
    ResolvedEndpointOptions,
    'certificate' | 'randomBytes' | 'handshakeTimeoutMs' | 'maxRtoMs'
  >;
  readonly suite: HandshakeSuite;
  /** Resends back off from the connection's current RTO. */
  readonly rtt: Pick<RttEstimator, 'rto'>;
  /** The connection's receive window, read for the ack bits of the Finished ACKs. */
  readonly received: Pick<ReceiveWindow, 'ackBits'>;
  /** Counts retransmissions and ACKs sent (completed/failed handshakes are counted by the connection). */
  readonly stats: Pick<EndpointStats, 'retransmissions' | 'acksSent'>;
  /** The connection's next sequence id (shared with data, ACKs and heartbeats). */
  readonly sequence: () => number;
  /** Queue one datagram to the peer. */
  readonly send: (datagram: Uint8Array) => void;
}

/**
 * Client: AUTH → (server AUTH) → validate → Finished → (server Finished) → connected.
 * Server: (client AUTH) → validate → AUTH + Finished → (client Finished) → connected.
 * Each input returns a {@link HandshakeOutcome}. Only this class uses the HandshakeSuite, so a v1 suite slots in
 * without touching the reliability pieces.
 */
export class Handshake {
  readonly #context: HandshakeContext;
  #phase: HandshakePhase;
  #keyPair: EphemeralKeyPair | undefined;
  #sessionKey: Uint8Array | undefined;
  /** AES contexts for #sessionKey, made once per session instead of once per packet. */
  #cipher: SessionCipher | undefined;
  #peerPublicKey: Uint8Array | undefined;
  #accountId: AccountId | null = null;
  #peerAuthSequence = 0;
  #ourAuthSequence = 0;
  /** Datagrams resent when the handshake stalls: client AUTH, server AUTH + Finished ACK, client Finished ACK. */
  #datagrams: Uint8Array[] = [];
  #sends = 0;
  #resendAt: number | undefined;
  #deadline: number | undefined;
  #peerFinished: Uint8Array | undefined;
  /** Client: the server has shown it finished its side (it sent data, a ping, or acked our data). */
  #serverConfirmed = false;

  constructor(context: HandshakeContext, now: number) {
    this.#context = context;
    this.#phase = context.role === 'client' ? HandshakePhase.AUTH_SENT : HandshakePhase.VALIDATING;
    this.#deadline = now + context.options.handshakeTimeoutMs;
  }

  get phase(): HandshakePhase {
    return this.#phase;
  }

  /** The session's AES contexts (undefined until the keys are agreed). */
  get cipher(): SessionCipher | undefined {
    return this.#cipher;
  }

  /** The peer's public key from its AUTH (server: used to recognise a resent AUTH). */
  get peerPublicKey(): Uint8Array | undefined {
    return this.#peerPublicKey;
  }

  /** Server: the account id the validator gave the client's certificate. */
  get accountId(): AccountId | null {
    return this.#accountId;
  }

  /** Sequence id of our AUTH: an ACK of it carrying data is a Finished. */
  get ourAuthSequence(): number {
    return this.#ourAuthSequence;
  }

  /** Client: generate our ephemeral key and send AUTH. */
  startClient(now: number): void {
    const { options, suite } = this.#context;
    this.#keyPair = suite.generateKeyPair(options.randomBytes);
    this.#ourAuthSequence = this.#context.sequence();
    this.#send(now, [encodeAuth(this.#ourAuthSequence, this.#keyPair.publicKey, options.certificate)]);
  }

  /** Server: a first AUTH from this peer; its certificate needs validating. */
  acceptClientAuth(auth: AuthPacket): HandshakeOutcome {
    this.#peerAuthSequence = auth.sequenceId;
    this.#peerPublicKey = auth.publicKey.slice();
    this.#phase = HandshakePhase.VALIDATING;
    return { kind: 'validate', certificate: auth.certificate?.slice() ?? new Uint8Array(0) };
  }

  /** The driver's answer to a 'validate' outcome. */
  completeValidation(now: number, result: CertificateValidationResult): HandshakeOutcome {
    if (this.#phase !== HandshakePhase.VALIDATING) return NONE;
    if (!result.valid) return this.#refuseCertificate();
    if (this.#context.role === 'server') return this.#serverAnswerAuth(now, result.accountId);
    return this.#clientSendFinished(now);
  }

  /** An AUTH from the peer (client: the server's hello; server: a resent AUTH with the same key). */
  handleAuth(now: number, auth: AuthPacket): HandshakeOutcome {
    if (this.#context.role === 'server') {
      // Same key again. The Endpoint answers an address at most once per half-open lifetime (no reflection), so
      // it drops repeats before a half-open connection sees them; kept for callers driving a Handshake alone.
      if (this.#phase === HandshakePhase.AWAIT_FINISHED) this.#resend(now);
      return NONE;
    }
    if (this.#phase !== HandshakePhase.AUTH_SENT) return NONE; // a resent server AUTH; we already hold its key
    const sessionKey = this.#keyPair?.deriveSessionKey(auth.publicKey);
    if (sessionKey === undefined)
      return this.#fail(new HandshakeError('The server sent an unusable ECDH public key.'));
    this.#sessionKey = sessionKey;
    this.#cipher = new SessionCipher(sessionKey);
    this.#peerAuthSequence = auth.sequenceId;
    this.#peerPublicKey = auth.publicKey.slice();
    this.#phase = HandshakePhase.VALIDATING;
    this.#resendAt = undefined;
    return { kind: 'validate', certificate: auth.certificate?.slice() ?? new Uint8Array(0) };
  }

  /** An ACK of our AUTH carrying data: the peer's Finished (first or repeated). */
  handleFinishedAck(ack: AckPacket): HandshakeOutcome {
    const { role, stats } = this.#context;
    const phase = this.#phase;
    let outcome = NONE;
    // Before we are done it completes the handshake; after, it means the peer lacks ours.
    if (role === 'client' && (phase === HandshakePhase.AUTH_SENT || phase === HandshakePhase.VALIDATING)) {
      this.#peerFinished = ack.data.slice();
    } else if (phase === HandshakePhase.AWAIT_FINISHED) {
      outcome = this.#checkPeerFinished(ack.data);
    } else if (role === 'server' && phase === HandshakePhase.DONE && this.#datagrams.length === 2) {
      // A repeated client Finished: it may lack ours, so send it again.
      this.#context.send(this.#datagrams[1]!);
    }
    if (role === 'server' && this.#phase === HandshakePhase.DONE) {
      // Acknowledge the client's Finished so our client stops resending it (the seed ignores this ACK).
      const ackBits = this.#context.received.ackBits(ack.sequenceId);
      this.#context.send(encodeAck(this.#context.sequence(), ack.sequenceId, ackBits));
      stats.acksSent += 1;
    }
    return outcome;
  }

  /** Client: the server has shown it finished its side, so our Finished need not be resent any more. */
  noteServerProgress(): void {
    this.#serverConfirmed = true;
  }

  /** The connection is closing: nothing of the handshake is resent any more. */
  stopResending(): void {
    this.#resendAt = undefined;
  }

  /** Earliest handshake deadline (give-up or resend), undefined when none. */
  nextDeadline(): number | undefined {
    return earliestDeadline(this.#deadline, this.#resendAt);
  }

  /** Gives up a stalled handshake ('failed') or resends its datagrams when their timer is due. */
  handleTimeout(now: number): HandshakeOutcome {
    const done = this.#phase === HandshakePhase.DONE;
    if (this.#deadline !== undefined && now >= this.#deadline && !done) {
      return this.#fail(new HandshakeTimeoutError({ timeoutMs: this.#context.options.handshakeTimeoutMs }));
    }
    if (this.#resendAt !== undefined && now >= this.#resendAt) {
      if (this.#serverConfirmed && done) this.#resendAt = undefined;
      else this.#resend(now);
    }
    return NONE;
  }

  #refuseCertificate(): HandshakeOutcome {
    // A refused client is answered before it becomes a client record, hence sequence id 0 (docs/PROTOCOL.md
    // §9, quirk 12).
    const sequence = this.#context.role === 'server' ? 0 : this.#context.sequence();
    const text = TEXT.encode('Invalid Certificate.');
    this.#context.send(
      encodeError(sequence, ErrorMajor.CONNECTION, ConnectionMinor.CERTIFICATE_INVALID, text),
    );
    return this.#fail(new CertificateInvalidError('The peer certificate was refused by the validator.'));
  }

  #serverAnswerAuth(now: number, accountId: AccountId | null): HandshakeOutcome {
    const { options, suite } = this.#context;
    const keyPair = suite.generateKeyPair(options.randomBytes);
    const sessionKey = keyPair.deriveSessionKey(this.#peerPublicKey ?? new Uint8Array(0));
    if (sessionKey === undefined)
      return this.#fail(new HandshakeError('The client sent an unusable ECDH public key.'));
    this.#keyPair = keyPair;
    this.#sessionKey = sessionKey;
    this.#cipher = new SessionCipher(sessionKey);
    this.#accountId = accountId;
    this.#ourAuthSequence = this.#context.sequence();
    const auth = encodeAuth(this.#ourAuthSequence, keyPair.publicKey, options.certificate);
    // AUTH strictly before the Finished ACK: the seed client validates the Finished of the last packet it read.
    const finished = encodeAck(
      this.#context.sequence(),
      this.#peerAuthSequence,
      0,
      suite.finished(sessionKey),
    );
    this.#phase = HandshakePhase.AWAIT_FINISHED;
    this.#send(now, [auth, finished], false);
    return NONE;
  }

  #clientSendFinished(now: number): HandshakeOutcome {
    const sessionKey = this.#sessionKey!;
    const finished = encodeAck(
      this.#context.sequence(),
      this.#peerAuthSequence,
      this.#context.received.ackBits(this.#peerAuthSequence),
      this.#context.suite.finished(sessionKey),
    );
    this.#phase = HandshakePhase.AWAIT_FINISHED;
    this.#send(now, [finished]);
    // The server's Finished may have overtaken our validation; it was kept for now.
    return this.#peerFinished === undefined ? NONE : this.#checkPeerFinished(this.#peerFinished);
  }

  /** Sends handshake datagrams now and (when `resend`) arms their resend timer. */
  #send(now: number, datagrams: Uint8Array[], resend = true): void {
    this.#datagrams = datagrams;
    this.#sends = 1;
    this.#resendAt = resend ? now + this.#context.rtt.rto : undefined;
    for (const datagram of datagrams) this.#context.send(datagram);
  }

  /** Resends the stored handshake datagrams (answering a repeated AUTH, or on the client's timer). */
  #resend(now: number): void {
    const { options, rtt, stats } = this.#context;
    this.#sends += 1;
    stats.retransmissions += this.#datagrams.length;
    for (const datagram of this.#datagrams) this.#context.send(datagram);
    if (this.#resendAt !== undefined) {
      const backoff = Math.min(options.maxRtoMs, rtt.rto * 2 ** (this.#sends - 1));
      this.#resendAt = this.#sends < MAX_HANDSHAKE_SENDS ? now + backoff : undefined;
    }
  }

  #checkPeerFinished(finished: Uint8Array): HandshakeOutcome {
    const sessionKey = this.#sessionKey;
    if (sessionKey === undefined) return NONE;
    if (!this.#context.suite.verifyFinished(sessionKey, finished)) {
      const text = TEXT.encode('Invalid finish.');
      const sequence = this.#context.sequence();
      this.#context.send(encodeError(sequence, ErrorMajor.CONNECTION, ConnectionMinor.FINISH_INVALID, text));
      return this.#fail(new FinishInvalidError('The peer Finished value does not match the session key.'));
    }
    this.#phase = HandshakePhase.DONE;
    this.#deadline = undefined;
    // The server is done; the client keeps resending its Finished until the server shows it has it (its loss
    // would leave the server half-open).
    if (this.#context.role === 'server') this.#resendAt = undefined;
    return CONNECTED;
  }

  #fail(reason: PaperclipError): HandshakeOutcome {
    this.#phase = HandshakePhase.FAILED;
    this.#deadline = undefined;
    this.#resendAt = undefined;
    return { kind: 'failed', reason };
  }
}
