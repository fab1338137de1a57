// Reliable datagrams in flight for one peer: bounded, retransmitted on their own timer, done once acknowledged.

/** One reliable message waiting for its ACK. All fragments share the sequence id and are resent together. */
export interface InFlightMessage {
  readonly sequenceId: number;
  /** Encoded datagrams, resent byte for byte (same sequence id and IV, as the seed retransmits). */
  readonly datagrams: readonly Uint8Array[];
  readonly firstSentAt: number;
  lastSentAt: number;
  retransmissions: number;
  deadline: number;
}

/**
 * Bounded in-flight set. `maxDatagrams` limits how many datagrams may await ACKs, so a slow peer is never
 * flooded; a message larger than the whole window is still allowed when nothing else is in flight.
 * An ACK for a sequence id (as ackId or through ack bits) completes the message; nothing is re-queued.
 */
export class SendWindow {
  readonly #maxDatagrams: number;
  /** Insertion order is send order. */
  readonly #messages = new Map<number, InFlightMessage>();
  #datagrams = 0;

  constructor(maxDatagrams: number) {
    this.#maxDatagrams = maxDatagrams;
  }

  /** Messages in flight. */
  get size(): number {
    return this.#messages.size;
  }

  /** Datagrams in flight. */
  get datagramCount(): number {
    return this.#datagrams;
  }

  /** Whether a message of `datagramCount` datagrams may be sent now. */
  hasRoomFor(datagramCount: number): boolean {
    return this.#messages.size === 0 || this.#datagrams + datagramCount <= this.#maxDatagrams;
  }

  /** Whether this sequence id is still unacknowledged. */
  has(sequenceId: number): boolean {
    return this.#messages.has(sequenceId);
  }

  /** Records a message just sent at `now`, first due for retransmission at `now + rto`. */
  add(sequenceId: number, datagrams: readonly Uint8Array[], now: number, rto: number): void {
    const previous = this.#messages.get(sequenceId);
    if (previous) this.#datagrams -= previous.datagrams.length;
    this.#messages.set(sequenceId, {
      sequenceId,
      datagrams,
      firstSentAt: now,
      lastSentAt: now,
      retransmissions: 0,
      deadline: now + rto,
    });
    this.#datagrams += datagrams.length;
  }

  /**
   * Marks a sequence id acknowledged. Returns the RTT sample when it is valid under Karn's rule (the message
   * was never retransmitted), `null` when acknowledged without a sample, undefined when it was not in flight.
   */
  acknowledge(sequenceId: number, now: number): number | null | undefined {
    const message = this.#messages.get(sequenceId);
    if (message === undefined) return undefined;
    this.#messages.delete(sequenceId);
    this.#datagrams -= message.datagrams.length;
    return message.retransmissions === 0 ? now - message.firstSentAt : null;
  }

  /** Messages whose retransmission deadline has passed, oldest first. */
  due(now: number): InFlightMessage[] {
    const due: InFlightMessage[] = [];
    for (const message of this.#messages.values()) if (message.deadline <= now) due.push(message);
    return due;
  }

  /** Records a retransmission of `message` at `now`; the next one is due after `timeout`. */
  retransmitted(message: InFlightMessage, now: number, timeout: number): void {
    message.retransmissions += 1;
    message.lastSentAt = now;
    message.deadline = now + timeout;
  }

  /** Earliest retransmission deadline, undefined when nothing is in flight. */
  nextDeadline(): number | undefined {
    let earliest: number | undefined;
    for (const message of this.#messages.values()) {
      if (earliest === undefined || message.deadline < earliest) earliest = message.deadline;
    }
    return earliest;
  }

  /** Forgets everything (connection gone). */
  clear(): void {
    this.#messages.clear();
    this.#datagrams = 0;
  }
}
