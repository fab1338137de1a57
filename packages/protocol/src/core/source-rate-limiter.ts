// Per-source-IP handshake rate limit (WireGuard's ratelimiter: 20/s, burst 5) in a bounded table.
import { TokenBucket } from './token-bucket.ts';

/** Token buckets keyed by source host. Least recently used first; idle (refilled) buckets are dropped. */
export class SourceRateLimiter {
  readonly #ratePerSecond: number;
  readonly #burst: number;
  readonly #maxSources: number;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(ratePerSecond: number, burst: number, maxSources: number) {
    this.#ratePerSecond = ratePerSecond;
    this.#burst = burst;
    this.#maxSources = maxSources;
  }

  /** Sources currently tracked (bounded by maxSources). */
  get size(): number {
    return this.#buckets.size;
  }

  /** True when `source` may start one more handshake now (and counts it). */
  allow(now: number, source: string): boolean {
    let bucket = this.#buckets.get(source);
    if (bucket === undefined) {
      this.#sweep(now);
      bucket = new TokenBucket(this.#ratePerSecond, this.#burst, now);
    } else {
      this.#buckets.delete(source); // re-inserted below: Map order is least recently used first
    }
    this.#buckets.set(source, bucket);
    return bucket.take(now);
  }

  /** Drops refilled buckets from the old end, and the oldest one when the table is full. */
  #sweep(now: number): void {
    for (const [source, bucket] of this.#buckets) {
      if (!bucket.isFull(now)) break;
      this.#buckets.delete(source);
    }
    // Full of active sources: forgetting the least recent one gives it a fresh burst, never refuses a newcomer.
    if (this.#buckets.size >= this.#maxSources) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }
}
