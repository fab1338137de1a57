// The v0 datagram codec: Packet objects <-> bytes, byte-exact with the Python seed's udp/packet.py.
import {
  CHECKSUM_SIZE,
  Flag,
  FRAGMENT_FIELDS_SIZE,
  HEADER_SIZE,
  INIT_VECTOR_SIZE,
  KNOWN_FLAGS_MASK,
  PacketType,
  PROTOCOL_VERSION_V0,
  SEQUENCE_MODULUS,
} from './constants.ts';
import {
  ChecksumError,
  FlagsError,
  FragmentIdError,
  FragmentNumberError,
  InitVectorError,
  PacketTypeError,
  SequenceIdError,
  VersionError,
} from './errors.ts';
import type { Packet } from './packet.ts';

/** ACK's type-specific part: ack id (4 bytes) + ack bits (4 bytes). */
const ACK_FIELDS_SIZE = 8;
/** Largest public key / certificate the 1- and 2-byte size prefixes can describe. */
const MAX_PUBLIC_KEY_SIZE = 0xff;
const MAX_CERTIFICATE_SIZE = 0xffff;
/** Minor codes that are defined per major; major ERROR (0) only ever carries minor 0. */
const MINOR_COUNT_BY_MAJOR = [1, 4, 3, 10] as const;

/**
 * Decodes one v0 datagram. The returned `data`, `initVector`, `publicKey` and `certificate` are views into
 * `datagram` (no copy): copy them if the buffer is reused.
 *
 * Receive strictness (docs/PROTOCOL.md §6): version nibble must be 0, type 0..4, flag bits 0x07 clear,
 * sequence/ack ids and ack bits below 2^16, 1 ≤ fragment count and fragment id < count, every optional
 * field complete, an unfragmented ENCRYPTED payload a non-empty multiple of 16 bytes.
 *
 * @throws PacketError (a typed minor subclass) — never anything else; never reads past `datagram.length`.
 */
export function decodePacket(datagram: Uint8Array): Packet {
  const length = datagram.length;
  if (length < 1) throw new VersionError('The datagram is empty: no version/type byte.');
  const versionType = datagram[0]!;
  const version = versionType >> 4;
  if (version !== PROTOCOL_VERSION_V0) {
    throw new VersionError(`Protocol version ${version} is not supported; this endpoint speaks v0.`);
  }
  const type = versionType & 0x0f;
  if (type > PacketType.ERROR) throw new PacketTypeError(`Packet type ${type} is unknown.`);
  if (length < 2) throw new FlagsError('The datagram ends before the flags byte.');
  const flags = datagram[1]!;
  if ((flags & ~KNOWN_FLAGS_MASK) !== 0) {
    throw new FlagsError(`Undefined flag bits 0x${(flags & 0x07).toString(16).padStart(2, '0')} are set.`);
  }
  if (length < HEADER_SIZE) throw new SequenceIdError('The datagram ends inside the sequence id.');
  const sequenceId = readUint32(datagram, 2);
  if (sequenceId >= SEQUENCE_MODULUS) {
    throw new SequenceIdError(`Sequence id ${sequenceId} does not fit the 16-bit sequence space.`);
  }
  let offset = HEADER_SIZE;

  let fragmentId: number | undefined;
  let fragmentNumber: number | undefined;
  if ((flags & Flag.FRAG) !== 0) {
    if (length < offset + 1) throw new FragmentIdError('The datagram ends before the fragment id.');
    if (length < offset + FRAGMENT_FIELDS_SIZE) {
      throw new FragmentNumberError('The datagram ends before the fragment count.');
    }
    fragmentId = datagram[offset]!;
    fragmentNumber = datagram[offset + 1]!;
    if (fragmentNumber === 0) throw new FragmentNumberError('The fragment count is 0.');
    if (fragmentId >= fragmentNumber) {
      throw new FragmentIdError(
        `Fragment id ${fragmentId} is not below the fragment count ${fragmentNumber}.`,
      );
    }
    offset += FRAGMENT_FIELDS_SIZE;
  }

  let initVector: Uint8Array | undefined;
  if ((flags & Flag.ENCRYPTED) !== 0) {
    if (length < offset + INIT_VECTOR_SIZE) throw new InitVectorError('The datagram ends inside the IV.');
    initVector = datagram.subarray(offset, offset + INIT_VECTOR_SIZE);
    offset += INIT_VECTOR_SIZE;
  }

  let checksum: number | undefined;
  if ((flags & Flag.CHECKSUM) !== 0) {
    if (length < offset + CHECKSUM_SIZE) throw new ChecksumError('The datagram ends inside the checksum.');
    checksum = readUint32(datagram, offset);
    offset += CHECKSUM_SIZE;
  }

  // DEFAULT (the data path) is built field by field; object spread is a slow runtime path in V8.
  const packet: Packet =
    type === PacketType.DEFAULT
      ? {
          type,
          version,
          flags,
          sequenceId,
          fragmentId,
          fragmentNumber,
          initVector,
          checksum,
          data: datagram.subarray(offset),
        }
      : decodeBody(datagram, type as PacketType, offset, {
          version,
          flags,
          sequenceId,
          fragmentId,
          fragmentNumber,
          initVector,
          checksum,
        });
  // A whole (unfragmented) ciphertext is CBC blocks; fragments are arbitrary slices of one.
  if (initVector !== undefined && fragmentId === undefined) {
    const cipherLength = packet.data.length;
    if (cipherLength === 0 || cipherLength % 16 !== 0) {
      throw new InitVectorError(`Encrypted payload of ${cipherLength} bytes is not whole AES blocks.`);
    }
  }
  return packet;
}

