// Fuzzes the decoder, reassembler and opener with random, mutated-seed, generated, sealed and bomb inputs.
import { describe, expect, it } from 'vitest';
import { runCodecFuzz } from './support/fuzz-harness.ts';

describe('codec fuzz (npm run fuzz:codec runs 1,000,000+ inputs; npm test runs 30,000)', () => {
  it('throws nothing but the right PacketError minor, stays inside the buffer and within its limits', () => {
    const report = runCodecFuzz({ iterations: 30_000, seed: 0xc0dec });
    expect(report.failures).toEqual([]);
    expect(report.failureCount).toBe(0);
    expect(report.inputs).toBeGreaterThanOrEqual(30_000);
    // The run must actually exercise every outcome, or it proves nothing.
    expect(Object.keys(report.rejectedByMinor).sort()).toEqual(
      [
        'CHECKSUM',
        'FLAGS',
        'FRAGMENT_ID',
        'FRAGMENT_NUMBER',
        'INIT_VECTOR',
        'PACKET_TYPE',
        'SEQUENCE_ID',
        'VERSION',
      ].sort(),
    );
    expect(Object.keys(report.openRejectedByMinor).sort()).toEqual([
      'CHECKSUM',
      'COMPRESSION',
      'INIT_VECTOR',
    ]);
    expect(report.accepted).toBeGreaterThan(1000);
    expect(report.opened).toBeGreaterThan(1000);
    expect(report.reassembled).toBeGreaterThan(10);
    expect(report.maxPendingSeen).toBeGreaterThan(1);
  });
});
