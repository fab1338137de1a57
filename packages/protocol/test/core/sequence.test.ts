// 16-bit sequence arithmetic and the ACK bit field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ackBitsHas, acknowledgedSequences, buildAckBits } from '../../src/core/ack-bits.ts';
import { sequenceAdd, sequenceDiff, sequenceNewer } from '../../src/core/sequence.ts';

describe('sequence arithmetic', () => {
  it('wraps at 65536 in both directions', () => {
    expect(sequenceAdd(65535, 1)).toBe(0);
    expect(sequenceAdd(0, -1)).toBe(65535);
    expect(sequenceAdd(10, 65536 * 3)).toBe(10);
  });

  it('compares across the wrap: 0 is newer than 65535, 65535 older than 5', () => {
    expect(sequenceNewer(0, 65535)).toBe(true);
    expect(sequenceNewer(65535, 0)).toBe(false);
    expect(sequenceDiff(5, 65535)).toBe(6);
    expect(sequenceDiff(65535, 5)).toBe(-6);
  });

  it('treats exactly half the space apart as older (well-defined, antisymmetric elsewhere)', () => {
    expect(sequenceDiff(32768, 0)).toBe(-32768);
    expect(sequenceDiff(0, 32768)).toBe(-32768);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: -32767, max: 32767 }), (a, d) => {
        const b = sequenceAdd(a, d);
        expect(sequenceDiff(b, a)).toBe(d);
        expect(sequenceDiff(a, b) + d).toBe(0); // not toBe(-d): -0 is not 0 under Object.is
      }),
    );
  });
});

describe('ack bits', () => {
  it('bit 15 is ackId-1 and bit 0 is ackId-16 (the seed capture 0xc000 acks 3 and 2 for ackId 4)', () => {
    expect(acknowledgedSequences(4, 0xc000)).toEqual([4, 3, 2]);
    expect(buildAckBits(4, (s) => s === 3 || s === 2)).toBe(0xc000);
    expect(buildAckBits(100, (s) => s === 84)).toBe(0x0001);
  });

  it('ackBitsHas tests one distance: 1 is bit 15, 16 is bit 0, anything outside 1..16 is false', () => {
    expect(ackBitsHas(0x8000, 1)).toBe(true);
    expect(ackBitsHas(0x0001, 16)).toBe(true);
    expect(ackBitsHas(0x8000, 2)).toBe(false);
    for (const distance of [0, 17, 33, -1, Number.NaN]) expect(ackBitsHas(0xffff, distance)).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 0xffff }), (ackId, bits) => {
        const acked = new Set(acknowledgedSequences(ackId, bits).slice(1));
        for (let distance = 1; distance <= 16; distance++) {
          expect(ackBitsHas(bits, distance)).toBe(acked.has(sequenceAdd(ackId, -distance)));
        }
      }),
    );
  });

  it('wraps below zero', () => {
    expect(acknowledgedSequences(1, 0xc000)).toEqual([1, 0, 65535]);
    expect(buildAckBits(0, (s) => s === 65535 || s === 65520)).toBe(0x8001);
  });

  it('round-trips any set of the 16 earlier ids', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 0xffff }), (ackId, bits) => {
        const acked = new Set(acknowledgedSequences(ackId, bits).slice(1));
        expect(buildAckBits(ackId, (s) => acked.has(s))).toBe(bits);
      }),
    );
  });
});
