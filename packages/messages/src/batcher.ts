// Outgoing batching: frames queued in one event-loop turn for one peer go out packed into as few packets as fit (ENet-style).

/** Sends one packed packet on the carrier. */
export type PacketSink = (packet: Uint8Array, reliable: boolean) => void;

class PacketQueue {
  frames: Uint8Array[] = [];
  bytes = 0;
  take(): Uint8Array {
    const frames = this.frames;
    const packet = frames.length === 1 ? frames[0]! : new Uint8Array(this.bytes);
    if (frames.length > 1) {
      let at = 0;
      for (const frame of frames) {
        packet.set(frame, at);
        at += frame.length;
      }
    }
    this.frames = [];
    this.bytes = 0;
    return packet;
  }
}

/**
 * Packs frames into packets of at most `maxPacketBytes` (a frame larger than that goes alone and
 * the carrier fragments it). Reliable and unreliable frames go in separate packets unless the
 * carrier is reliable-only, in which case everything shares one queue.
 */
export class FrameBatcher {
  readonly #reliable = new PacketQueue();
  readonly #unreliable: PacketQueue;
  readonly #maxPacketBytes: number;
  readonly #maxReliablePacketBytes: number;
  readonly #sink: PacketSink;
  readonly #schedule: (flush: () => void) => void;
  #scheduled = false;

  constructor(options: {
    maxPacketBytes: number;
    /** Budget for the reliable queue. Default `maxPacketBytes`. */
    maxReliablePacketBytes?: number;
    reliableOnly: boolean;
    sink: PacketSink;
    /** How a flush is deferred to the end of the turn. Default: queueMicrotask. */
    schedule?: (flush: () => void) => void;
  }) {
    this.#maxPacketBytes = options.maxPacketBytes;
    this.#maxReliablePacketBytes = options.reliableOnly
      ? options.maxPacketBytes
      : (options.maxReliablePacketBytes ?? options.maxPacketBytes);
    this.#unreliable = options.reliableOnly ? this.#reliable : new PacketQueue();
    this.#sink = options.sink;
    this.#schedule = options.schedule ?? ((flush) => queueMicrotask(flush)); // unbound queueMicrotask is an "Illegal invocation" in browsers
  }

  /** Queues a frame; it leaves when the turn ends or its packet is full. */
  push(frame: Uint8Array, reliable: boolean): void {
    const queue = reliable ? this.#reliable : this.#unreliable;
    const budget = queue === this.#reliable ? this.#maxReliablePacketBytes : this.#maxPacketBytes;
    if (queue.frames.length > 0 && queue.bytes + frame.length > budget) {
      this.#sink(queue.take(), reliable || queue === this.#reliable);
    }
    queue.frames.push(frame);
    queue.bytes += frame.length;
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#schedule(() => this.flush());
    }
  }

  /** Sends everything queued now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#reliable.frames.length > 0) this.#sink(this.#reliable.take(), true);
    if (this.#unreliable !== this.#reliable && this.#unreliable.frames.length > 0) {
      this.#sink(this.#unreliable.take(), false);
    }
  }

  /** Drops everything queued (the connection is gone). */
  clear(): void {
    this.#reliable.take();
    this.#unreliable.take();
  }
}
