// Finding 5 of issue 14: a carrier packet replayed (on v0: under a rewritten sequence id) is delivered at most once.
import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CarrierLink } from '../src/carriers/carrier.ts';
import { MemoryNetwork } from '../src/carriers/memory-carrier.ts';
import { SequencedFilter } from '../src/channels.ts';
import { createClientConnection } from '../src/connection.ts';
import { defineMessage } from '../src/define-message.ts';
import { decodeFrames, encodeFrame } from '../src/frame-codec.ts';
import { FrameReceiver } from '../src/frame-receiver.ts';
import { DEFAULT_MESSAGE_LIMITS } from '../src/limits.ts';
import { MessageRegistry } from '../src/registry.ts';
import { FRAME_NUMBER_MODULUS, ReplayWindow } from '../src/replay-window.ts';
import { MessageServer } from '../src/server.ts';

const KINDS = ['reliable-ordered', 'reliable-unordered', 'unreliable', 'unreliable-sequenced'] as const;
const types = KINDS.map((delivery) =>
  defineMessage(`replay:${delivery}`, Type.Object({ i: Type.Integer() }), { delivery }),
);
const registry = new MessageRegistry(types);

/** A client link whose sent packets are recorded, and can be sent again as a replaying attacker would. */
function recordingLink(network: MemoryNetwork) {
  const link: CarrierLink = network.connect();
  const sent: { packet: Uint8Array; reliable: boolean }[] = [];
  const send = link.send.bind(link);
  link.send = (packet, reliable) => {
    sent.push({ packet: packet.slice(), reliable });
    send(packet, reliable);
  };
  return { link, sent, replay: (index: number) => send(sent[index]!.packet, sent[index]!.reliable) };
}

describe('finding 5: a replayed packet is delivered at most once (message layer)', () => {
  it('each delivery kind reaches its handler once when every packet is sent twice', async () => {
    // Ordered delivery: the close handshake then arrives after every original and replayed packet.
    const network = new MemoryNetwork({ ordered: true });
    const server = new MessageServer({ registry });
    const received = new Map<string, number[]>();
    for (const type of types) {
      server.onMessage(type, (payload) => {
        received.set(type.name, [...(received.get(type.name) ?? []), payload.i]);
      });
    }
    await server.listen(network.acceptor());
    const { link, sent, replay } = recordingLink(network);
    const client = createClientConnection(link, { registry });
    await client.waitForConnection(5000);
    const before = sent.length;
    for (let i = 0; i < 5; i++) {
      for (const type of types) client.send(type, { i });
      await new Promise((resolve) => setImmediate(resolve)); // one batch per round
    }
    const after = sent.length;
    for (let index = before; index < after; index++) replay(index);
    for (let index = before; index < after; index++) replay(index);
    await client.close();
    await server.close();
    // Unordered kinds may arrive in any order; each must arrive exactly once.
    for (const type of types) {
      const got = [...(received.get(type.name) ?? [])].sort((a, b) => a - b);
      expect({ [type.name]: got }).toEqual({ [type.name]: [0, 1, 2, 3, 4] });
    }
  });
});

