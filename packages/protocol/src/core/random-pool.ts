// Amortised randomness: draws IVs (and other small values) from a block refilled in one call to the source.

/** Default block drawn from the source at once. */
export const DEFAULT_RANDOM_POOL_BYTES = 8192;

/**
 * Wraps a `randomBytes(length)` source so small requests are served from a block of `poolBytes` fetched in one
 * call (one CSPRNG call per ~500 IVs instead of one per packet, which cost more than the AES work itself).
 * Every returned array is a view of bytes handed out exactly once; a refill allocates a new block, so views
 * already returned never change. Requests larger than a quarter of the pool go to the source directly.
 * Sans-IO: the source is passed in, so the core's own randomness rule (never Math.random) is unchanged.
 */
export function pooledRandomBytes(
  source: (length: number) => Uint8Array,
  poolBytes = DEFAULT_RANDOM_POOL_BYTES,
): (length: number) => Uint8Array {
  if (!Number.isInteger(poolBytes) || poolBytes < 64)
    throw new RangeError('poolBytes must be an integer ≥ 64.');
  const largest = poolBytes >>> 2;
  let pool: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return (length: number) => {
    if (length > largest) return source(length);
    if (offset + length > pool.length) {
      const block = source(poolBytes);
      if (block.length !== poolBytes) return source(length); // a short source: do not guess
      pool = block;
      offset = 0;
    }
    const bytes = pool.subarray(offset, offset + length);
    offset += length;
    return bytes;
  };
}
