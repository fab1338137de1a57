// Wire constants of Paperclip protocol v0, byte-compatible with the Python seed (udp/packet.py).

/** Protocol version carried in the high nibble of byte 0. The seed is version 0. */
export const PROTOCOL_VERSION_V0 = 0;

/** Packet types: the low nibble of byte 0. */
export const PacketType = {
  DEFAULT: 0,
  ACK: 1,
  AUTH: 2,
  HEARTBEAT: 3,
  ERROR: 4,
} as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

/**
 * Flag bits of byte 1. The seed builds the byte MSB-first from a list, so its list index 0
 * (RELIABLE) is 0x80. The low three bits are unused and must be zero.
 */
export const Flag = {
  RELIABLE: 0x80,
  CHECKSUM: 0x40,
  COMPRESSED: 0x20,
  ENCRYPTED: 0x10,
  FRAG: 0x08,
} as const;
export type FlagName = keyof typeof Flag;
/** Bit set of {@link Flag} values. */
export type Flags = number;
/** Every defined flag bit; anything outside this mask is a FLAGS error. */
export const KNOWN_FLAGS_MASK = 0xf8;

/** Sequence ids, ack ids and ack bits are 16-bit values carried in 4-byte big-endian fields. */
export const SEQUENCE_MODULUS = 0x1_0000;
/** Number of earlier sequence ids an ACK's bit field covers. */
export const ACK_BITS_COUNT = 16;

/** Heartbeat byte: the server's ping is 0x00, the client's pong 0x01. */
export const HeartbeatKind = { PING: 0, PONG: 1 } as const;
export type HeartbeatKind = (typeof HeartbeatKind)[keyof typeof HeartbeatKind];

/** Sizes in bytes. */
export const HEADER_SIZE = 6;
export const FRAGMENT_FIELDS_SIZE = 2;
export const INIT_VECTOR_SIZE = 16;
export const CHECKSUM_SIZE = 4;
/** The seed receives with recvfrom(1024): longer datagrams are truncated by a v0 peer. */
export const SEED_RECEIVE_BUFFER_SIZE = 1024;
/** Payload bytes per fragment, as the seed's MAX_FRAGMENT_SIZE: 988 + 28 header bytes = 1016 ≤ 1024. */
export const MAX_FRAGMENT_PAYLOAD = 988;
/** fragment_id and fragment_number are one byte each. */
export const MAX_FRAGMENTS = 255;
/** AES-256-CBC key length. */
export const SESSION_KEY_SIZE = 32;
