// The receive side of one connection: duplicate suppression, reassembly, opening, owed ACKs and rate-limited
// replies to malformed datagrams.
import { Flag } from '../wire/constants.ts';
import { ErrorMajor, type PacketError } from '../wire/errors.ts';
import type { DefaultPacket, Packet } from '../wire/packet.ts';
import { openMessage } from '../wire/pipeline.ts';
import { FragmentReassembler } from '../wire/reassembly.ts';
import type { SessionCipher } from '../wire/session-cipher.ts';
import { AckScheduler } from './ack-scheduler.ts';
import { encodeAck, encodeError } from './control-packets.ts';
import type { ResolvedEndpointOptions } from './endpoint-options.ts';
import type { EndpointStats } from './events.ts';
import type { ReceiveWindow } from './receive-window.ts';

/** Plain values and closures a MessageReceiver works with; built once per connection, no link back to it. */
export interface MessageReceiverContext {
  /** The limits it applies, from the endpoint options. */
  readonly options: Pick<
    ResolvedEndpointOptions,
    | 'maxPendingFragmentedMessages'
    | 'maxMessageBytes'
    | 'fragmentTimeoutMs'
    | 'maxInflatedBytes'
    | 'ownsReceivedDatagrams'
    | 'errorReplyIntervalMs'
  >;
  readonly stats: EndpointStats;
  /** Shared with the connection, which observes every sequence id. */
  readonly received: ReceiveWindow;
  /** The connection's next sequence id (for ACKs and ERROR replies). */
  readonly sequence: () => number;
  /** Queue one datagram to the peer. */
  readonly transmit: (datagram: Uint8Array) => void;
}

/** What one DEFAULT packet produced (undefined from deliver(): nothing, e.g. a fragment of an unfinished message). */
export interface Delivery {
  /** The message for the application; undefined for a duplicate (already delivered once). */
  readonly data: Uint8Array | undefined;
  /** An ACK is now owed: the endpoint should flush before its next datagram goes out. */
  readonly ackOwed: boolean;
}

/** A RELIABLE duplicate: nothing to deliver, but the peer missed our ACK. */
const DUPLICATE_ACK_OWED: Delivery = Object.freeze({ data: undefined, ackOwed: true });

/**
 * Delivers each DEFAULT message once, in arrival order, after reassembly and the flag pipeline, and owes an
 * ACK for every RELIABLE one (coalesced by the AckScheduler until flushAcks()). It decides; the connection emits.
 */
export class MessageReceiver {
  readonly #context: MessageReceiverContext;
  readonly #reassembler: FragmentReassembler;
  readonly #acks = new AckScheduler();
  #lastErrorReplyAt = Number.NEGATIVE_INFINITY;

  constructor(context: MessageReceiverContext) {
    const { options } = context;
    this.#context = context;
    this.#reassembler = new FragmentReassembler({
      maxPendingMessages: options.maxPendingFragmentedMessages,
      maxMessageBytes: options.maxMessageBytes,
      timeoutMs: options.fragmentTimeoutMs,
      copyFragments: !options.ownsReceivedDatagrams,
    });
  }

  /** ACK ids owed since the last flush (repeats counted). */
  get acksOwed(): number {
    return this.#acks.pending;
  }

  /**
   * One DEFAULT packet of a joined connection: what to deliver and whether an ACK is owed.
   * @throws PacketError when the packet (or the message it completes) cannot be opened. It is then not marked
   * received and not acknowledged, so a RELIABLE sender retransmits (in-transit corruption heals itself).
   */
  deliver(now: number, packet: DefaultPacket, cipher: SessionCipher | undefined): Delivery | undefined {
    const { options, received, stats } = this.#context;
    received.observe(packet.sequenceId);
    const reliable = (packet.flags & Flag.RELIABLE) !== 0;
    if (received.has(packet.sequenceId)) {
      // Already delivered: the peer missed our ACK. Acknowledge again, deliver nothing.
      stats.duplicatesSuppressed += 1;
      if (!reliable) return undefined;
      this.#acks.owe(packet.sequenceId);
      return DUPLICATE_ACK_OWED;
    }
    let whole: Packet | undefined = packet;
    if ((packet.flags & Flag.FRAG) !== 0) whole = this.#reassembler.push(now, packet);
    if (whole === undefined) return undefined;
    const opened = openMessage(whole, { cipher, maxInflatedBytes: options.maxInflatedBytes });
    // An unflagged payload is a view into the driver's buffer; hand the application its own copy unless the
    // driver gave us that buffer for good.
    const data = opened === packet.data && !options.ownsReceivedDatagrams ? opened.slice() : opened;
    received.markReceived(packet.sequenceId);
    if (reliable) this.#acks.owe(packet.sequenceId);
    stats.messagesDelivered += 1;
    return { data, ackOwed: reliable };
  }

  /** Sends the ACKs owed, coalescing up to 17 sequence ids per ACK through the ack bits. */
  flushAcks(): void {
    const { received, stats } = this.#context;
    for (const { ackId, ackBits } of this.#acks.plan(received)) {
      this.#context.transmit(encodeAck(this.#context.sequence(), ackId, ackBits));
      stats.acksSent += 1;
    }
  }

  /** Forgets the ACKs owed (connection gone). */
  clearAcks(): void {
    this.#acks.clear();
  }

  /**
   * Answers a malformed datagram with ERROR PACKET/<minor>, at most once per errorReplyIntervalMs (so a flood
   * of garbage cannot turn us into an amplifier). Counting and reporting it is the connection's job.
   */
  replyMalformed(now: number, error: PacketError): void {
    const { options, stats } = this.#context;
    if (now - this.#lastErrorReplyAt < options.errorReplyIntervalMs) {
      stats.errorRepliesSuppressed += 1;
      return;
    }
    this.#lastErrorReplyAt = now;
    stats.errorRepliesSent += 1;
    this.#context.transmit(encodeError(this.#context.sequence(), ErrorMajor.PACKET, error.minor));
  }

  /** Earliest reassembly timeout, undefined when no fragmented message is pending. */
  nextDeadline(): number | undefined {
    return this.#reassembler.nextDeadline();
  }

  /** Drops fragmented messages that waited too long. */
  expire(now: number): void {
    this.#reassembler.expire(now);
  }
}
