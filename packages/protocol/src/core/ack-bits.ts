// The v0 ACK bit field: bit 15 says ackId-1 was received, … bit 0 says ackId-16 (docs/PROTOCOL.md §9, quirk 3).
import { ACK_BITS_COUNT } from '../wire/constants.ts';
import { sequenceAdd } from './sequence.ts';

/** The bit standing for the id `distance` (1..16) before the ack id: MSB first, as the seed's list. */
function ackBit(distance: number): number {
  return 0x8000 >>> (distance - 1);
}

/**
 * True when `ackBits` acknowledges the id `distance` before its ack id (1 = ackId-1 … 16 = ackId-16).
 * Any other distance is false. The one place the bit order is written down; allocation-free for the hot paths.
 */
export function ackBitsHas(ackBits: number, distance: number): boolean {
  return distance >= 1 && distance <= ACK_BITS_COUNT && (ackBits & ackBit(distance)) !== 0;
}

/** Builds the 16-bit field for `ackId` from a "was this sequence received?" predicate. */
export function buildAckBits(ackId: number, received: (sequence: number) => boolean): number {
  let bits = 0;
  for (let distance = 1; distance <= ACK_BITS_COUNT; distance++) {
    if (received(sequenceAdd(ackId, -distance))) bits |= ackBit(distance);
  }
  return bits;
}

/** Every sequence an ACK acknowledges: its ackId, then each earlier id whose bit is set (newest first). */
export function acknowledgedSequences(ackId: number, ackBits: number): number[] {
  const acked = [ackId & 0xffff];
  for (let distance = 1; distance <= ACK_BITS_COUNT; distance++) {
    if (ackBitsHas(ackBits, distance)) acked.push(sequenceAdd(ackId, -distance));
  }
  return acked;
}
