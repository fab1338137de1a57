// The hot-path sealer and the long-lived session cipher are byte-identical to the reference pipeline.
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  encodePacket,
  Flag,
  FlagsError,
  FragmentNumberError,
  InitVectorError,
  openMessage,
  PacketType,
  SequenceIdError,
  SessionCipher,
  sealDatagrams,
  sealMessage,
} from '../../src/index.ts';
import { seededRandomBytes } from '../../src/testing/seeded-random.ts';
import { ALL_FLAG_SETS } from './support/arbitraries.ts';

const key = new Uint8Array(32).map((_, i) => (i * 13 + 5) & 0xff);

function reference(sequenceId: number, payload: Uint8Array, flags: number, seed: number): Uint8Array[] {
  return sealMessage({ type: PacketType.DEFAULT, sequenceId }, payload, {
    flags,
    sessionKey: key,
    randomBytes: seededRandomBytes(seed),
  }).map(encodePacket);
}

describe('sealDatagrams', () => {
  it('writes exactly the bytes of sealMessage + encodePacket for every flag set, size and sequence id', () => {
    // One cipher for the whole run: its chaining state must never leak into the bytes.
    const cipher = new SessionCipher(key);
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_FLAG_SETS),
        fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 900, max: 3100 })),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer(),
        (flags, size, sequenceId, seed) => {
          const payload = new Uint8Array(size).map((_, i) => (i * 7 + seed) & 0xff);
          const expected = reference(sequenceId, payload, flags, seed);
          const options = { flags, randomBytes: seededRandomBytes(seed) };
          expect(sealDatagrams(sequenceId, payload, { ...options, cipher })).toEqual(expected);
          expect(
            sealDatagrams(sequenceId, payload, {
              ...options,
              randomBytes: seededRandomBytes(seed),
              sessionKey: key,
            }),
          ).toEqual(expected);
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });

  it('rejects what sealMessage rejects, with the same typed errors', () => {
    const randomBytes = seededRandomBytes(1);
    const payload = new Uint8Array(10);
    expect(() => sealDatagrams(1, payload, { flags: 0x01, randomBytes })).toThrow(FlagsError);
    expect(() => sealDatagrams(0x1_0000, payload, { flags: 0, randomBytes })).toThrow(SequenceIdError);
    expect(() => sealDatagrams(1, payload, { flags: Flag.ENCRYPTED, randomBytes })).toThrow(InitVectorError);
    expect(() =>
      sealDatagrams(1, payload, {
        flags: Flag.ENCRYPTED,
        sessionKey: key,
        randomBytes: () => new Uint8Array(8),
      }),
    ).toThrow(InitVectorError);
    expect(() => sealDatagrams(1, new Uint8Array(256 * 988), { flags: 0, randomBytes })).toThrow(
      FragmentNumberError,
    );
  });
});

describe('SessionCipher', () => {
  it('interleaves with one-off createCipheriv in both directions, packet after packet', () => {
    const cipher = new SessionCipher(key);
    const random = seededRandomBytes(9);
    for (let i = 0; i < 200; i++) {
      const plaintext = random(i % 70);
      const iv = random(16);
      const classic = createCipheriv('aes-256-cbc', key, iv);
      const expected = Buffer.concat([classic.update(plaintext), classic.final()]);
      expect(Buffer.from(cipher.encrypt(iv, plaintext)).equals(expected)).toBe(true);
      expect(cipher.decrypt(iv, expected)).toEqual(plaintext);
    }
  });

  it('reports bad padding, a wrong key, partial blocks and a missing IV as INIT_VECTOR, then keeps working', () => {
    const cipher = new SessionCipher(key);
    const other = new SessionCipher(new Uint8Array(32).fill(1));
    const iv = new Uint8Array(16).fill(3);
    const good = cipher.encrypt(iv, new Uint8Array(20).fill(4));
    let wrongKeyFailures = 0;
    for (let i = 0; i < 20; i++) {
      try {
        other.decrypt(iv, cipher.encrypt(iv, new Uint8Array(20).fill(i)));
      } catch (error) {
        expect(error).toBeInstanceOf(InitVectorError);
        wrongKeyFailures++;
      }
    }
    expect(wrongKeyFailures).toBeGreaterThan(15); // a random last byte is valid padding 1/256 of the time
    expect(() => cipher.decrypt(iv, good.subarray(0, 17))).toThrow(InitVectorError);
    expect(() => cipher.decrypt(undefined, good)).toThrow(InitVectorError);
    const tampered = new Uint8Array(good); // a copy (Buffer#slice would be a view)
    tampered[tampered.length - 1]! ^= 0x55;
    expect(() => cipher.decrypt(iv, tampered)).toThrow(InitVectorError);
    expect(cipher.decrypt(iv, good)).toEqual(new Uint8Array(20).fill(4));
  });

  it('opens what sealMessage sealed when given to openMessage', () => {
    const cipher = new SessionCipher(key);
    const payload = new Uint8Array(3000).map((_, i) => i & 0xff);
    const flags = Flag.RELIABLE | Flag.CHECKSUM | Flag.COMPRESSED | Flag.ENCRYPTED;
    const [datagram] = sealDatagrams(7, payload, { flags, cipher, randomBytes: seededRandomBytes(3) });
    expect(new Uint8Array(openMessage(decodePacket(datagram!), { cipher }))).toEqual(payload);
  });
});
