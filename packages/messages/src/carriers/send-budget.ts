// A byte budget for unsent data shared by many links: bounds what slow readers can hold in total across a server.

/** A link that holds part of the budget and can be told to give it up. */
export interface SendBudgetHolder {
  /** The budget is full and this holder holds the most: close at once (the holder then calls `forget`). */
  evict(): void;
}

/**
 * Counts bytes handed to sockets but not yet written out, over every link of a server (or several
 * servers sharing one budget). A send that would cross the bound first evicts the largest holder,
 * if that is another link holding at least as much as the sender: a stalled reader loses its seat
 * rather than a healthy peer whose buffer drains. Browser-safe, no I/O.
 */
export class SendBudget {
  /** The bound, in bytes. */
  readonly maxBytes: number;
  readonly #held = new Map<SendBudgetHolder, number>();
  #used = 0;
  #evictions = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Bytes currently held over all holders. */
  get usedBytes(): number {
    return this.#used;
  }

  /** How many holders were evicted to make room, since creation. */
  get evictions(): number {
    return this.#evictions;
  }

  /** Bytes `holder` currently holds. */
  heldBy(holder: SendBudgetHolder): number {
    return this.#held.get(holder) ?? 0;
  }

  /** Takes `bytes` for `holder`; false when they do not fit even after evicting a larger holder. */
  reserve(holder: SendBudgetHolder, bytes: number): boolean {
    if (this.#used + bytes > this.maxBytes) this.#evictLargest(holder);
    if (this.#used + bytes > this.maxBytes) return false;
    this.#held.set(holder, this.heldBy(holder) + bytes);
    this.#used += bytes;
    return true;
  }

  /** Gives back `bytes` written out for `holder` (never more than it holds; unknown holders are ignored). */
  release(holder: SendBudgetHolder, bytes: number): void {
    const held = this.#held.get(holder);
    if (held === undefined) return;
    const returned = Math.min(held, bytes);
    this.#used -= returned;
    if (held - returned === 0) this.#held.delete(holder);
    else this.#held.set(holder, held - returned);
  }

  /** Gives back everything `holder` holds (its socket is gone, its queued data with it). */
  forget(holder: SendBudgetHolder): void {
    this.release(holder, Number.POSITIVE_INFINITY);
  }

  /** Evicts the holder holding the most, when that is not `sender` and holds at least as much. */
  #evictLargest(sender: SendBudgetHolder): void {
    let largest: SendBudgetHolder | undefined;
    let most = this.heldBy(sender);
    for (const [holder, held] of this.#held) {
      if (holder !== sender && held >= most) {
        largest = holder;
        most = held;
      }
    }
    if (!largest) return;
    this.#evictions++;
    largest.evict();
    // A holder that did not forget itself on evict() must still not keep the budget full.
    this.forget(largest);
  }
}
