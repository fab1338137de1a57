// A lazy min-heap of (deadline, key) pairs so an endpoint with thousands of peers finds its next timer in O(log n).

interface Entry<K> {
  deadline: number;
  key: K;
}

/**
 * Min-heap keyed by deadline. Entries are never updated in place: callers push a new entry when a key's
 * deadline moves earlier and treat a stale (early) pop as a spurious wake-up, which keeps both operations
 * O(log n) and the heap at about one entry per key.
 */
export class TimerHeap<K> {
  readonly #entries: Entry<K>[] = [];

  get size(): number {
    return this.#entries.length;
  }

  push(deadline: number, key: K): void {
    const entries = this.#entries;
    entries.push({ deadline, key });
    let i = entries.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (entries[parent]!.deadline <= entries[i]!.deadline) break;
      [entries[parent], entries[i]] = [entries[i]!, entries[parent]!];
      i = parent;
    }
  }

  peek(): Entry<K> | undefined {
    return this.#entries[0];
  }

  pop(): Entry<K> | undefined {
    const entries = this.#entries;
    const top = entries[0];
    const last = entries.pop();
    if (top === undefined || last === undefined || entries.length === 0) return top;
    entries[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < entries.length && entries[left]!.deadline < entries[smallest]!.deadline) smallest = left;
      if (right < entries.length && entries[right]!.deadline < entries[smallest]!.deadline) smallest = right;
      if (smallest === i) break;
      [entries[smallest], entries[i]] = [entries[i]!, entries[smallest]!];
      i = smallest;
    }
    return top;
  }
}

/** The earlier of two optional deadlines (undefined means "none"). */
export function earliestDeadline(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
