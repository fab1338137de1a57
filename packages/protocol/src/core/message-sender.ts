// The send side of one connection: seals application messages, keeps the in-flight window full, queues the rest.

import { Flag, MAX_FRAGMENT_PAYLOAD } from '../wire/constants.ts';
import { sealDatagrams } from '../wire/seal-datagrams.ts';
import type { SessionCipher } from '../wire/session-cipher.ts';
import type { ResolvedEndpointOptions } from './endpoint-options.ts';
import { MessageTooLargeError, SendQueueFullError } from './errors.ts';
import type { EndpointStats } from './events.ts';
import type { RttEstimator } from './rtt-estimator.ts';
import type { SendWindow } from './send-window.ts';

/** Collaborators of a MessageSender, owned by its Connection. */
export interface MessageSenderContext {
  options: ResolvedEndpointOptions;
  window: SendWindow;
  rtt: RttEstimator;
  stats: EndpointStats;
  nextSequence: () => number;
  transmit: (datagram: Uint8Array) => void;
  peer?: string;
}

interface QueuedMessage {
  payload: Uint8Array;
  flags: number;
}

/**
 * Sends as fast as the window allows, with no pacing sleep: unreliable messages go out at once; RELIABLE ones go
 * out while fewer than maxInFlight datagrams await ACKs and wait in a bounded FIFO otherwise (sealed only when
 * they leave it, so each gets a fresh IV and the next sequence id).
 */
export class MessageSender {
  readonly #context: MessageSenderContext;
  #queue: QueuedMessage[] = [];
  #head = 0;

  constructor(context: MessageSenderContext) {
    this.#context = context;
  }

  /** Reliable messages waiting for room in the window. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  send(now: number, payload: Uint8Array, flags: number, cipher: SessionCipher | undefined): void {
    const { options } = this.#context;
    if (payload.length > options.maxMessageBytes) {
      throw new MessageTooLargeError({ bytes: payload.length, limit: options.maxMessageBytes });
    }
    if ((flags & Flag.RELIABLE) === 0) {
      this.#transmit(now, payload, flags, cipher);
      return;
    }
    if (this.queued === 0 && this.#context.window.hasRoomFor(estimateDatagrams(payload.length))) {
      this.#transmit(now, payload, flags, cipher);
      return;
    }
    if (this.queued >= options.maxQueuedMessages) {
      throw new SendQueueFullError({ peer: this.#context.peer ?? 'peer', limit: options.maxQueuedMessages });
    }
    // Copy: the caller may reuse its buffer before the window has room.
    this.#queue.push({ payload: new Uint8Array(payload), flags }); // a real copy even for a Buffer (its slice is a view)
  }

  /** Moves queued reliable messages into the window while it has room. */
  pump(now: number, cipher: SessionCipher | undefined): void {
    while (this.queued > 0) {
      const next = this.#queue[this.#head]!;
      if (!this.#context.window.hasRoomFor(estimateDatagrams(next.payload.length))) return;
      this.#queue[this.#head] = undefined as unknown as QueuedMessage;
      this.#head += 1;
      if (this.#head === this.#queue.length) {
        this.#queue = [];
        this.#head = 0;
      }
      try {
        this.#transmit(now, next.payload, next.flags, cipher);
      } catch {
        this.#context.stats.transmitsDropped += 1; // validated at send(); only a codec limit can land here
      }
    }
  }

  clear(): void {
    this.#queue = [];
    this.#head = 0;
  }

  #transmit(now: number, payload: Uint8Array, flags: number, cipher: SessionCipher | undefined): void {
    const { window, rtt, stats, options } = this.#context;
    const sequenceId = this.#context.nextSequence();
    const datagrams = sealDatagrams(sequenceId, payload, { flags, cipher, randomBytes: options.randomBytes });
    if ((flags & Flag.RELIABLE) !== 0) window.add(sequenceId, datagrams, now, rtt.rto);
    stats.messagesSent += 1;
    for (const datagram of datagrams) this.#context.transmit(datagram);
  }
}

/** Upper estimate of the datagrams a payload becomes (header room and CBC padding included). */
function estimateDatagrams(payloadBytes: number): number {
  return Math.max(1, Math.ceil((payloadBytes + 16) / MAX_FRAGMENT_PAYLOAD));
}
