// Receive-side ordering for reliable-ordered frames and newest-wins filtering for unreliable-sequenced ones.
import { MessageError, MessageErrorCode } from './errors.ts';
import { SEQUENCE_MODULUS } from './frame-codec.ts';

const HALF = SEQUENCE_MODULUS / 2;

/** Distance from `from` forward to `to` on the 16-bit sequence circle (0..65535). */
function sequenceDistance(from: number, to: number): number {
  return (to - from + SEQUENCE_MODULUS) % SEQUENCE_MODULUS;
}

/** True when `candidate` is newer than `last` (within half the circle), as in RFC 1982 serial arithmetic. */
export function isNewerSequence(candidate: number, last: number): boolean {
  const distance = sequenceDistance(last, candidate);
  return distance !== 0 && distance < HALF;
}

/**
 * Releases reliable-ordered items in sequence order. The carrier delivers each reliable packet
 * exactly once but maybe out of order; items ahead of the gap wait here, bounded by `maxPending`.
 */
export class OrderedReceiver<T> {
  #next = 0;
  readonly #pending = new Map<number, T>();
  readonly #maxPending: number;
  constructor(maxPending: number) {
    this.#maxPending = maxPending;
  }

  /** Accepts item `sequence`; returns the items now deliverable, in order. Duplicates and stale items are dropped. */
  push(sequence: number, item: T): T[] {
    const distance = sequenceDistance(this.#next, sequence);
    if (distance >= HALF) return []; // already delivered: a duplicate
    if (distance > 0) {
      if (this.#pending.has(sequence)) return [];
      if (this.#pending.size >= this.#maxPending) {
        throw new MessageError(
          MessageErrorCode.LIMIT_EXCEEDED,
          `More than ${this.#maxPending} reliable-ordered messages are waiting for a missing one.`,
        );
      }
      this.#pending.set(sequence, item);
      return [];
    }
    const ready = [item];
    this.#next = (this.#next + 1) % SEQUENCE_MODULUS;
    for (
      let waiting = this.#pending.get(this.#next);
      waiting !== undefined;
      waiting = this.#pending.get(this.#next)
    ) {
      this.#pending.delete(this.#next);
      ready.push(waiting);
      this.#next = (this.#next + 1) % SEQUENCE_MODULUS;
    }
    return ready;
  }

  /** Items waiting for a gap to fill. */
  get pendingCount(): number {
    return this.#pending.size;
  }
}

/**
 * Newest-wins filter, one sequence line per message id. A replayed frame is never newer than the one it copies,
 * so it is dropped. Frames are filtered before their id is checked against the registry, so at most
 * `maxStreams` ids are remembered: a new id beyond that evicts the id seen longest ago (which then accepts
 * its next frame whatever its sequence).
 */
export class SequencedFilter {
  readonly #last = new Map<number, number>();
  readonly #maxStreams: number;

  constructor(maxStreams: number) {
    if (!Number.isInteger(maxStreams) || maxStreams < 1) {
      throw new MessageError(MessageErrorCode.USAGE, 'Option maxSequencedStreams must be at least 1.');
    }
    this.#maxStreams = maxStreams;
  }

  /** True if `sequence` is newer than anything accepted for `messageId` so far (and records it). */
  accept(messageId: number, sequence: number): boolean {
    const last = this.#last.get(messageId);
    if (last !== undefined && !isNewerSequence(sequence, last)) return false;
    if (last === undefined && this.#last.size >= this.#maxStreams) {
      this.#last.delete(this.#last.keys().next().value!);
    }
    this.#last.set(messageId, sequence);
    return true;
  }

  /** Message ids remembered. */
  get size(): number {
    return this.#last.size;
  }
}
