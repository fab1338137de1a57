// Deterministic pseudo-randomness for simulations, lossy test links and repeatable benchmarks — never for keys or IVs.

/** A seeded 32-bit PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic `randomBytes(length)` for EndpointOptions. */
export function seededRandomBytes(seed: number): (length: number) => Uint8Array {
  const next = seededRandom(seed);
  return (length: number) => {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256);
    return bytes;
  };
}
