// The receive side of one connection: duplicate suppression, reassembly, opening, delivery, owed ACKs and
// rate-limited replies to malformed datagrams.
import { Flag } from '../wire/constants.ts';
import { ErrorMajor, PacketError } from '../wire/errors.ts';
import type { DefaultPacket, Packet } from '../wire/packet.ts';
import { FragmentReassembler } from '../wire/reassembly.ts';
import type { SessionCipher } from '../wire/session-cipher.ts';
import { AckScheduler } from './ack-scheduler.ts';
import type { Connection } from './connection.ts';
import type { ConnectionHost } from './connection-host.ts';
import { ConnectionState } from './connection-state.ts';
import { encodeAck, encodeError } from './control-packets.ts';
import type { ReceiveWindow } from './receive-window.ts';

/**
 * Delivers each DEFAULT message once, in arrival order, after reassembly and the flag pipeline, and owes an
 * ACK for every RELIABLE one (coalesced by the AckScheduler until the endpoint flushes). Built once per
 * connection; the ReceiveWindow is shared with the connection, which observes every sequence id.
 */
export class MessageReceiver {
  readonly #host: ConnectionHost;
  readonly #connection: Connection;
  readonly #received: ReceiveWindow;
  readonly #takeSequence: () => number;
  readonly #reassembler: FragmentReassembler;
  readonly #acks = new AckScheduler();
  #lastErrorReplyAt = Number.NEGATIVE_INFINITY;

  constructor(
    host: ConnectionHost,
    connection: Connection,
    received: ReceiveWindow,
    takeSequence: () => number,
  ) {
    const options = host.options;
    this.#host = host;
    this.#connection = connection;
    this.#received = received;
    this.#takeSequence = takeSequence;
    this.#reassembler = new FragmentReassembler({
      maxPendingMessages: options.maxPendingFragmentedMessages,
      maxMessageBytes: options.maxMessageBytes,
      timeoutMs: options.fragmentTimeoutMs,
      copyFragments: !options.ownsReceivedDatagrams,
    });
  }

  /** One DEFAULT packet of a joined connection: deliver it (once) or report it malformed. */
  deliver(now: number, packet: DefaultPacket, cipher: SessionCipher | undefined): void {
    const host = this.#host;
    this.#received.observe(packet.sequenceId);
    const reliable = (packet.flags & Flag.RELIABLE) !== 0;
    if (this.#received.has(packet.sequenceId)) {
      // Already delivered: the peer missed our ACK. Acknowledge again, deliver nothing.
      host.stats.duplicatesSuppressed += 1;
      if (reliable) this.#queueAck(packet.sequenceId);
      return;
    }
    let whole: Packet | undefined = packet;
    try {
      if ((packet.flags & Flag.FRAG) !== 0) whole = this.#reassembler.push(now, packet);
      if (whole === undefined) return;
      const opened = host.openMessage(whole, cipher);
      // An unflagged payload is a view into the driver's buffer; hand the application its own copy unless the
      // driver gave us that buffer for good.
      const data = opened === packet.data && !host.options.ownsReceivedDatagrams ? opened.slice() : opened;
      this.#received.markReceived(packet.sequenceId);
      if (reliable) this.#queueAck(packet.sequenceId);
      host.stats.messagesDelivered += 1;
      host.emit({ type: 'data', peer: this.#connection.peer, data, flags: packet.flags });
    } catch (error) {
      if (!(error instanceof PacketError)) throw error;
      // Not acknowledged, so a RELIABLE sender retransmits (in-transit corruption heals itself).
      this.reportMalformed(now, error);
    }
  }

  /** Sends the ACKs owed, coalescing up to 17 sequence ids per ACK through the ack bits. */
  flushAcks(): void {
    const host = this.#host;
    for (const { ackId, ackBits } of this.#acks.plan(this.#received)) {
      host.transmit(this.#connection.peer, encodeAck(this.#takeSequence(), ackId, ackBits));
      host.stats.acksSent += 1;
    }
  }

  /** Forgets the ACKs owed (connection gone). */
  clearAcks(): void {
    this.#acks.clear();
  }

  /** Counts a malformed datagram from this peer and answers ERROR PACKET/<minor>, at most once per interval. */
  reportMalformed(now: number, error: PacketError): void {
    const host = this.#host;
    const peer = this.#connection.peer;
    host.countMalformed(error);
    host.emit({ type: 'error', peer, error });
    if (this.#connection.state === ConnectionState.CLOSED) return;
    if (now - this.#lastErrorReplyAt < host.options.errorReplyIntervalMs) {
      host.stats.errorRepliesSuppressed += 1;
      return;
    }
    this.#lastErrorReplyAt = now;
    host.stats.errorRepliesSent += 1;
    host.transmit(peer, encodeError(this.#takeSequence(), ErrorMajor.PACKET, error.minor));
  }

  /** Earliest reassembly timeout, undefined when no fragmented message is pending. */
  nextDeadline(): number | undefined {
    return this.#reassembler.nextDeadline();
  }

  /** Drops fragmented messages that waited too long. */
  expire(now: number): void {
    this.#reassembler.expire(now);
  }

  #queueAck(sequence: number): void {
    this.#acks.owe(sequence);
    this.#host.ackPending(this.#connection);
  }
}
