// Outgoing frames: per-delivery-kind sequence numbers, then batching into carrier packets.

import { FrameBatcher } from './batcher.ts';
import type { CarrierLink } from './carriers/carrier.ts';
import { encodeFrame, SEQUENCE_MODULUS } from './frame-codec.ts';
import { FRAME_NUMBER_MODULUS } from './replay-window.ts';

/**
 * Numbers and queues one connection's outgoing frames. Reliable-ordered frames (control messages
 * included) share one 16-bit counter; unreliable-sequenced frames count per message id;
 * reliable-unordered and unreliable frames each share one 28-bit frame number, which the receiver
 * deduplicates (a replay under a new v0 sequence id is dropped). Frames leave packed at the end of the turn.
 */
export class FrameSender {
  readonly #batcher: FrameBatcher;
  #orderedSequence = 0;
  readonly #sentSequences = new Map<number, number>();
  /** Next frame number of reliable-unordered (index 1) and unreliable (index 2) frames. */
  readonly #frameNumbers = [0, 0, 0];

  constructor(link: CarrierLink, schedule: ((flush: () => void) => void) | undefined) {
    this.#batcher = new FrameBatcher({
      maxPacketBytes: link.maxPacketBytes,
      ...(link.maxReliablePacketBytes ? { maxReliablePacketBytes: link.maxReliablePacketBytes } : {}),
      reliableOnly: link.reliableOnly,
      sink: (packet, reliable) => link.send(packet, reliable),
      ...(schedule ? { schedule } : {}),
    });
  }

  /** Queues `payload` as a frame of message `messageId` with wire delivery kind `deliveryWire` (0-3). */
  send(messageId: number, deliveryWire: number, payload: Uint8Array): void {
    let sequence: number | undefined;
    if (deliveryWire === 0) {
      sequence = this.#orderedSequence;
      this.#orderedSequence = (sequence + 1) % SEQUENCE_MODULUS;
    } else if (deliveryWire === 3) {
      sequence = this.#sentSequences.get(messageId) ?? 0;
      this.#sentSequences.set(messageId, (sequence + 1) % SEQUENCE_MODULUS);
    } else {
      sequence = this.#frameNumbers[deliveryWire]!;
      this.#frameNumbers[deliveryWire] = (sequence + 1) % FRAME_NUMBER_MODULUS;
    }
    this.#batcher.push(encodeFrame(messageId, deliveryWire, sequence, payload), deliveryWire <= 1);
  }

  /** Sends everything queued now instead of at the end of the turn. */
  flush(): void {
    this.#batcher.flush();
  }

  /** Drops everything queued (the connection closed). */
  clear(): void {
    this.#batcher.clear();
  }
}