interface CommonFields {
  version: number;
  flags: number;
  sequenceId: number;
  fragmentId: number | undefined;
  fragmentNumber: number | undefined;
  initVector: Uint8Array | undefined;
  checksum: number | undefined;
}

function decodeBody(datagram: Uint8Array, type: PacketType, start: number, header: CommonFields): Packet {
  const length = datagram.length;
  let offset = start;
  switch (type) {
    case PacketType.DEFAULT:
      return { type, ...header, data: datagram.subarray(offset) };
    case PacketType.ACK: {
      if (length < offset + ACK_FIELDS_SIZE)
        throw new SequenceIdError('The datagram ends inside the ACK fields.');
      const ackId = readUint32(datagram, offset);
      const ackBits = readUint32(datagram, offset + 4);
      if (ackId >= SEQUENCE_MODULUS) throw new SequenceIdError(`Ack id ${ackId} does not fit 16 bits.`);
      if (ackBits >= SEQUENCE_MODULUS) throw new SequenceIdError('Ack bits use more than the low 16 bits.');
      return { type, ...header, ackId, ackBits, data: datagram.subarray(offset + ACK_FIELDS_SIZE) };
    }
    case PacketType.AUTH: {
      if (length < offset + 1) throw new PacketTypeError('AUTH ends before the public key size.');
      const keySize = datagram[offset]!;
      offset += 1;
      if (keySize === 0) throw new PacketTypeError('AUTH carries an empty public key.');
      if (length < offset + keySize) throw new PacketTypeError('AUTH ends inside the public key.');
      const publicKey = datagram.subarray(offset, offset + keySize);
      offset += keySize;
      // As in the seed, the certificate part is present only if bytes remain after the key.
      if (offset === length) return { type, ...header, publicKey, data: datagram.subarray(length) };
      if (length < offset + 2) throw new PacketTypeError('AUTH ends inside the certificate size.');
      const certificateSize = (datagram[offset]! << 8) | datagram[offset + 1]!;
      offset += 2;
      if (length < offset + certificateSize) throw new PacketTypeError('AUTH ends inside the certificate.');
      const certificate = datagram.subarray(offset, offset + certificateSize);
      return { type, ...header, publicKey, certificate, data: datagram.subarray(offset + certificateSize) };
    }
    case PacketType.HEARTBEAT: {
      if (length < offset + 1) throw new PacketTypeError('HEARTBEAT ends before its ping/pong byte.');
      const heartbeat = datagram[offset]!;
      if (heartbeat > 1)
        throw new PacketTypeError(`HEARTBEAT byte ${heartbeat} is neither ping (0) nor pong (1).`);
      return { type, ...header, heartbeat: heartbeat as 0 | 1, data: datagram.subarray(offset + 1) };
    }
    case PacketType.ERROR: {
      if (length < offset + 1) throw new PacketTypeError('ERROR ends before its major/minor byte.');
      const code = datagram[offset]!;
      const major = code >> 4;
      const minor = code & 0x0f;
      if (!isKnownErrorCode(major, minor)) {
        throw new PacketTypeError(`ERROR code ${major}/${minor} is not in the v0 catalogue.`);
      }
      return { type, ...header, major, minor, data: datagram.subarray(offset + 1) };
    }
  }
}

