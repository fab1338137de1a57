// 16-bit sequence arithmetic that survives the wrap at 65536 (serial-number comparison, RFC 1982 style).
import { SEQUENCE_MODULUS } from '../wire/constants.ts';

const HALF = SEQUENCE_MODULUS / 2;

/** `sequence + delta` modulo 2^16. */
export function sequenceAdd(sequence: number, delta: number): number {
  // Two's-complement masking is the modulo for integers in int32 range; anything else takes the general path.
  const sum = sequence + delta;
  if ((sum | 0) === sum) return sum & 0xffff;
  return ((sum % SEQUENCE_MODULUS) + SEQUENCE_MODULUS) % SEQUENCE_MODULUS;
}

/**
 * Signed distance from `b` to `a` in [-32768, 32767]: positive when `a` is newer than `b`.
 * Exactly half the space apart counts as older, so the result is always well defined.
 */
export function sequenceDiff(a: number, b: number): number {
  const raw = a - b;
  const d =
    (raw | 0) === raw ? raw & 0xffff : ((raw % SEQUENCE_MODULUS) + SEQUENCE_MODULUS) % SEQUENCE_MODULUS;
  return d >= HALF ? d - SEQUENCE_MODULUS : d;
}

/** True when `a` is strictly newer than `b` across the wrap. */
export function sequenceNewer(a: number, b: number): boolean {
  return sequenceDiff(a, b) > 0;
}
