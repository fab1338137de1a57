// The send pipeline written straight to wire bytes: one exact-size datagram per packet, no Packet objects.
import { createCipheriv } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { headerSize } from './codec-v0.ts';
import {
  Flag,
  INIT_VECTOR_SIZE,
  KNOWN_FLAGS_MASK,
  MAX_FRAGMENT_PAYLOAD,
  MAX_FRAGMENTS,
  PacketType,
  PROTOCOL_VERSION_V0,
  SEED_RECEIVE_BUFFER_SIZE,
  SEQUENCE_MODULUS,
  SESSION_KEY_SIZE,
} from './constants.ts';
import {
  CompressionError,
  FlagsError,
  FragmentNumberError,
  InitVectorError,
  SequenceIdError,
} from './errors.ts';
import type { SealOptions } from './pipeline.ts';
import type { SessionCipher } from './session-cipher.ts';

/** {@link sealDatagrams} options: {@link SealOptions} plus an optional long-lived cipher for the session key. */
export interface SealDatagramsOptions extends SealOptions {
  /** Encrypts without a cipher object per packet; when absent, `sessionKey` is used the classic way. */
  cipher?: SessionCipher;
}

const DEFAULT_TYPE_BYTE = (PROTOCOL_VERSION_V0 << 4) | PacketType.DEFAULT;

/**
 * Seals one DEFAULT message into its datagrams. The bytes are exactly `sealMessage(...).map(encodePacket)` for
 * the same randomness (a test checks it), but each datagram is written once into a buffer of its final size:
 * header, then payload or ciphertext, with no intermediate Packet objects or re-encoding. This is the core's
 * hot path; `sealMessage` stays the readable reference.
 * @throws FlagsError, SequenceIdError, InitVectorError, CompressionError, FragmentNumberError.
 */
export function sealDatagrams(
  sequenceId: number,
  payload: Uint8Array,
  options: SealDatagramsOptions,
): Uint8Array[] {
  const flags = options.flags;
  if (!Number.isInteger(flags) || (flags & ~KNOWN_FLAGS_MASK) !== 0) {
    throw new FlagsError(`Flags 0x${Number(flags).toString(16)} contain undefined bits.`);
  }
  if (!Number.isInteger(sequenceId) || sequenceId < 0 || sequenceId >= SEQUENCE_MODULUS) {
    throw new SequenceIdError(`Sequence id ${sequenceId} does not fit 16 bits.`);
  }
  const checksum = (flags & Flag.CHECKSUM) !== 0 ? crc32(payload) >>> 0 : 0;
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
    if (cipher === undefined) requireKey(sessionKey);
    initVector = options.randomBytes(INIT_VECTOR_SIZE);
    if (initVector.length !== INIT_VECTOR_SIZE)
      throw new InitVectorError('randomBytes(16) returned a short IV.');
    body =
      cipher !== undefined ? cipher.encrypt(initVector, body) : encryptOnce(sessionKey!, initVector, body);
  }
  const wholeFlags = flags & ~Flag.FRAG;
  const wholeHeader = headerSize(wholeFlags);
  const maxDatagram = options.maxDatagramSize ?? SEED_RECEIVE_BUFFER_SIZE;
  if ((flags & Flag.FRAG) === 0 && wholeHeader + body.length <= maxDatagram) {
    const datagram = new Uint8Array(wholeHeader + body.length);
    writeHeader(datagram, wholeFlags, sequenceId, 0, 0, initVector, checksum);
    datagram.set(body, wholeHeader);
    return [datagram];
  }
  const chunk = options.maxFragmentPayload ?? MAX_FRAGMENT_PAYLOAD;
  if (!Number.isInteger(chunk) || chunk < 1) throw new FragmentNumberError('maxFragmentPayload must be ≥ 1.');
  const count = Math.max(1, Math.ceil(body.length / chunk));
  if (count > MAX_FRAGMENTS) {
    throw new FragmentNumberError(
      `The message needs ${count} fragments; v0 allows at most ${MAX_FRAGMENTS}.`,
    );
  }
  const fragmentFlags = wholeFlags | Flag.FRAG;
  const fragmentHeader = headerSize(fragmentFlags);
  const datagrams = new Array<Uint8Array>(count);
  for (let index = 0; index < count; index++) {
    const start = index * chunk;
    const end = Math.min(body.length, start + chunk);
    const datagram = new Uint8Array(fragmentHeader + end - start);
    writeHeader(datagram, fragmentFlags, sequenceId, index, count, initVector, checksum);
    datagram.set(body.subarray(start, end), fragmentHeader);
    datagrams[index] = datagram;
  }
  return datagrams;
}

/** The common header of §3, in field order; returns nothing (the caller knows the header size). */
function writeHeader(
  out: Uint8Array,
  flags: number,
  sequenceId: number,
  fragmentId: number,
  fragmentCount: number,
  initVector: Uint8Array | undefined,
  checksum: number,
): void {
  out[0] = DEFAULT_TYPE_BYTE;
  out[1] = flags;
  // bytes 2 and 3 stay 0: sequence ids are 16-bit in a 4-byte field
  out[4] = sequenceId >>> 8;
  out[5] = sequenceId & 0xff;
  let offset = 6;
  if ((flags & Flag.FRAG) !== 0) {
    out[offset] = fragmentId;
    out[offset + 1] = fragmentCount;
    offset += 2;
  }
  if (initVector !== undefined) {
    out.set(initVector, offset);
    offset += INIT_VECTOR_SIZE;
  }
  if ((flags & Flag.CHECKSUM) !== 0) {
    out[offset] = checksum >>> 24;
    out[offset + 1] = (checksum >>> 16) & 0xff;
    out[offset + 2] = (checksum >>> 8) & 0xff;
    out[offset + 3] = checksum & 0xff;
  }
}

/** One-off AES-256-CBC/PKCS#7 under `key` (no long-lived cipher available). */
function encryptOnce(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

function requireKey(key: Uint8Array | undefined): void {
  if (key === undefined || key.length !== SESSION_KEY_SIZE) {
    throw new InitVectorError('ENCRYPTED needs the 32-byte session key of a finished handshake.');
  }
}
