// Ordering and sequencing on the receive side, and ENet-style batching on the send side.
import { describe, expect, it } from 'vitest';
import { FrameBatcher } from '../src/batcher.ts';
import { isNewerSequence, OrderedReceiver, SequencedFilter } from '../src/channels.ts';

describe('OrderedReceiver', () => {
  it('releases in order across gaps and drops duplicates', () => {
    const receiver = new OrderedReceiver<string>(8);
    expect(receiver.push(1, 'b')).toEqual([]);
    expect(receiver.push(2, 'c')).toEqual([]);
    expect(receiver.push(0, 'a')).toEqual(['a', 'b', 'c']);
    expect(receiver.push(1, 'b again')).toEqual([]);
    expect(receiver.push(3, 'd')).toEqual(['d']);
  });

  it('wraps around 65535 → 0', () => {
    const receiver = new OrderedReceiver<number>(8);
    for (let i = 0; i < 65_535; i++) receiver.push(i, i);
    expect(receiver.push(0, 65_536)).toEqual([]);
    expect(receiver.push(65_535, 65_535)).toEqual([65_535, 65_536]);
  });

  it('bounds what waits for a missing message (maxOutOfOrder)', () => {
    const receiver = new OrderedReceiver<number>(2);
    receiver.push(1, 1);
    receiver.push(2, 2);
    expect(() => receiver.push(3, 3)).toThrowError(
      expect.objectContaining({ code: 'PC_MSG_LIMIT_EXCEEDED' }),
    );
  });
});

describe('SequencedFilter', () => {
  it('keeps only newer sequences per message id, across wrap-around', () => {
    const filter = new SequencedFilter(4096);
    expect(filter.accept(16, 5)).toBe(true);
    expect(filter.accept(16, 4)).toBe(false);
    expect(filter.accept(16, 5)).toBe(false);
    expect(filter.accept(17, 1)).toBe(true);
    expect(filter.accept(16, 65_000)).toBe(false); // far "behind" in serial arithmetic
    expect(isNewerSequence(2, 65_530)).toBe(true);
  });
});

describe('FrameBatcher', () => {
  function collect(reliableOnly: boolean, maxPacketBytes = 100) {
    const packets: Array<{ bytes: number; reliable: boolean }> = [];
    let flush: () => void = () => {};
    const batcher = new FrameBatcher({
      maxPacketBytes,
      reliableOnly,
      sink: (packet, reliable) => packets.push({ bytes: packet.length, reliable }),
      schedule: (run) => {
        flush = run;
      },
    });
    return { batcher, packets, endTurn: () => flush() };
  }

  it('packs one turn of frames into as few packets as fit the budget', () => {
    const { batcher, packets, endTurn } = collect(false);
    for (let i = 0; i < 25; i++) batcher.push(new Uint8Array(10), true);
    endTurn();
    expect(packets.map((p) => p.bytes)).toEqual([100, 100, 50]);
  });

  it('keeps reliable and unreliable frames apart unless the carrier is reliable-only', () => {
    const split = collect(false);
    split.batcher.push(new Uint8Array(10), true);
    split.batcher.push(new Uint8Array(10), false);
    split.endTurn();
    expect(split.packets).toEqual([
      { bytes: 10, reliable: true },
      { bytes: 10, reliable: false },
    ]);
    const merged = collect(true);
    merged.batcher.push(new Uint8Array(10), true);
    merged.batcher.push(new Uint8Array(10), false);
    merged.endTurn();
    expect(merged.packets).toEqual([{ bytes: 20, reliable: true }]);
  });

  it('sends a frame larger than the budget alone (the carrier fragments it)', () => {
    const { batcher, packets, endTurn } = collect(false);
    batcher.push(new Uint8Array(10), true);
    batcher.push(new Uint8Array(500), true);
    endTurn();
    expect(packets.map((p) => p.bytes)).toEqual([10, 500]);
  });
});

describe('FrameBatcher reliable budget', () => {
  it('packs reliable frames up to maxReliablePacketBytes and unreliable ones up to maxPacketBytes', () => {
    const packets: Array<[number, boolean]> = [];
    let flush: () => void = () => {};
    const batcher = new FrameBatcher({
      maxPacketBytes: 100,
      maxReliablePacketBytes: 400,
      reliableOnly: false,
      sink: (packet, reliable) => packets.push([packet.length, reliable]),
      schedule: (run) => {
        flush = run;
      },
    });
    for (let i = 0; i < 50; i++) batcher.push(new Uint8Array(10), true);
    for (let i = 0; i < 15; i++) batcher.push(new Uint8Array(10), false);
    flush();
    expect(packets).toEqual([
      [400, true],
      [100, false],
      [100, true],
      [50, false],
    ]);
  });
});
