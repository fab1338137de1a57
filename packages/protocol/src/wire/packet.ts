// Decoded v0 packets: one plain object type per packet type, sharing the common header.
import type { Flags, HeartbeatKind, PacketType } from './constants.ts';

/** Fields every v0 packet carries. Optional header fields are present exactly when their flag is set. */
export interface PacketHeader {
  /** Version nibble as read from the wire (0 for v0). */
  version: number;
  flags: Flags;
  /** 0..65535 on well-formed senders (the field is 4 bytes wide on the wire). */
  sequenceId: number;
  /** Present iff FRAG: 0-based index of this fragment. */
  fragmentId?: number;
  /** Present iff FRAG: total number of fragments of the message. */
  fragmentNumber?: number;
  /** Present iff ENCRYPTED: the 16-byte AES-CBC IV. */
  initVector?: Uint8Array;
  /** Present iff CHECKSUM: CRC-32 of the plaintext, uncompressed payload. */
  checksum?: number;
  /** Everything after the type-specific part. Empty when the datagram ends there. */
  data: Uint8Array;
}

export interface DefaultPacket extends PacketHeader {
  type: typeof PacketType.DEFAULT;
}

export interface AckPacket extends PacketHeader {
  type: typeof PacketType.ACK;
  ackId: number;
  /** Bit 15 (0x8000) = ackId-1 received, … bit 0 = ackId-16. */
  ackBits: number;
}

export interface AuthPacket extends PacketHeader {
  type: typeof PacketType.AUTH;
  /** Ephemeral P-384 public key, SubjectPublicKeyInfo DER (1-byte length prefix on the wire). */
  publicKey: Uint8Array;
  /** X.509 certificate DER (2-byte length prefix); absent when the datagram ends after the key. */
  certificate?: Uint8Array;
}

export interface HeartbeatPacket extends PacketHeader {
  type: typeof PacketType.HEARTBEAT;
  heartbeat: HeartbeatKind;
}

export interface ErrorPacket extends PacketHeader {
  type: typeof PacketType.ERROR;
  major: number;
  minor: number;
}

/** Any decoded v0 packet; switch on `type`. */
export type Packet = DefaultPacket | AckPacket | AuthPacket | HeartbeatPacket | ErrorPacket;
