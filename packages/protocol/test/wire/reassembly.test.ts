// FragmentReassembler: order independence, duplicates, inconsistent fragments, and every limit.
import { describe, expect, it } from 'vitest';
import {
  Flag,
  FragmentIdError,
  FragmentNumberError,
  FragmentReassembler,
  type Packet,
  PacketType,
} from '../../src/index.ts';

const fragment = (
  sequenceId: number,
  fragmentId: number,
  fragmentNumber: number,
  size = 10,
  flags = 0,
): Packet => ({
  type: PacketType.DEFAULT,
  version: 0,
  flags: flags | Flag.FRAG,
  sequenceId,
  fragmentId,
  fragmentNumber,
  data: new Uint8Array(size).fill(fragmentId + 1),
});

describe('FragmentReassembler', () => {
  it('joins fragments in any order and returns fragment 0’s header with FRAG cleared', () => {
    const reassembler = new FragmentReassembler();
    expect(reassembler.push(0, fragment(5, 2, 3, 4, Flag.RELIABLE))).toBeUndefined();
    expect(reassembler.push(0, fragment(5, 0, 3, 4, Flag.RELIABLE))).toBeUndefined();
    const whole = reassembler.push(0, fragment(5, 1, 3, 4, Flag.RELIABLE))!;
    expect(whole.flags).toBe(Flag.RELIABLE);
    expect(whole.fragmentId).toBeUndefined();
    expect(Array.from(whole.data)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(reassembler.pendingMessages).toBe(0);
    expect(reassembler.bufferedBytes).toBe(0);
  });

  it('ignores duplicated fragments (first copy wins)', () => {
    const reassembler = new FragmentReassembler();
    reassembler.push(0, fragment(1, 0, 2));
    expect(reassembler.push(0, { ...fragment(1, 0, 2), data: new Uint8Array(10).fill(99) })).toBeUndefined();
    expect(reassembler.push(0, fragment(1, 1, 2))!.data[0]).toBe(1);
  });

  it('copies fragment data, so a reused datagram buffer cannot corrupt a pending message', () => {
    const reassembler = new FragmentReassembler();
    const first = fragment(1, 0, 2);
    reassembler.push(0, first);
    first.data.fill(0);
    expect(reassembler.push(0, fragment(1, 1, 2))!.data[0]).toBe(1);
  });

  it('rejects fragments that disagree with their message, keeping the message', () => {
    const reassembler = new FragmentReassembler();
    reassembler.push(0, fragment(1, 0, 3));
    expect(() => reassembler.push(0, fragment(1, 1, 4))).toThrow(FragmentNumberError);
    expect(() => reassembler.push(0, fragment(1, 1, 3, 10, Flag.RELIABLE))).toThrow(FragmentIdError);
    expect(() => reassembler.push(0, { ...fragment(1, 1, 3), checksum: 5 })).toThrow(FragmentIdError);
    expect(() => reassembler.push(0, { ...fragment(1, 5, 3) })).toThrow(FragmentIdError);
    expect(() => reassembler.push(0, { ...fragment(1, 0, 3), flags: 0 })).toThrow(FragmentIdError);
    reassembler.push(0, fragment(1, 1, 3));
    expect(reassembler.push(0, fragment(1, 2, 3))).toBeDefined();
  });

  it('maxPendingMessages: drops the oldest message to make room', () => {
    const reassembler = new FragmentReassembler({ maxPendingMessages: 2 });
    reassembler.push(0, fragment(1, 0, 2));
    reassembler.push(0, fragment(2, 0, 2));
    reassembler.push(0, fragment(3, 0, 2));
    expect(reassembler.pendingMessages).toBe(2);
    expect(reassembler.push(0, fragment(1, 1, 2))).toBeUndefined(); // message 1 was evicted: starts over
    expect(reassembler.push(0, fragment(3, 1, 2))).toBeDefined();
  });

  it('maxMessageBytes: a message growing past it is dropped with FRAGMENT_NUMBER', () => {
    const reassembler = new FragmentReassembler({ maxMessageBytes: 25 });
    reassembler.push(0, fragment(1, 0, 3));
    reassembler.push(0, fragment(1, 1, 3));
    expect(() => reassembler.push(0, fragment(1, 2, 3))).toThrow(FragmentNumberError);
    expect(reassembler.pendingMessages).toBe(0);
    expect(reassembler.bufferedBytes).toBe(0);
    expect(() => reassembler.push(0, fragment(2, 0, 2, 26))).toThrow(FragmentNumberError);
  });

  it('maxBufferedBytes: evicts the oldest messages to stay within the byte budget', () => {
    const reassembler = new FragmentReassembler({ maxBufferedBytes: 30 });
    reassembler.push(0, fragment(1, 0, 9));
    reassembler.push(0, fragment(2, 0, 9));
    reassembler.push(0, fragment(3, 0, 9));
    reassembler.push(0, fragment(4, 0, 9));
    expect(reassembler.bufferedBytes).toBe(30);
    expect(reassembler.pendingMessages).toBe(3);
    // Growing message 4 evicts the older messages 2 and 3 …
    reassembler.push(0, fragment(4, 1, 9));
    reassembler.push(0, fragment(4, 2, 9));
    expect(reassembler.pendingMessages).toBe(1);
    expect(reassembler.bufferedBytes).toBe(30);
    // … and once it alone would exceed the budget it is dropped too.
    expect(() => reassembler.push(0, fragment(4, 3, 9))).toThrow(FragmentNumberError);
    expect(reassembler.pendingMessages).toBe(0);
    expect(reassembler.bufferedBytes).toBe(0);
  });

  it('timeoutMs: expire(now) drops stale messages and nextDeadline() reports the earliest', () => {
    const reassembler = new FragmentReassembler({ timeoutMs: 100 });
    expect(reassembler.nextDeadline()).toBeUndefined();
    reassembler.push(10, fragment(1, 0, 2));
    reassembler.push(50, fragment(2, 0, 2));
    expect(reassembler.nextDeadline()).toBe(110);
    reassembler.expire(109);
    expect(reassembler.pendingMessages).toBe(2);
    reassembler.expire(110);
    expect(reassembler.pendingMessages).toBe(1);
    expect(reassembler.nextDeadline()).toBe(150);
    expect(reassembler.push(200, fragment(2, 1, 2))).toBeUndefined(); // expired on push, starts over
  });

  it('has safe defaults: 32 messages, 255 × 988 bytes per message, 1 MiB in total, 10 s', () => {
    const reassembler = new FragmentReassembler();
    for (let sequenceId = 0; sequenceId < 100; sequenceId++)
      reassembler.push(0, fragment(sequenceId, 0, 255, 988));
    expect(reassembler.pendingMessages).toBeLessThanOrEqual(32);
    expect(reassembler.bufferedBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(reassembler.nextDeadline()).toBe(10_000);
    expect(() => new FragmentReassembler({ timeoutMs: 0 })).toThrow(RangeError);
  });
});
