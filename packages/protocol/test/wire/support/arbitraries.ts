// fast-check arbitraries for well-formed v0 packets of a given type and flag set.
import fc from 'fast-check';
import { Flag, type Packet, PacketType } from '../../../src/index.ts';

/** The five defined flag bits. */
const FLAG_BITS = [Flag.RELIABLE, Flag.CHECKSUM, Flag.COMPRESSED, Flag.ENCRYPTED, Flag.FRAG] as const;
/** All 32 combinations of the defined flag bits. */
export const ALL_FLAG_SETS: readonly number[] = Array.from({ length: 32 }, (_, mask) =>
  FLAG_BITS.reduce((flags, bit, index) => ((mask >> index) & 1 ? flags | bit : flags), 0),
);
export const ALL_TYPES = Object.values(PacketType);
/** Major/minor pairs of the v0 catalogue. */
const ERROR_CODES: readonly [number, number][] = [
  [0, 0],
  ...[0, 1, 2, 3].map((minor): [number, number] => [1, minor]),
  ...[0, 1, 2].map((minor): [number, number] => [2, minor]),
  ...Array.from({ length: 10 }, (_, minor): [number, number] => [3, minor]),
];

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const u16 = fc.integer({ min: 0, max: 0xffff });

/** Payload bytes a receiver accepts for these flags: whole AES blocks for an unfragmented ENCRYPTED packet. */
function dataFor(flags: number): fc.Arbitrary<Uint8Array> {
  if ((flags & Flag.ENCRYPTED) !== 0 && (flags & Flag.FRAG) === 0) {
    return fc.integer({ min: 1, max: 64 }).chain((blocks) => bytes(blocks * 16, blocks * 16));
  }
  return bytes(0, 200);
}

/** Any well-formed packet of `type` carrying exactly `flags`. */
export function packetArbitrary(type: PacketType, flags: number): fc.Arbitrary<Packet> {
  const header = fc.record({
    sequenceId: u16,
    fragment: fc.integer({ min: 1, max: 255 }).chain((fragmentNumber) =>
      fc.record({
        fragmentNumber: fc.constant(fragmentNumber),
        fragmentId: fc.nat({ max: fragmentNumber - 1 }),
      }),
    ),
    initVector: bytes(16, 16),
    checksum: fc.integer({ min: 0, max: 0xffff_ffff }),
    data: dataFor(flags),
  });
  const body: fc.Arbitrary<Record<string, unknown>> = (() => {
    switch (type) {
      case PacketType.ACK:
        return fc.record({ ackId: u16, ackBits: u16 });
      case PacketType.AUTH:
        return fc.record({
          publicKey: bytes(1, 255),
          certificate: fc.option(bytes(0, 1200), { nil: undefined }),
        });
      case PacketType.HEARTBEAT:
        return fc.record({ heartbeat: fc.constantFrom(0, 1) });
      case PacketType.ERROR:
        return fc.constantFrom(...ERROR_CODES).map(([major, minor]) => ({ major, minor }));
      default:
        return fc.constant({});
    }
  })();
  return fc.tuple(header, body).map(([h, b]) => {
    const packet: Record<string, unknown> = {
      type,
      version: 0,
      flags,
      sequenceId: h.sequenceId,
      ...b,
      data: h.data,
    };
    if ((flags & Flag.FRAG) !== 0) Object.assign(packet, h.fragment);
    if ((flags & Flag.ENCRYPTED) !== 0) packet['initVector'] = h.initVector;
    if ((flags & Flag.CHECKSUM) !== 0) packet['checksum'] = h.checksum;
    // AUTH without a certificate cannot carry data (the decoder would read it as a certificate size), and an
    // unfragmented ENCRYPTED packet must carry data, so that combination gets an empty certificate.
    if (type === PacketType.AUTH && b['certificate'] === undefined) {
      if ((flags & Flag.ENCRYPTED) !== 0 && (flags & Flag.FRAG) === 0)
        packet['certificate'] = new Uint8Array(0);
      else packet['data'] = new Uint8Array(0);
    }
    return packet as unknown as Packet;
  });
}

/** Plain-object form for deep comparison: undefined fields dropped, byte views copied to arrays. */
export function normalize(packet: Packet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(packet)) {
    if (value === undefined) continue;
    out[name] = value instanceof Uint8Array ? Array.from(value) : value;
  }
  return out;
}
