// v0 handshake crypto: Finished and session keys against the seed captures, ECDH agreement, hostile keys.
import { describe, expect, it } from 'vitest';
import {
  deriveV0SessionKey,
  p384PointToSpki,
  spkiToP384Point,
  V0_PUBLIC_KEY_SIZE,
  v0Finished,
  v0HandshakeSuite,
} from '../../src/crypto/v0-handshake.ts';
import { seededRandomBytes } from '../../src/testing/seeded-random.ts';
import {
  findSeedVector,
  fromHex,
  SEED_VECTORS_SKIP_REASON,
  seedVectorsAvailable,
} from '../support/seed-vectors.ts';

describe('v0 handshake crypto', () => {
  it('both sides derive the same 32-byte session key and Finished', () => {
    const client = v0HandshakeSuite.generateKeyPair(seededRandomBytes(1));
    const server = v0HandshakeSuite.generateKeyPair(seededRandomBytes(2));
    expect(client.publicKey.length).toBe(V0_PUBLIC_KEY_SIZE);
    const a = client.deriveSessionKey(server.publicKey);
    const b = server.deriveSessionKey(client.publicKey);
    expect(a).toBeDefined();
    expect(a?.length).toBe(32);
    expect(a).toEqual(b);
    expect(v0HandshakeSuite.verifyFinished(a!, v0Finished(b!))).toBe(true);
  });

  it('draws the private key from the injected randomness (deterministic)', () => {
    const first = v0HandshakeSuite.generateKeyPair(seededRandomBytes(7)).publicKey;
    const again = v0HandshakeSuite.generateKeyPair(seededRandomBytes(7)).publicKey;
    const other = v0HandshakeSuite.generateKeyPair(seededRandomBytes(8)).publicKey;
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('returns undefined, never throws, for malformed or off-curve peer keys', () => {
    const pair = v0HandshakeSuite.generateKeyPair(seededRandomBytes(3));
    expect(pair.deriveSessionKey(new Uint8Array(0))).toBeUndefined();
    expect(pair.deriveSessionKey(new Uint8Array(120))).toBeUndefined();
    const offCurve = new Uint8Array(97).fill(1);
    offCurve[0] = 4;
    expect(pair.deriveSessionKey(p384PointToSpki(offCurve))).toBeUndefined();
  });

  it('rejects a Finished of the wrong length or value', () => {
    const key = new Uint8Array(32).fill(9);
    const finished = v0Finished(key);
    expect(v0HandshakeSuite.verifyFinished(key, finished.subarray(1))).toBe(false);
    const flipped = finished.slice();
    flipped[0]! ^= 1;
    expect(v0HandshakeSuite.verifyFinished(key, flipped)).toBe(false);
  });

  it('HKDF with no salt equals HKDF with a 32-byte zero salt (the seed passes salt=None)', () => {
    const secret = new Uint8Array(48).fill(5);
    expect(deriveV0SessionKey(secret).length).toBe(32);
  });
});

describe.skipIf(!seedVectorsAvailable)(
  `v0 handshake crypto against seed captures${seedVectorsAvailable ? '' : ` (skipped: ${SEED_VECTORS_SKIP_REASON})`}`,
  () => {
    it('Finished of the captured session key equals the captured handshake ACK data', () => {
      for (const kind of ['c2s ACK + finished', 's2c ACK + finished']) {
        const vector = findSeedVector(kind);
        const datagram = fromHex(vector.hex);
        const finishedOnWire = datagram.subarray(14);
        expect(v0Finished(fromHex(vector.session_key!))).toEqual(finishedOnWire);
      }
    });

    it('parses the seed P-384 public keys out of both captured AUTHs', () => {
      for (const kind of ['c2s AUTH', 's2c AUTH']) {
        const datagram = fromHex(findSeedVector(kind).hex);
        const keyLength = datagram[6]!;
        const der = datagram.subarray(7, 7 + keyLength);
        const point = spkiToP384Point(der);
        expect(point?.length).toBe(97);
        expect(p384PointToSpki(point!)).toEqual(der);
      }
    });
  },
);
