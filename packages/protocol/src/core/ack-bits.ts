// The v0 ACK bit field: bit 15 (0x8000) says ackId-1 was received, … bit 0 says ackId-16 (vectors.md quirk 3).
import { ACK_BITS_COUNT } from '../wire/constants.ts';
import { sequenceAdd } from './sequence.ts';

/** Builds the 16-bit field for `ackId` from a "was this sequence received?" predicate. */
export function buildAckBits(ackId: number, received: (sequence: number) => boolean): number {
  let bits = 0;
  for (let i = 0; i < ACK_BITS_COUNT; i++) {
    if (received(sequenceAdd(ackId, -1 - i))) bits |= 0x8000 >>> i;
  }
  return bits;
}

/** Every sequence an ACK acknowledges: its ackId, then each earlier id whose bit is set (newest first). */
export function acknowledgedSequences(ackId: number, ackBits: number): number[] {
  const acked = [ackId & 0xffff];
  for (let i = 0; i < ACK_BITS_COUNT; i++) {
    if ((ackBits & (0x8000 >>> i)) !== 0) acked.push(sequenceAdd(ackId, -1 - i));
  }
  return acked;
}
