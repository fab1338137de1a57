// A sliding replay window over frame numbers (RFC 4303 §3.4.3 / RFC 6479 style): each number is accepted once.
import { MessageError, MessageErrorCode } from './errors.ts';

/** Frame numbers of reliable-unordered and unreliable frames: 28-bit (one 4-byte varint), wrapping. */
export const FRAME_NUMBER_MODULUS = 2 ** 28;
const HALF = FRAME_NUMBER_MODULUS / 2;
const WORD = 32;

/** Why a number was refused; `undefined` from {@link ReplayWindow.accept} means accepted. */
export type ReplayVerdict = 'duplicate' | 'too-old';

/**
 * Remembers which of the last `size` frame numbers arrived, so a frame replayed under a fresh v0 sequence id is
 * delivered at most once. Numbers further behind the newest than `size` are refused as too old: the bitmap is
 * the whole memory, `size` bits per window, allocated on first use.
 */
export class ReplayWindow {
  readonly #size: number;
  #bits: Uint32Array | undefined;
  /** The newest number accepted; starts one before 0, where senders begin counting. */
  #newest = FRAME_NUMBER_MODULUS - 1;

  /** `size`: a power of two from 32 to 2^20 (the option that sets it says which). */
  constructor(size: number, option: string) {
    if (!Number.isInteger(size) || size < WORD || size > 2 ** 20 || (size & (size - 1)) !== 0) {
      throw new MessageError(
        MessageErrorCode.USAGE,
        `Option ${option} must be a power of two from 32 to 1048576, got ${size}.`,
      );
    }
    this.#size = size;
  }

  /** Records `number` and returns undefined if it is new, or why it is refused. */
  accept(number: number): ReplayVerdict | undefined {
    const bits = this.#bits ?? this.#allocate();
    const ahead = (number - this.#newest + FRAME_NUMBER_MODULUS) % FRAME_NUMBER_MODULUS;
    if (ahead !== 0 && ahead < HALF) {
      this.#advance(bits, ahead);
      this.#newest = number;
      this.#set(bits, number);
      return undefined;
    }
    const behind = (FRAME_NUMBER_MODULUS - ahead) % FRAME_NUMBER_MODULUS;
    if (behind >= this.#size) return 'too-old';
    if (this.#has(bits, number)) return 'duplicate';
    this.#set(bits, number);
    return undefined;
  }

  #allocate(): Uint32Array {
    this.#bits = new Uint32Array(this.#size / WORD);
    return this.#bits;
  }

  /**
   * Forgets the slots the window slides over (they now stand for numbers newer than the old newest). Whole
   * words are cleared at once, so a peer jumping far ahead costs at most size/32 steps, not size.
   */
  #advance(bits: Uint32Array, ahead: number): void {
    if (ahead >= this.#size) {
      bits.fill(0);
      return;
    }
    let slot = this.#slot((this.#newest + 1) % FRAME_NUMBER_MODULUS);
    for (let left = ahead; left > 0; ) {
      if ((slot & 31) === 0 && left >= WORD) {
        bits[slot >>> 5] = 0;
        slot += WORD;
        left -= WORD;
      } else {
        bits[slot >>> 5]! &= ~(1 << (slot & 31));
        slot += 1;
        left -= 1;
      }
      if (slot === this.#size) slot = 0;
    }
  }

  #slot(number: number): number {
    return number % this.#size;
  }

  #has(bits: Uint32Array, number: number): boolean {
    const slot = this.#slot(number);
    return (bits[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  #set(bits: Uint32Array, number: number): void {
    const slot = this.#slot(number);
    bits[slot >>> 5]! |= 1 << (slot & 31);
  }
}
