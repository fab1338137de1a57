// Prompt, coalesced ACKs: ids owed since the last flush are covered newest first, up to 17 per ACK.
import { acknowledgedSequences } from './ack-bits.ts';
import type { ReceiveWindow } from './receive-window.ts';
import { sequenceDiff } from './sequence.ts';

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
  readonly #owed = new Set<number>();

  /** Ids currently owed. */
  get pending(): number {
    return this.#owed.size;
  }

  owe(sequence: number): void {
    this.#owed.add(sequence);
  }

  clear(): void {
    this.#owed.clear();
  }

  /** The fewest ACKs (newest id first) whose ackId/ack bits cover every owed id; clears what it planned. */
  plan(window: ReceiveWindow): PlannedAck[] {
    if (this.#owed.size === 0) return [];
    const newest = window.newest ?? 0;
    const owed = [...this.#owed].sort((a, b) => sequenceDiff(b, newest) - sequenceDiff(a, newest));
    this.#owed.clear();
    const covered = new Set<number>();
    const acks: PlannedAck[] = [];
    for (const ackId of owed) {
      if (covered.has(ackId)) continue;
      const ackBits = window.ackBits(ackId);
      for (const sequence of acknowledgedSequences(ackId, ackBits)) covered.add(sequence);
      acks.push({ ackId, ackBits });
    }
    return acks;
  }
}
