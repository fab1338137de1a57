// Pooled randomness: every byte of the source handed out once, views stable across refills, big requests direct.
import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../src/core/random-pool.ts';

function countingSource() {
  const calls: number[] = [];
  const blocks: Uint8Array[] = [];
  const source = (length: number) => {
    calls.push(length);
    const block = new Uint8Array(length).map((_, i) => (i * 31 + calls.length) & 0xff);
    blocks.push(block);
    return block;
  };
  return { source, calls, blocks };
}

describe('pooledRandomBytes', () => {
  it('serves small requests from one block and never hands a byte out twice', () => {
    const { source, calls, blocks } = countingSource();
    const random = pooledRandomBytes(source, 256);
    const first = random(16);
    const views = [first, ...Array.from({ length: 40 }, () => random(16))];
    expect(calls).toEqual([256, 256, 256]); // 41 IVs of 16 bytes from 3 blocks of 16 IVs
    const snapshot = first.slice();
    random(16);
    expect(first).toEqual(snapshot); // a refill allocates a new block; old views stay as they were
    // Handed out in order, back to back: each view is the next 16 bytes of the source's blocks.
    const handedOut = views.flatMap((view) => Array.from(view));
    const fromSource = blocks.flatMap((block) => Array.from(block)).slice(0, handedOut.length);
    expect(handedOut).toEqual(fromSource);
  });

  it('passes requests over a quarter of the pool straight to the source', () => {
    const { source, calls } = countingSource();
    const random = pooledRandomBytes(source, 256);
    expect(random(65)).toHaveLength(65);
    expect(calls).toEqual([65]);
  });

  it('rejects a pool too small to be useful', () => {
    expect(() => pooledRandomBytes(() => new Uint8Array(0), 8)).toThrow(RangeError);
  });
});
