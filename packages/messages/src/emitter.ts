// A tiny typed event emitter that runs in browsers and Node alike (no node:events).

/** Maps event names to their listener argument. */
export type EventMap = Record<string, unknown>;

/** Typed `on`/`off`/`once`/`emit`. A throwing listener does not stop the others; its error goes to `onListenerError`. */
export class TypedEmitter<Events extends EventMap> {
  readonly #listeners = new Map<keyof Events, Set<(value: never) => void>>();
  /** Where errors thrown by listeners go. Default: rethrown asynchronously so they are not swallowed. */
  onListenerError: (error: unknown) => void = (error) => {
    queueMicrotask(() => {
      throw error;
    });
  };

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as (value: never) => void);
    return () => this.off(event, listener);
  }

  /** Adds a listener that runs at most once. */
  once<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void {
    const off = this.on(event, (value) => {
      off();
      listener(value);
    });
    return off;
  }

  /** Removes a listener. */
  off<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): void {
    this.#listeners.get(event)?.delete(listener as (value: never) => void);
  }

  /** Number of listeners for an event. */
  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  protected emit<K extends keyof Events>(event: K, value: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set || set.size === 0) return;
    if (set.size === 1) {
      // The common case, without copying the set (a copy keeps iteration stable when listeners change).
      for (const listener of set) {
        try {
          (listener as (value: Events[K]) => void)(value);
        } catch (error) {
          this.onListenerError(error);
        }
        return;
      }
    }
    for (const listener of [...set]) {
      try {
        (listener as (value: Events[K]) => void)(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
