// Per-peer record of received sequence ids: duplicate suppression across the 16-bit wrap and the ACK bit source.
import { SEQUENCE_MODULUS } from '../wire/constants.ts';
import { buildAckBits } from './ack-bits.ts';
import { sequenceAdd, sequenceDiff } from './sequence.ts';

const HALF = SEQUENCE_MODULUS / 2;

/**
 * One bit per possible sequence id (8 KiB), as the seed's 65,536-entry recvAckBits list. The newest id seen
 * splits the circle: the 32,768 ids up to it are "past" and their bits are meaningful; the ids ahead of it
 * must read as not received. The seed keeps that true with its rolling reset; we do the same thing
 * incrementally: when the newest id advances by d, exactly the d ids that move from the far past into the
 * "ahead" half are cleared, so a packet from before the wrap can never mask a new one.
 */
export class ReceiveWindow {
  readonly #bits = new Uint32Array(SEQUENCE_MODULUS / 32);
  #newest: number | undefined;
  /** has() bound once, so building an ACK field allocates nothing. */
  readonly #isReceived = (sequence: number): boolean => this.has(sequence);

  /** Newest sequence id observed so far (undefined before the first packet). */
  get newest(): number | undefined {
    return this.#newest;
  }

  /** Records that a packet with this id arrived (any type): advances the newest id with the rolling reset. */
  observe(sequence: number): void {
    const newest = this.#newest;
    if (newest === undefined) {
      this.#newest = sequence;
      return;
    }
    const advance = sequenceDiff(sequence, newest);
    if (advance <= 0) return;
    this.#clearRange(sequenceAdd(newest, HALF), advance);
    this.#newest = sequence;
  }

  /** True when `sequence` was marked received and still lies in the past half of the window. */
  has(sequence: number): boolean {
    const newest = this.#newest;
    if (newest === undefined || sequenceDiff(sequence, newest) > 0) return false;
    return (this.#bits[sequence >>> 5]! & (1 << (sequence & 31))) !== 0;
  }

  /** Marks a packet received. Returns false when it already was (a duplicate), true when it is new. */
  markReceived(sequence: number): boolean {
    this.observe(sequence);
    if (this.has(sequence)) return false;
    this.#bits[sequence >>> 5]! |= 1 << (sequence & 31);
    return true;
  }

  /** The ACK bit field for `ackId` (bit 15 = ackId-1 … bit 0 = ackId-16), built by the one ack-bits helper. */
  ackBits(ackId: number): number {
    return buildAckBits(ackId, this.#isReceived);
  }

  #clearRange(start: number, count: number): void {
    let sequence = start;
    let left = count;
    while (left > 0) {
      const offset = sequence & 31;
      if (offset === 0 && left >= 32) {
        this.#bits[sequence >>> 5] = 0;
        sequence = sequenceAdd(sequence, 32);
        left -= 32;
      } else {
        this.#bits[sequence >>> 5]! &= ~(1 << offset);
        sequence = sequenceAdd(sequence, 1);
        left -= 1;
      }
    }
  }
}
