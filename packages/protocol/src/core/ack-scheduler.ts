// Prompt, coalesced ACKs: ids owed since the last flush are covered newest first, up to 17 per ACK.
import { SEQUENCE_MODULUS } from '../wire/constants.ts';
import { ackBitsHas } from './ack-bits.ts';
import type { ReceiveWindow } from './receive-window.ts';
import { sequenceAdd, sequenceDiff } from './sequence.ts';

/** One ACK to send: its ack id and 16-bit field. */
export interface PlannedAck {
  ackId: number;
  ackBits: number;
}

/**
 * Collects the RELIABLE ids a connection owes an ACK for. The Endpoint flushes when the driver next polls for
 * datagrams, so every datagram read in one batch shares ACKs, and a lone packet is acknowledged at once (the
 * seed needs an id to appear as ackId or in the bits of some ACK before it stops resending it).
 */
export class AckScheduler {
  /** Owed ids in arrival order; a repeat (a duplicate re-acknowledged) is harmless and skipped by plan(). */
  #owed: number[] = [];

  /** Ids currently owed (repeats counted). */
  get pending(): number {
    return this.#owed.length;
  }

  owe(sequence: number): void {
    const owed = this.#owed;
    if (owed.length > 0 && owed[owed.length - 1] === sequence) return;
    // Bounded even if a flood of duplicates arrives between two flushes: at most one entry per id.
    if (owed.length >= SEQUENCE_MODULUS) this.#owed = [...new Set(owed)];
    this.#owed.push(sequence);
  }

  clear(): void {
    this.#owed.length = 0;
  }

  /** The fewest ACKs (newest id first) whose ackId/ack bits cover every owed id; clears what it planned. */
  plan(window: ReceiveWindow): PlannedAck[] {
    const owed = this.#owed;
    if (owed.length === 0) return [];
    if (owed.length === 1) {
      const ackId = owed[0]!;
      owed.length = 0;
      return [{ ackId, ackBits: window.ackBits(ackId) }];
    }
    const newest = window.newest ?? 0;
    // Distance behind the newest id, ascending = newest first.
    const behind = owed.map((sequence) => -sequenceDiff(sequence, newest));
    owed.length = 0;
    behind.sort((a, b) => a - b);
    const acks: PlannedAck[] = [];
    let lastAckBehind = Number.NaN;
    let lastAckBits = 0;
    for (const distance of behind) {
      if (distance === lastAckBehind) continue;
      // Covered by the previous (newer) ACK's bits? Newest first means only the last ACK can be the nearest.
      if (ackBitsHas(lastAckBits, distance - lastAckBehind)) continue;
      const ackId = sequenceAdd(newest, -distance);
      lastAckBehind = distance;
      lastAckBits = window.ackBits(ackId);
      acks.push({ ackId, ackBits: lastAckBits });
    }
    return acks;
  }
}
