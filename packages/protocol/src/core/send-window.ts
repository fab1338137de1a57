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
  /** Fast retransmissions so far (a gap in the peer's ack bits, before the timer; see Connection). */
  fastRetransmissions: number;
  /** Position in the window's deadline heap (-1 once acknowledged). */
  heapIndex: number;
}

/**
 * Bounded in-flight set. `maxDatagrams` limits how many datagrams may await ACKs, so a slow peer is never
 * flooded; a message larger than the whole window is still allowed when nothing else is in flight.
 * An ACK for a sequence id (as ackId or through ack bits) completes the message; nothing is re-queued.
 *
 * Messages are found by id in a Map and ordered by deadline in an indexed binary heap, so adding,
 * acknowledging and re-arming a message cost O(log n) and the earliest deadline O(1), however full the window.
 */
export class SendWindow {
  readonly #maxDatagrams: number;
  readonly #messages = new Map<number, InFlightMessage>();
  /** Min-heap on deadline (ties: insertion order is not guaranteed; callers sort when it matters). */
  readonly #heap: InFlightMessage[] = [];
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

  /** The in-flight message with this id, if any. */
  get(sequenceId: number): InFlightMessage | undefined {
    return this.#messages.get(sequenceId);
  }

  /** Records a message just sent at `now`, first due for retransmission at `now + rto`. */
  add(sequenceId: number, datagrams: readonly Uint8Array[], now: number, rto: number): void {
    const previous = this.#messages.get(sequenceId);
    if (previous) this.#remove(previous);
    const message: InFlightMessage = {
      sequenceId,
      datagrams,
      firstSentAt: now,
      lastSentAt: now,
      retransmissions: 0,
      deadline: now + rto,
      fastRetransmissions: 0,
      heapIndex: this.#heap.length,
    };
    this.#messages.set(sequenceId, message);
    this.#datagrams += datagrams.length;
    this.#heap.push(message);
    this.#siftUp(message.heapIndex);
  }

  /**
   * Marks a sequence id acknowledged. Returns the RTT sample when it is valid under Karn's rule (the message
   * was never retransmitted), `null` when acknowledged without a sample, undefined when it was not in flight.
   */
  acknowledge(sequenceId: number, now: number): number | null | undefined {
    const message = this.#messages.get(sequenceId);
    if (message === undefined) return undefined;
    this.#remove(message);
    const resent = message.retransmissions + message.fastRetransmissions;
    return resent === 0 ? now - message.firstSentAt : null;
  }

  /** Messages whose retransmission deadline has passed, oldest deadline first. */
  due(now: number): InFlightMessage[] {
    const heap = this.#heap;
    if (heap.length === 0 || heap[0]!.deadline > now) return [];
    const due: InFlightMessage[] = [];
    collectDue(heap, 0, now, due);
    return due.sort((a, b) => a.deadline - b.deadline || a.firstSentAt - b.firstSentAt);
  }

  /** Records a retransmission of `message` at `now`; the next one is due after `timeout`. */
  retransmitted(message: InFlightMessage, now: number, timeout: number): void {
    message.retransmissions += 1;
    message.lastSentAt = now;
    this.#reschedule(message, now + timeout);
  }

  /** Records a fast retransmission (ack-bit gap) at `now`; its timer restarts with `timeout`. */
  fastRetransmitted(message: InFlightMessage, now: number, timeout: number): void {
    message.fastRetransmissions += 1;
    message.lastSentAt = now;
    this.#reschedule(message, now + timeout);
  }

  /** Moves every deadline earlier than `deadline` out to it (the timer restarted with a backed-off RTO). */
  postponeDeadlines(deadline: number): void {
    for (const message of this.#messages.values()) {
      if (message.deadline < deadline) this.#reschedule(message, deadline);
    }
  }

  /** Earliest retransmission deadline, undefined when nothing is in flight. */
  nextDeadline(): number | undefined {
    return this.#heap[0]?.deadline;
  }

  /** Every message in flight, in send order. */
  messages(): IterableIterator<InFlightMessage> {
    return this.#messages.values();
  }

  /** Forgets everything (connection gone). */
  clear(): void {
    for (const message of this.#heap) message.heapIndex = -1;
    this.#messages.clear();
    this.#heap.length = 0;
    this.#datagrams = 0;
  }

  #reschedule(message: InFlightMessage, deadline: number): void {
    if (message.heapIndex < 0) return;
    const earlier = deadline < message.deadline;
    message.deadline = deadline;
    if (earlier) this.#siftUp(message.heapIndex);
    else this.#siftDown(message.heapIndex);
  }

  #remove(message: InFlightMessage): void {
    this.#messages.delete(message.sequenceId);
    this.#datagrams -= message.datagrams.length;
    const heap = this.#heap;
    const index = message.heapIndex;
    message.heapIndex = -1;
    const last = heap.pop()!;
    if (last === message) return;
    heap[index] = last;
    last.heapIndex = index;
    this.#siftDown(index);
    this.#siftUp(last.heapIndex);
  }

  #siftUp(start: number): void {
    const heap = this.#heap;
    let index = start;
    const item = heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (parent.deadline <= item.deadline) break;
      heap[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    heap[index] = item;
    item.heapIndex = index;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    const length = heap.length;
    let index = start;
    const item = heap[index]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && heap[right]!.deadline < heap[left]!.deadline ? right : left;
      if (heap[child]!.deadline >= item.deadline) break;
      heap[index] = heap[child]!;
      heap[index]!.heapIndex = index;
      index = child;
    }
    heap[index] = item;
    item.heapIndex = index;
  }
}

/** Depth-first walk of the heap collecting entries due by `now` (only due subtrees are visited). */
function collectDue(
  heap: readonly InFlightMessage[],
  index: number,
  now: number,
  into: InFlightMessage[],
): void {
  const message = heap[index];
  if (message === undefined || message.deadline > now) return;
  into.push(message);
  collectDue(heap, 2 * index + 1, now, into);
  collectDue(heap, 2 * index + 2, now, into);
}
