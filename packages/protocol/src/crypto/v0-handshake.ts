// Paperclip v0 handshake crypto, byte-compatible with the seed's udp/auth.py: ECDH P-384, HKDF-SHA256, HMAC Finished.
import { createECDH, createHash, createHmac, createPublicKey, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { EphemeralKeyPair, HandshakeSuite } from './handshake-suite.ts';

/** DER prefix of a P-384 SubjectPublicKeyInfo holding an uncompressed point (id-ecPublicKey, secp384r1). */
const P384_SPKI_PREFIX = Uint8Array.from(
  Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'),
);
/** Length of an uncompressed P-384 point: 0x04 ‖ X ‖ Y. */
const P384_POINT_SIZE = 97;
/** Length of the whole SPKI DER the seed sends (23 + 97). */
export const V0_PUBLIC_KEY_SIZE = P384_SPKI_PREFIX.length + P384_POINT_SIZE;
const P384_PRIVATE_KEY_SIZE = 48;
const HKDF_INFO = Buffer.from('handshake data', 'latin1');
const FINISHED_LABEL = Buffer.from('node finished', 'latin1');
/**
 * The seed's Finished "messages" argument is the constant byte 0x13, not the transcript
 * (docs/PROTOCOL.md §9, quirk 4).
 */
const FINISHED_MESSAGES = Uint8Array.of(0x13);

/** session key = HKDF-SHA256(ECDH secret, salt = none, info = "handshake data", 32 bytes). */
export function deriveV0SessionKey(sharedSecret: Uint8Array): Uint8Array {
  // An absent HKDF salt is HashLen zero bytes, which HMAC treats exactly like an empty key.
  return new Uint8Array(hkdfSync('sha256', sharedSecret, new Uint8Array(0), HKDF_INFO, 32));
}

/** Finished = HMAC-SHA256(sessionKey, "node finished" ‖ SHA-256(0x13)); identical in both directions. */
export function v0Finished(sessionKey: Uint8Array): Uint8Array {
  const messagesHash = createHash('sha256').update(FINISHED_MESSAGES).digest();
  return new Uint8Array(
    createHmac('sha256', sessionKey).update(FINISHED_LABEL).update(messagesHash).digest(),
  );
}

/** Wraps an uncompressed P-384 point as the 120-byte SPKI DER the seed puts in AUTH. */
export function p384PointToSpki(point: Uint8Array): Uint8Array {
  const der = new Uint8Array(V0_PUBLIC_KEY_SIZE);
  der.set(P384_SPKI_PREFIX, 0);
  der.set(point, P384_SPKI_PREFIX.length);
  return der;
}

/** Extracts the uncompressed point from a peer's SPKI DER; undefined when it is not a P-384 EC key. */
export function spkiToP384Point(der: Uint8Array): Uint8Array | undefined {
  if (der.length === V0_PUBLIC_KEY_SIZE && startsWith(der, P384_SPKI_PREFIX)) {
    return der.subarray(P384_SPKI_PREFIX.length);
  }
  // Other valid encodings (e.g. a compressed point) are rare; let node:crypto parse them.
  try {
    const key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    const jwk = key.export({ format: 'jwk' });
    if (key.asymmetricKeyType !== 'ec' || jwk.crv !== 'P-384' || !jwk.x || !jwk.y) return undefined;
    const x = Buffer.from(jwk.x, 'base64url');
    const y = Buffer.from(jwk.y, 'base64url');
    if (x.length !== 48 || y.length !== 48) return undefined;
    return Uint8Array.from([0x04, ...x, ...y]);
  } catch {
    return undefined;
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** The v0 suite: what udp/auth.py does, with the private key drawn from the injected randomness. */
export const v0HandshakeSuite: HandshakeSuite = {
  version: 0,
  generateKeyPair(randomBytes: (length: number) => Uint8Array): EphemeralKeyPair {
    const ecdh = createECDH('secp384r1');
    // A random 48-byte scalar is outside [1, n-1] with probability ~2^-190; retry rather than bias.
    for (let attempt = 0; ; attempt++) {
      try {
        ecdh.setPrivateKey(Buffer.from(randomBytes(P384_PRIVATE_KEY_SIZE)));
        break;
      } catch (error) {
        if (attempt >= 8) throw error;
      }
    }
    const publicKey = p384PointToSpki(new Uint8Array(ecdh.getPublicKey()));
    return {
      publicKey,
      deriveSessionKey(peerPublicKey: Uint8Array): Uint8Array | undefined {
        const point = spkiToP384Point(peerPublicKey);
        if (point === undefined) return undefined;
        try {
          return deriveV0SessionKey(new Uint8Array(ecdh.computeSecret(point)));
        } catch {
          return undefined; // not on the curve
        }
      },
    };
  },
  finished: v0Finished,
  verifyFinished(sessionKey: Uint8Array, received: Uint8Array): boolean {
    const expected = v0Finished(sessionKey);
    return received.length === expected.length && timingSafeEqual(expected, received);
  },
};