function isKnownErrorCode(major: number, minor: number): boolean {
  const count = MINOR_COUNT_BY_MAJOR[major as 0 | 1 | 2 | 3];
  return count !== undefined && minor < count;
}

/**
 * Encodes one v0 packet. Flags decide which optional fields are written: a field whose flag is clear is
 * ignored, a field whose flag is set must be present and in range.
 * @throws PacketError with the minor of the first field that cannot be encoded.
 */
export function encodePacket(packet: Packet): Uint8Array {
  const flags = packet.flags;
  if (!Number.isInteger(flags) || flags < 0 || (flags & ~KNOWN_FLAGS_MASK) !== 0) {
    throw new FlagsError(`Flags 0x${Number(flags).toString(16)} contain undefined bits.`);
  }
  if (packet.version !== PROTOCOL_VERSION_V0)
    throw new VersionError('Only protocol version 0 can be encoded.');
  if (!isUint(packet.type, PacketType.ERROR))
    throw new PacketTypeError(`Packet type ${packet.type} is unknown.`);
  const out = new Uint8Array(encodedSize(packet));
  out[0] = (PROTOCOL_VERSION_V0 << 4) | packet.type;
  out[1] = flags;
  writeUint32(out, 2, checkUint16(packet.sequenceId, 'Sequence id'));
  let offset = HEADER_SIZE;
  if ((flags & Flag.FRAG) !== 0) {
    const { fragmentId, fragmentNumber } = packet;
    if (fragmentNumber === undefined || !isUint(fragmentNumber, 0xff) || fragmentNumber === 0) {
      throw new FragmentNumberError('FRAG needs a fragment count of 1..255.');
    }
    if (fragmentId === undefined || !isUint(fragmentId, fragmentNumber - 1)) {
      throw new FragmentIdError('FRAG needs a fragment id below the fragment count.');
    }
    out[offset] = fragmentId;
    out[offset + 1] = fragmentNumber;
    offset += FRAGMENT_FIELDS_SIZE;
  }
  if ((flags & Flag.ENCRYPTED) !== 0) {
    const iv = packet.initVector;
    if (iv === undefined || iv.length !== INIT_VECTOR_SIZE)
      throw new InitVectorError('ENCRYPTED needs a 16-byte IV.');
    out.set(iv, offset);
    offset += INIT_VECTOR_SIZE;
  }
  if ((flags & Flag.CHECKSUM) !== 0) {
    const checksum = packet.checksum;
    if (checksum === undefined || !isUint(checksum, 0xffff_ffff)) {
      throw new ChecksumError('CHECKSUM needs a 32-bit unsigned checksum.');
    }
    writeUint32(out, offset, checksum);
    offset += CHECKSUM_SIZE;
  }
  offset = encodeBody(packet, out, offset);
  out.set(packet.data, offset);
  return out;
}

