// Coalesced ACK planning: one ACK per lone packet, 17 ids per ACK in a burst, newest first, across the wrap.
import { describe, expect, it } from 'vitest';
import { acknowledgedSequences } from '../../src/core/ack-bits.ts';
import { AckScheduler } from '../../src/core/ack-scheduler.ts';
import { ReceiveWindow } from '../../src/core/receive-window.ts';
import { sequenceAdd } from '../../src/core/sequence.ts';

function received(ids: number[]): ReceiveWindow {
  const window = new ReceiveWindow();
  for (const id of ids) window.markReceived(id);
  return window;
}

describe('AckScheduler', () => {
  it('acknowledges a lone packet with one ACK naming it (what the seed waits for)', () => {
    const acks = new AckScheduler();
    acks.owe(4);
    expect(acks.plan(received([2, 3, 4]))).toEqual([{ ackId: 4, ackBits: 0xc000 }]);
    expect(acks.pending).toBe(0);
    expect(acks.plan(received([4]))).toEqual([]);
  });

  it('covers a burst of 31 ids with 2 ACKs, newest first, and every id is covered', () => {
    const ids = Array.from({ length: 31 }, (_, i) => sequenceAdd(65_530, i)); // wraps through 0
    const acks = new AckScheduler();
    for (const id of ids) acks.owe(id);
    const plan = acks.plan(received(ids));
    expect(plan).toHaveLength(2);
    expect(plan[0]!.ackId).toBe(sequenceAdd(65_530, 30));
    const covered = new Set(plan.flatMap((a) => acknowledgedSequences(a.ackId, a.ackBits)));
    for (const id of ids) expect(covered.has(id)).toBe(true);
  });
});
