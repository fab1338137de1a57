// Encoders for the unflagged control datagrams the core sends: AUTH, ACK, HEARTBEAT and ERROR.
import { encodePacket } from '../wire/codec-v0.ts';
import { type HeartbeatKind, PacketType, PROTOCOL_VERSION_V0 } from '../wire/constants.ts';

const EMPTY = new Uint8Array(0);

/** AUTH: our ephemeral public key and certificate (never flagged, never fragmented). */
export function encodeAuth(sequenceId: number, publicKey: Uint8Array, certificate: Uint8Array): Uint8Array {
  return encodePacket({
    type: PacketType.AUTH,
    version: PROTOCOL_VERSION_V0,
    flags: 0,
    sequenceId,
    publicKey,
    certificate,
    data: EMPTY,
  });
}

/** ACK of `ackId` with the 16 earlier ids in `ackBits`; `data` carries Finished during the handshake. */
export function encodeAck(
  sequenceId: number,
  ackId: number,
  ackBits: number,
  data: Uint8Array = EMPTY,
): Uint8Array {
  return encodePacket({
    type: PacketType.ACK,
    version: PROTOCOL_VERSION_V0,
    flags: 0,
    sequenceId,
    ackId,
    ackBits,
    data,
  });
}

/** HEARTBEAT ping (server) or pong (client). */
export function encodeHeartbeat(sequenceId: number, heartbeat: HeartbeatKind): Uint8Array {
  return encodePacket({
    type: PacketType.HEARTBEAT,
    version: PROTOCOL_VERSION_V0,
    flags: 0,
    sequenceId,
    heartbeat,
    data: EMPTY,
  });
}

/** ERROR major/minor with an optional human-readable message, as udp/error.py's codes. */
export function encodeError(
  sequenceId: number,
  major: number,
  minor: number,
  data: Uint8Array = EMPTY,
): Uint8Array {
  return encodePacket({
    type: PacketType.ERROR,
    version: PROTOCOL_VERSION_V0,
    flags: 0,
    sequenceId,
    major,
    minor,
    data,
  });
}