function encodeBody(packet: Packet, out: Uint8Array, start: number): number {
  let offset = start;
  switch (packet.type) {
    case PacketType.DEFAULT:
      return offset;
    case PacketType.ACK:
      writeUint32(out, offset, checkUint16(packet.ackId, 'Ack id'));
      writeUint32(out, offset + 4, checkUint16(packet.ackBits, 'Ack bits'));
      return offset + ACK_FIELDS_SIZE;
    case PacketType.AUTH: {
      out[offset] = packet.publicKey.length;
      out.set(packet.publicKey, offset + 1);
      offset += 1 + packet.publicKey.length;
      const certificate = packet.certificate;
      if (certificate === undefined) return offset;
      out[offset] = certificate.length >> 8;
      out[offset + 1] = certificate.length & 0xff;
      out.set(certificate, offset + 2);
      return offset + 2 + certificate.length;
    }
    case PacketType.HEARTBEAT:
      if (packet.heartbeat !== 0 && packet.heartbeat !== 1) {
        throw new PacketTypeError('HEARTBEAT must be ping (0) or pong (1).');
      }
      out[offset] = packet.heartbeat;
      return offset + 1;
    case PacketType.ERROR:
      if (
        !isUint(packet.major, 0x0f) ||
        !isUint(packet.minor, 0x0f) ||
        !isKnownErrorCode(packet.major, packet.minor)
      ) {
        throw new PacketTypeError(`ERROR code ${packet.major}/${packet.minor} is not in the v0 catalogue.`);
      }
      out[offset] = (packet.major << 4) | packet.minor;
      return offset + 1;
  }
}

/** Bytes `encodePacket(packet)` will produce. Validates the AUTH size prefixes. */
export function encodedSize(packet: Packet): number {
  return headerSize(packet.flags) + bodySize(packet) + packet.data.length;
}

/** Bytes of the common header for these flags (6 + 2 FRAG + 16 ENCRYPTED + 4 CHECKSUM). */
export function headerSize(flags: number): number {
  let size = HEADER_SIZE;
  if ((flags & Flag.FRAG) !== 0) size += FRAGMENT_FIELDS_SIZE;
  if ((flags & Flag.ENCRYPTED) !== 0) size += INIT_VECTOR_SIZE;
  if ((flags & Flag.CHECKSUM) !== 0) size += CHECKSUM_SIZE;
  return size;
}

function bodySize(packet: Packet): number {
  switch (packet.type) {
    case PacketType.ACK:
      return ACK_FIELDS_SIZE;
    case PacketType.AUTH: {
      const keySize = packet.publicKey.length;
      if (keySize === 0 || keySize > MAX_PUBLIC_KEY_SIZE) {
        throw new PacketTypeError(`AUTH public key must be 1..255 bytes, got ${keySize}.`);
      }
      const certificate = packet.certificate;
      if (certificate !== undefined && certificate.length > MAX_CERTIFICATE_SIZE) {
        throw new PacketTypeError(`AUTH certificate must be at most 65535 bytes, got ${certificate.length}.`);
      }
      return 1 + keySize + (certificate === undefined ? 0 : 2 + certificate.length);
    }
    case PacketType.HEARTBEAT:
    case PacketType.ERROR:
      return 1;
    default:
      return 0;
  }
}

function readUint32(bytes: Uint8Array, offset: number): number {
  // Manual big-endian read: no DataView allocation per datagram, and the caller has bounds-checked.
  return (
    ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>>
    0
  );
}

function writeUint32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

function isUint(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

function checkUint16(value: number, what: string): number {
  if (!isUint(value, SEQUENCE_MODULUS - 1))
    throw new SequenceIdError(`${what} ${value} does not fit 16 bits.`);
  return value;
}
