// The bounded in-flight window: room, Karn's rule, due retransmissions, acknowledgement by id.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SendWindow } from '../../src/core/send-window.ts';

const d = (n: number) => Array.from({ length: n }, () => new Uint8Array(10));

describe('SendWindow', () => {
  it('bounds datagrams in flight but always admits one message into an empty window', () => {
    const window = new SendWindow(4);
    expect(window.hasRoomFor(10)).toBe(true);
    window.add(1, d(3), 0, 100);
    expect(window.hasRoomFor(1)).toBe(true);
    expect(window.hasRoomFor(2)).toBe(false);
    window.add(2, d(1), 0, 100);
    expect(window.datagramCount).toBe(4);
    expect(window.acknowledge(1, 50)).toBe(50);
    expect(window.datagramCount).toBe(1);
    expect(window.hasRoomFor(3)).toBe(true);
  });

  it('gives an RTT sample only for never-retransmitted messages (Karn)', () => {
    const window = new SendWindow(8);
    window.add(7, d(1), 0, 100);
    const [due] = window.due(100);
    window.retransmitted(due!, 100, 200);
    expect(window.acknowledge(7, 150)).toBeNull();
    expect(window.acknowledge(7, 160)).toBeUndefined();
  });

  it('reports due messages and the next deadline', () => {
    const window = new SendWindow(8);
    window.add(1, d(1), 0, 100);
    window.add(2, d(1), 10, 100);
    expect(window.nextDeadline()).toBe(100);
    expect(window.due(99)).toHaveLength(0);
    expect(window.due(105).map((m) => m.sequenceId)).toEqual([1]);
    window.retransmitted(window.due(105)[0]!, 105, 400);
    expect(window.nextDeadline()).toBe(110);
  });
});

describe('SendWindow deadline heap', () => {
  it('agrees with a linear scan under random adds, acks and retransmissions', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('add', 'ack', 'retransmit'), fc.integer({ min: 0, max: 40 }), fc.nat(500)),
          { maxLength: 300 },
        ),
        (operations) => {
          const window = new SendWindow(1000);
          const model = new Map<number, number>(); // sequence id -> deadline
          let now = 0;
          for (const [operation, id, amount] of operations) {
            now += 1;
            if (operation === 'add') {
              window.add(id, d(1), now, amount);
              model.set(id, now + amount);
            } else if (operation === 'ack') {
              expect(window.acknowledge(id, now) !== undefined).toBe(model.delete(id));
            } else {
              const due = window.due(now + amount);
              const expected = [...model].filter(([, deadline]) => deadline <= now + amount).map(([s]) => s);
              expect(due.map((m) => m.sequenceId).sort((a, b) => a - b)).toEqual(
                expected.sort((a, b) => a - b),
              );
              for (const message of due) {
                window.retransmitted(message, now, amount + 1);
                model.set(message.sequenceId, now + amount + 1);
              }
            }
            const earliest = model.size === 0 ? undefined : Math.min(...model.values());
            expect(window.nextDeadline()).toBe(earliest);
            expect(window.size).toBe(model.size);
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
