// A FIFO with O(1) push/shift and a hard capacity, for the endpoint's outgoing datagrams and events.

/** FIFO that refuses items beyond `capacity` (push returns false) so a driver that never drains stays bounded. */
export class BoundedQueue<T> {
  readonly #capacity: number;
  #items: (T | undefined)[] = [];
  #head = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): boolean {
    if (this.length >= this.#capacity) return false;
    this.#items.push(item);
    return true;
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head += 1;
    // Compact once the consumed prefix dominates, keeping shift amortised O(1).
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}
