// The send pipeline written straight to wire bytes: one exact-size datagram per packet, no Packet objects.
import { headerSize } from './codec-v0.ts';
import {
  Flag,
  INIT_VECTOR_SIZE,
  MAX_FRAGMENT_PAYLOAD,
  PacketType,
  PROTOCOL_VERSION_V0,
  SEED_RECEIVE_BUFFER_SIZE,
  SEQUENCE_MODULUS,
} from './constants.ts';
import { SequenceIdError } from './errors.ts';
import type { SealOptions } from './pipeline.ts';
import { countFragments, sealBody } from './seal-body.ts';
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
  if (!Number.isInteger(sequenceId) || sequenceId < 0 || sequenceId >= SEQUENCE_MODULUS) {
    throw new SequenceIdError(`Sequence id ${sequenceId} does not fit 16 bits.`);
  }
  const flags = options.flags;
  const sealed = sealBody(payload, options);
  const { body, initVector } = sealed;
  const checksum = sealed.checksum ?? 0;
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
  const count = countFragments(body.length, chunk);
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
