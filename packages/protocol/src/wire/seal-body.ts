// The payload half of the send pipeline, shared by sealMessage and sealDatagrams: CRC-32 → DEFLATE → AES-256-CBC.
import { createCipheriv } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { Flag, INIT_VECTOR_SIZE, KNOWN_FLAGS_MASK, MAX_FRAGMENTS, SESSION_KEY_SIZE } from './constants.ts';
import { CompressionError, FlagsError, FragmentNumberError, InitVectorError } from './errors.ts';
import type { SessionCipher } from './session-cipher.ts';

/** What the payload transforms need: the flags, the key (or a long-lived cipher for it) and an IV source. */
export interface SealBodyOptions {
  flags: number;
  sessionKey?: Uint8Array | undefined;
  cipher?: SessionCipher | undefined;
  randomBytes: (length: number) => Uint8Array;
}

/** A payload after the transforms, with the header fields they produced. */
export interface SealedBody {
  /** Compressed and/or encrypted bytes, ready to be split into fragments. */
  body: Uint8Array;
  /** CRC-32 of the plaintext when CHECKSUM is set. */
  checksum: number | undefined;
  /** The fresh IV when ENCRYPTED is set. */
  initVector: Uint8Array | undefined;
}

/**
 * Applies the seed's payload transforms in its order: checksum of the plaintext, raw DEFLATE, then AES-256-CBC with
 * PKCS#7 under a fresh IV. @throws FlagsError, CompressionError, InitVectorError.
 */
export function sealBody(payload: Uint8Array, options: SealBodyOptions): SealedBody {
  const flags = options.flags;
  if (!Number.isInteger(flags) || (flags & ~KNOWN_FLAGS_MASK) !== 0) {
    throw new FlagsError(`Flags 0x${Number(flags).toString(16)} contain undefined bits.`);
  }
  const checksum = (flags & Flag.CHECKSUM) !== 0 ? crc32(payload) >>> 0 : undefined;
  let body = payload;
  if ((flags & Flag.COMPRESSED) !== 0) {
    try {
      body = deflateRawSync(body);
    } catch (cause) {
      throw new CompressionError('The payload could not be compressed.', { cause });
    }
  }
  let initVector: Uint8Array | undefined;
  if ((flags & Flag.ENCRYPTED) !== 0) {
    const { cipher, sessionKey } = options;
    if (cipher === undefined) requireSessionKey(sessionKey);
    initVector = options.randomBytes(INIT_VECTOR_SIZE);
    if (initVector.length !== INIT_VECTOR_SIZE)
      throw new InitVectorError('randomBytes(16) returned a short IV.');
    body =
      cipher !== undefined ? cipher.encrypt(initVector, body) : encryptOnce(sessionKey!, initVector, body);
  }
  return { body, checksum, initVector };
}

/** How many fragments of `chunk` bytes carry `bodyLength` bytes. @throws FragmentNumberError past 255. */
export function countFragments(bodyLength: number, chunk: number): number {
  if (!Number.isInteger(chunk) || chunk < 1) throw new FragmentNumberError('maxFragmentPayload must be ≥ 1.');
  const count = Math.max(1, Math.ceil(bodyLength / chunk));
  if (count > MAX_FRAGMENTS) {
    throw new FragmentNumberError(
      `The message needs ${count} fragments; v0 allows at most ${MAX_FRAGMENTS}.`,
    );
  }
  return count;
}

/** @throws InitVectorError unless `key` is a 32-byte session key. */
export function requireSessionKey(key: Uint8Array | undefined): asserts key is Uint8Array {
  if (key === undefined || key.length !== SESSION_KEY_SIZE) {
    throw new InitVectorError('ENCRYPTED needs the 32-byte session key of a finished handshake.');
  }
}

/** One-off AES-256-CBC/PKCS#7 under `key`, for callers without a long-lived {@link SessionCipher}. */
function encryptOnce(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}
