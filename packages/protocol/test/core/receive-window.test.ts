// Duplicate suppression across the 16-bit wrap and the rolling reset of the receive window.
import { describe, expect, it } from 'vitest';
import { ReceiveWindow } from '../../src/core/receive-window.ts';
import { sequenceAdd } from '../../src/core/sequence.ts';

describe('ReceiveWindow', () => {
  it('reports new then duplicate, in any order within the window', () => {
    const window = new ReceiveWindow();
    expect(window.markReceived(10)).toBe(true);
    expect(window.markReceived(12)).toBe(true);
    expect(window.markReceived(11)).toBe(true);
    expect(window.markReceived(10)).toBe(false);
    expect(window.markReceived(12)).toBe(false);
    expect(window.newest).toBe(12);
  });

  it('suppresses duplicates through three full wraps of the sequence space', () => {
    const window = new ReceiveWindow();
    let delivered = 0;
    let lateDuplicatesAccepted = 0;
    for (let n = 0; n < 3 * 65536 + 100; n++) {
      const sequence = n % 65536;
      if (window.markReceived(sequence)) delivered += 1;
      // A late duplicate of something 1000 back must never be delivered again.
      if (n >= 1000 && window.markReceived(sequenceAdd(sequence, -1000))) lateDuplicatesAccepted += 1;
    }
    expect(delivered).toBe(3 * 65536 + 100);
    expect(lateDuplicatesAccepted).toBe(0);
  });

  it('rolling reset: an id from the previous lap reads as not received once the window has moved on', () => {
    const window = new ReceiveWindow();
    window.markReceived(100);
    // Advance in steps of 30000 (each within the forward half) all the way around: 30000, 60000, 24464.
    for (let lap = 1; lap <= 3; lap++) window.observe(sequenceAdd(100, lap * 30_000));
    expect(window.newest).toBe(sequenceAdd(100, 90_000));
    expect(window.has(100)).toBe(false);
    expect(window.markReceived(100)).toBe(true);
  });

  it('builds ack bits from received ids (bit 15 = ackId-1)', () => {
    const window = new ReceiveWindow();
    for (const s of [65534, 65535, 1, 2]) window.markReceived(s);
    // ackId 2: 1 received (bit15), 0 missing (bit14), 65535 (bit13), 65534 (bit12).
    expect(window.ackBits(2)).toBe(0x8000 | 0x2000 | 0x1000);
  });

  it('never reports ids ahead of the newest as received', () => {
    const window = new ReceiveWindow();
    window.markReceived(5);
    expect(window.has(6)).toBe(false);
    expect(window.has(5 + 30_000)).toBe(false);
  });
});