describe('ReplayWindow', () => {
  it('accepts each number once, refuses numbers older than the window, and survives wrap-around', () => {
    const window = new ReplayWindow(32, 'test');
    expect(window.accept(0)).toBeUndefined();
    expect(window.accept(0)).toBe('duplicate');
    expect(window.accept(5)).toBeUndefined();
    expect(window.accept(3)).toBeUndefined(); // late but inside the window
    expect(window.accept(3)).toBe('duplicate');
    expect(window.accept(100)).toBeUndefined();
    expect(window.accept(68)).toBe('too-old'); // 32 behind the newest
    expect(window.accept(69)).toBeUndefined();
    expect(window.accept(5)).toBe('too-old');
    const wrap = new ReplayWindow(64, 'test');
    expect(wrap.accept(FRAME_NUMBER_MODULUS - 2)).toBeUndefined();
    expect(wrap.accept(1)).toBeUndefined();
    expect(wrap.accept(FRAME_NUMBER_MODULUS - 2)).toBe('duplicate');
    expect(wrap.accept(FRAME_NUMBER_MODULUS - 1)).toBeUndefined();
    expect(wrap.accept(0)).toBeUndefined();
  });

  it('a jump further than the window forgets everything behind it (bounded memory)', () => {
    const window = new ReplayWindow(32, 'test');
    for (let n = 0; n < 10; n++) expect(window.accept(n)).toBeUndefined();
    expect(window.accept(1_000)).toBeUndefined();
    for (let n = 969; n < 1_000; n++) expect(window.accept(n)).toBeUndefined();
    expect(window.accept(968)).toBe('too-old');
  });

  it('agrees with a set-based reference model on random arrivals, jumps included (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(32, 64, 128),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5_000 })), {
          maxLength: 400,
        }),
        (size, numbers) => {
          const window = new ReplayWindow(size, 'test');
          const seen = new Set<number>();
          let newest = -1;
          for (const n of numbers) {
            const expected =
              n > newest ? undefined : newest - n >= size ? 'too-old' : seen.has(n) ? 'duplicate' : undefined;
            expect(window.accept(n)).toBe(expected);
            if (expected === undefined) {
              seen.add(n);
              newest = Math.max(newest, n);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses window sizes that are not a power of two from 32 to 2^20', () => {
    for (const size of [0, 16, 48, 2 ** 21, 1.5]) {
      expect(() => new ReplayWindow(size, 'unreliableWindow')).toThrowError(/unreliableWindow/);
    }
  });
});

describe('FrameReceiver limits (each bound an option with a default)', () => {
  it('defaults: reliableUnorderedWindow 16384, unreliableWindow 1024, maxSequencedStreams 4096', () => {
    expect(DEFAULT_MESSAGE_LIMITS.reliableUnorderedWindow).toBe(16_384);
    expect(DEFAULT_MESSAGE_LIMITS.unreliableWindow).toBe(1024);
    expect(DEFAULT_MESSAGE_LIMITS.maxSequencedStreams).toBe(4096);
  });

  it('reliableUnorderedWindow: a reliable-unordered frame further behind than the window is dropped', () => {
    const delivered: number[] = [];
    const receiver = new FrameReceiver({ ...DEFAULT_MESSAGE_LIMITS, reliableUnorderedWindow: 64 }, (frame) =>
      delivered.push(frame.sequence!),
    );
    const frame = (n: number) =>
      decodeFrames(encodeFrame(16, 1, n, new Uint8Array(1)), DEFAULT_MESSAGE_LIMITS)[0]!;
    for (const n of [0, 1, 100, 1, 36, 37, 100]) receiver.receive(frame(n));
    expect(delivered).toEqual([0, 1, 100, 37]);
    expect(receiver.replaysDropped).toBe(3);
  });

  it('unreliableWindow: unreliable frames get their own window', () => {
    const delivered: number[] = [];
    const receiver = new FrameReceiver({ ...DEFAULT_MESSAGE_LIMITS, unreliableWindow: 32 }, (frame) =>
      delivered.push(frame.sequence!),
    );
    const frame = (wire: number, n: number) =>
      decodeFrames(encodeFrame(16, wire, n, new Uint8Array(1)), DEFAULT_MESSAGE_LIMITS)[0]!;
    for (const n of [5, 5, 40, 8, 9]) receiver.receive(frame(2, n));
    receiver.receive(frame(1, 5)); // the reliable-unordered window is separate
    expect(delivered).toEqual([5, 40, 9, 5]);
  });

  it('maxSequencedStreams: at most that many message ids are remembered, the oldest is evicted', () => {
    const filter = new SequencedFilter(2);
    expect(filter.accept(16, 5)).toBe(true);
    expect(filter.accept(17, 5)).toBe(true);
    expect(filter.accept(18, 5)).toBe(true);
    expect(filter.size).toBe(2);
    expect(filter.accept(17, 5)).toBe(false); // still remembered
    expect(filter.accept(16, 5)).toBe(true); // forgotten: evicted by 18
    expect(() => new SequencedFilter(0)).toThrowError(/maxSequencedStreams/);
  });
});
