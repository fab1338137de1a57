// The seed's annotated wire vectors: field tables, byte-exact re-encoding, decryption, CRC and finished values.
import { describe, expect, it } from 'vitest';
import {
  ChecksumError,
  decodePacket,
  encodePacket,
  Flag,
  openMessage,
  type Packet,
  PacketType,
  sealMessage,
} from '../../src/index.ts';
import {
  compareRows,
  fromHex,
  handshakeFinished,
  pyClientPayload,
  readFixture,
  readSharedVectors,
  type SeedVector,
  sharedDir,
  toHex,
} from './support/seed-oracles.ts';

const committed = readFixture<{ vectors: SeedVector[] }>('seed-vectors.json').vectors;
const shared = readSharedVectors();

/** "plaintext = py_client message #0 (5000 B)" → the message index and size, if the note is there. */
function recordedPlaintext(vector: SeedVector): { index: number; size: number } | undefined {
  for (const note of vector.notes) {
    const match = /py_client message #(\d+) \((\d+) B\): as sent/.exec(note);
    if (match) return { index: Number(match[1]), size: Number(match[2]) };
  }
  return undefined;
}

function defineVectorSuite(vectors: readonly SeedVector[]): void {
  it('holds vectors of all five packet types and every optional header', () => {
    const packets = vectors.map((vector) => decodePacket(fromHex(vector.hex)));
    expect(new Set(packets.map((packet) => packet.type))).toEqual(new Set([0, 1, 2, 3, 4]));
    for (const flag of [Flag.RELIABLE, Flag.CHECKSUM, Flag.COMPRESSED, Flag.ENCRYPTED, Flag.FRAG]) {
      expect(packets.some((packet) => (packet.flags & flag) !== 0)).toBe(true);
    }
  });

  for (const vector of vectors) {
    describe(vector.kind, () => {
      const datagram = fromHex(vector.hex);
      const key = vector.session_key === null ? undefined : fromHex(vector.session_key);

      it('decodes to the recorded fields at the recorded offsets', () => {
        expect(compareRows(datagram, decodePacket(datagram), vector.rows)).toEqual([]);
      });

      it('re-encodes to the same bytes', () => {
        expect(toHex(encodePacket(decodePacket(datagram)))).toBe(vector.hex);
      });

      if (vector.notes.some((note) => note.startsWith('handshake finished'))) {
        it('carries HMAC-SHA256(sessionKey, "node finished" ‖ SHA-256(0x13)) as its data', () => {
          expect(key).toBeDefined();
          expect(toHex(decodePacket(datagram).data)).toBe(toHex(handshakeFinished(key!)));
        });
      }

      const plaintext = recordedPlaintext(vector);
      const packet = decodePacket(datagram);
      if (plaintext !== undefined && (packet.flags & Flag.FRAG) === 0) {
        const expected = pyClientPayload(plaintext.index, plaintext.size);
        it('opens (decrypt → inflate → CRC) to the message py_client sent', () => {
          expect(toHex(openMessage(packet, { sessionKey: key }))).toBe(toHex(expected));
        });
        it('is reproduced byte for byte by sealMessage with the recorded IV', () => {
          const sealed = sealMessage({ type: PacketType.DEFAULT, sequenceId: packet.sequenceId }, expected, {
            flags: packet.flags,
            sessionKey: key,
            randomBytes: () => packet.initVector ?? new Uint8Array(16),
          });
          expect(sealed.map((one) => toHex(encodePacket(one)))).toEqual([vector.hex]);
        });
      }
      if ((packet.flags & Flag.CHECKSUM) !== 0) {
        it('reports a corrupted checksum as PACKET/CHECKSUM (the seed only logs it)', () => {
          const corrupted: Packet = { ...packet, checksum: (packet.checksum! ^ 1) >>> 0 };
          expect(() => openMessage(corrupted, { sessionKey: key })).toThrow(ChecksumError);
        });
      }
    });
  }
}

describe('seed vectors committed in test/wire/fixtures (no ../shared needed)', () => {
  defineVectorSuite(committed);

  it('the FRAG first/last vectors are fragments 0 and 5 of sealing py_client message #0 (5000 B)', () => {
    const first = committed.find((vector) => vector.kind.includes('first fragment'))!;
    const last = committed.find((vector) => vector.kind.includes('last fragment'))!;
    const head = decodePacket(fromHex(first.hex));
    const fragments = sealMessage(
      { type: PacketType.DEFAULT, sequenceId: head.sequenceId },
      pyClientPayload(0, 5000),
      {
        flags: head.flags,
        sessionKey: fromHex(first.session_key!),
        randomBytes: () => head.initVector!,
      },
    ).map((fragment) => toHex(encodePacket(fragment)));
    expect(fragments).toHaveLength(6);
    expect(fragments[0]).toBe(first.hex);
    expect(fragments[5]).toBe(last.hex);
  });
});

describe.skipIf(shared === undefined)(
  `seed vectors in ${sharedDir}/interop/vectors.json${shared === undefined ? ' (skipped: ../shared is absent)' : ''}`,
  () => {
    if (shared === undefined) return;
    defineVectorSuite(shared.vectors);

    it('matches the committed copy', () => {
      expect(shared.vectors.map((vector) => vector.hex)).toEqual(committed.map((vector) => vector.hex));
    });
  },
);

if (shared === undefined)
  console.log(`vectors.test: ${sharedDir} is absent; only the committed fixtures run.`);
