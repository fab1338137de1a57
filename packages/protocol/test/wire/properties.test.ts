// Property tests: every packet type × every flag combination round-trips; the flag pipeline round-trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  encodedSize,
  encodePacket,
  Flag,
  FragmentReassembler,
  openMessage,
  type Packet,
  PacketType,
  sealMessage,
} from '../../src/index.ts';
import { ALL_FLAG_SETS, ALL_TYPES, normalize, packetArbitrary } from './support/arbitraries.ts';

const typeName = (type: number) => Object.entries(PacketType).find(([, code]) => code === type)![0];

describe('codec round trip, every type × every flag set', () => {
  for (const type of ALL_TYPES) {
    it(`${typeName(type)} under all 32 flag sets: decode(encode(p)) = p and encode(decode(b)) = b`, () => {
      for (const flags of ALL_FLAG_SETS) {
        fc.assert(
          fc.property(packetArbitrary(type, flags), (packet) => {
            const bytes = encodePacket(packet);
            expect(bytes.length).toBe(encodedSize(packet));
            const decoded = decodePacket(bytes);
            expect(normalize(decoded)).toEqual(normalize(packet));
            expect(encodePacket(decoded)).toEqual(bytes);
          }),
          { numRuns: 15, seed: type * 100 + flags },
        );
      }
    });
  }
});

describe('flag pipeline round trip (seal → encode → decode → reassemble → open)', () => {
  const pipelineFlags = ALL_FLAG_SETS;
  it('returns the payload for every flag set, payload size and key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pipelineFlags),
        fc.uint8Array({ minLength: 0, maxLength: 6000 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.boolean(),
        (flags, payload, sessionKey, iv, sequenceId, shuffle) => {
          const wire = sealMessage({ type: PacketType.DEFAULT, sequenceId }, payload, {
            flags,
            sessionKey,
            randomBytes: () => iv,
          }).map(encodePacket);
          for (const datagram of wire) expect(datagram.length).toBeLessThanOrEqual(1024);
          if (shuffle) wire.reverse();
          const reassembler = new FragmentReassembler();
          let whole: Packet | undefined;
          for (const datagram of wire) {
            const packet = decodePacket(datagram);
            whole = (packet.flags & Flag.FRAG) !== 0 ? reassembler.push(0, packet) : packet;
          }
          expect(whole).toBeDefined();
          expect((whole!.flags | Flag.FRAG) & ~Flag.FRAG).toBe(whole!.flags);
          expect(Array.from(openMessage(whole!, { sessionKey }))).toEqual(Array.from(payload));
        },
      ),
      { numRuns: 300, seed: 2 },
    );
  });

  it('adds FRAG only when the packet would not fit 1024 bytes, with 988-byte fragments', () => {
    const seal = (size: number, flags = 0) =>
      sealMessage({ type: PacketType.DEFAULT, sequenceId: 1 }, new Uint8Array(size), {
        flags,
        randomBytes: () => new Uint8Array(16),
      });
    expect(seal(1018)).toHaveLength(1);
    expect(seal(1019).map((packet) => packet.data.length)).toEqual([988, 31]);
    expect(seal(10, Flag.FRAG).map((packet) => [packet.fragmentId, packet.fragmentNumber])).toEqual([[0, 1]]);
    expect(seal(255 * 988)).toHaveLength(255);
  });

  it('seals ACK, HEARTBEAT and ERROR templates with their type-specific fields', () => {
    const options = { flags: Flag.CHECKSUM, randomBytes: () => new Uint8Array(16) };
    const templates = [
      { type: PacketType.ACK, sequenceId: 7, ackId: 6, ackBits: 0x8000 },
      { type: PacketType.HEARTBEAT, sequenceId: 8, heartbeat: 1 },
      { type: PacketType.ERROR, sequenceId: 9, major: 2, minor: 2 },
    ] as const;
    for (const template of templates) {
      const [packet] = sealMessage(template, new TextEncoder().encode('bye'), options);
      const decoded = decodePacket(encodePacket(packet!));
      expect(decoded).toMatchObject(template);
      expect(new TextDecoder().decode(openMessage(decoded))).toBe('bye');
    }
  });
});
