// The v0 flag pipeline: CRC-32 → raw DEFLATE → AES-256-CBC → fragments on send, the reverse on receive.
import { createDecipheriv } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import { encodedSize } from './codec-v0.ts';
import {
  Flag,
  INIT_VECTOR_SIZE,
  MAX_FRAGMENT_PAYLOAD,
  PacketType,
  PROTOCOL_VERSION_V0,
  SEED_RECEIVE_BUFFER_SIZE,
} from './constants.ts';
import {
  ChecksumError,
  CompressionError,
  FragmentIdError,
  InitVectorError,
  PacketTypeError,
} from './errors.ts';
import type { Packet, PacketHeader } from './packet.ts';
import { countFragments, requireSessionKey, sealBody } from './seal-body.ts';
import type { SessionCipher } from './session-cipher.ts';

/** Default cap on one message's inflated size: large enough for any seed message, small enough to be safe. */
export const DEFAULT_MAX_INFLATED_BYTES = 1024 * 1024;

type TemplateOf<P> = P extends Packet ? Omit<P, keyof PacketHeader> & { sequenceId: number } : never;
/** What a message is before the pipeline: its type, sequence id and type-specific fields (no flags, no data). */
export type MessageTemplate = TemplateOf<Packet>;

/** Send-side options of {@link sealMessage}. */
export interface SealOptions {
  /** {@link Flag} bits to apply. FRAG forces fragmentation; it is also added when the packet would not fit. */
  flags: number;
  /** 32-byte AES-256 key; required with ENCRYPTED. */
  sessionKey?: Uint8Array;
  /** Randomness source for the IV (never Math.random). */
  randomBytes: (length: number) => Uint8Array;
  /** Payload bytes per fragment; default 988 as in the seed (988 + 28 header bytes ≤ 1024). */
  maxFragmentPayload?: number;
  /** Largest unfragmented datagram; default 1024, the seed's receive buffer. */
  maxDatagramSize?: number;
}

/** Receive-side options of {@link openMessage}. */
export interface OpenOptions {
  /** 32-byte AES-256 key; required to open an ENCRYPTED packet unless `cipher` is given. */
  sessionKey?: Uint8Array;
  /** Long-lived cipher for the session key (no cipher object per packet); takes precedence over `sessionKey`. */
  cipher?: SessionCipher;
  /** Inflation cap in bytes (default {@link DEFAULT_MAX_INFLATED_BYTES}); more is a COMPRESSION error. */
  maxInflatedBytes?: number;
}

/**
 * Turns one logical message into the wire packets that carry it, exactly as the seed's `Node.queuePacket`:
 * checksum of the plaintext, then raw DEFLATE, then AES-256-CBC/PKCS#7 under a fresh IV, then fragments
 * that all repeat the header (same sequence id, IV and checksum). Returns one packet when no FRAG is needed.
 * @throws FlagsError, InitVectorError (no/short key, bad IV source), CompressionError,
 *   FragmentNumberError (more than 255 fragments), PacketTypeError (AUTH cannot be fragmented).
 */
export function sealMessage(template: MessageTemplate, payload: Uint8Array, options: SealOptions): Packet[] {
  const flags = options.flags;
  const { body, checksum, initVector } = sealBody(payload, options);
  const whole = {
    ...template,
    version: PROTOCOL_VERSION_V0,
    flags: flags & ~Flag.FRAG,
    initVector,
    checksum,
    data: body,
  } as Packet;
  const maxDatagram = options.maxDatagramSize ?? SEED_RECEIVE_BUFFER_SIZE;
  if ((flags & Flag.FRAG) === 0 && encodedSize(whole) <= maxDatagram) return [whole];
  if (whole.type === PacketType.AUTH)
    throw new PacketTypeError('AUTH cannot be fragmented; shorten the certificate.');

  const chunk = options.maxFragmentPayload ?? MAX_FRAGMENT_PAYLOAD;
  const count = countFragments(body.length, chunk);
  const fragments: Packet[] = [];
  for (let index = 0; index < count; index++) {
    fragments.push({
      ...whole,
      flags: whole.flags | Flag.FRAG,
      fragmentId: index,
      fragmentNumber: count,
      data: body.subarray(index * chunk, (index + 1) * chunk),
    });
  }
  return fragments;
}

/**
 * Receive side for one complete packet (unfragmented, or the output of FragmentReassembler): decrypt →
 * inflate (capped) → verify the CRC. Unlike the seed, a CRC mismatch is an error, not a log line.
 * @returns the plaintext payload.
 * @throws FragmentIdError (still a fragment), InitVectorError, CompressionError, ChecksumError.
 */
export function openMessage(packet: Packet, options: OpenOptions = {}): Uint8Array {
  const flags = packet.flags;
  if ((flags & Flag.FRAG) !== 0)
    throw new FragmentIdError('Reassemble the fragments before opening the message.');
  let body = packet.data;
  if ((flags & Flag.ENCRYPTED) !== 0) {
    const { cipher, sessionKey } = options;
    if (cipher === undefined) requireSessionKey(sessionKey);
    body =
      cipher !== undefined ? cipher.decrypt(packet.initVector, packet.data) : decrypt(packet, sessionKey!);
  }
  if ((flags & Flag.COMPRESSED) !== 0) {
    const cap = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
    try {
      body = inflateRawSync(body, { maxOutputLength: Math.max(1, cap) });
    } catch (cause) {
      throw new CompressionError(`The payload is not valid DEFLATE or inflates past ${cap} bytes.`, {
        cause,
      });
    }
  }
  if ((flags & Flag.CHECKSUM) !== 0) {
    const actual = crc32(body) >>> 0;
    if (actual !== packet.checksum) {
      throw new ChecksumError(
        `CRC-32 mismatch: the packet says ${hex32(packet.checksum)}, the payload gives ${hex32(actual)}.`,
      );
    }
  }
  return body;
}

function decrypt(packet: Packet, key: Uint8Array): Uint8Array {
  const iv = packet.initVector;
  if (iv === undefined || iv.length !== INIT_VECTOR_SIZE)
    throw new InitVectorError('ENCRYPTED without a 16-byte IV.');
  const ciphertext = packet.data;
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
    throw new InitVectorError(`Encrypted payload of ${ciphertext.length} bytes is not whole AES blocks.`);
  }
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return concat(decipher.update(ciphertext), decipher.final());
  } catch (cause) {
    throw new InitVectorError('Decryption failed: wrong key, IV or padding.', { cause });
  }
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  if (tail.length === 0) return head;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

function hex32(value: number | undefined): string {
  return value === undefined ? 'nothing' : `0x${value.toString(16).padStart(8, '0')}`;
}
