// A player's events for a screen that also waits on keys: taken in order, and a signal that wakes an open prompt.
import { EventQueue } from '../client/event-queue.ts';
import type { RpsEvent } from '../client/rps-player.ts';

/** The part of a player the inbox reads (an RpsPlayer, or a fake in tests). */
export interface EventSource {
  next(): Promise<RpsEvent>;
}

/**
 * Reads every event of `source` as it arrives (so a notice can interrupt a prompt) and keeps it until taken.
 * Reading stops after `closed`.
 */
export class ScreenInbox {
  readonly #queue = new EventQueue<RpsEvent>();
  #arrived = new AbortController();

  constructor(source: EventSource) {
    void this.#pump(source);
  }

  /** True when an event is waiting to be taken. */
  get waiting(): boolean {
    return this.#queue.size > 0;
  }

  /** Aborts once an event is waiting (already aborted when one is): pass it to a prompt to close it then. */
  get arrived(): AbortSignal {
    if (this.#queue.size === 0 && this.#arrived.signal.aborted) this.#arrived = new AbortController();
    return this.#arrived.signal;
  }

  /** The next event; with `signal`, rejects when it aborts first. */
  take(signal?: AbortSignal): Promise<RpsEvent> {
    return this.#queue.take(signal);
  }

  async #pump(source: EventSource): Promise<void> {
    for (;;) {
      const event = await source.next();
      this.#queue.push(event);
      this.#arrived.abort();
      if (event.type === 'closed') return;
    }
  }
}
