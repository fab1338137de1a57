// A token bucket in caller-supplied time (sans-IO): `rate` tokens per second, at most `burst` stored.

/** Refills continuously from `now` (ms); starts full. */
export class TokenBucket {
  readonly #ratePerMs: number;
  readonly #burst: number;
  #tokens: number;
  #updatedAt: number;

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.#ratePerMs = ratePerSecond / 1_000;
    this.#burst = burst;
    this.#tokens = burst;
    this.#updatedAt = now;
  }

  /** Takes `amount` tokens if they are there (true); otherwise takes none (false). */
  take(now: number, amount = 1): boolean {
    this.#refill(now);
    if (this.#tokens < amount) return false;
    this.#tokens -= amount;
    return true;
  }

  /** True when the bucket has refilled to its burst: it then behaves like a new one and can be dropped. */
  isFull(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.#burst;
  }

  #refill(now: number): void {
    // A clock that goes backwards (or a stale `now`) refills nothing.
    const elapsed = now - this.#updatedAt;
    if (elapsed <= 0) return;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
    this.#updatedAt = now;
  }
}
