// The v0 error catalogue (udp/error.py) as PC_WIRE_* classes: wire major/minor codes mapped to typed errors.
import { CodedError, defineErrors, type ErrorRow } from '../errors/define-errors.ts';

/** Major codes: the high nibble of an ERROR packet's code byte. */
export const ErrorMajor = { ERROR: 0, CONNECTION: 1, DISCONNECT: 2, PACKET: 3 } as const;
export type ErrorMajor = (typeof ErrorMajor)[keyof typeof ErrorMajor];

export const ConnectionMinor = {
  CONNECTION: 0,
  NO_SPACE: 1,
  CERTIFICATE_INVALID: 2,
  FINISH_INVALID: 3,
} as const;
export type ConnectionMinor = (typeof ConnectionMinor)[keyof typeof ConnectionMinor];

export const DisconnectMinor = { DISCONNECT: 0, SERVER_DISCONNECT: 1, CLIENT_DISCONNECT: 2 } as const;
export type DisconnectMinor = (typeof DisconnectMinor)[keyof typeof DisconnectMinor];

export const PacketMinor = {
  PACKET: 0,
  VERSION: 1,
  PACKET_TYPE: 2,
  FLAGS: 3,
  SEQUENCE_ID: 4,
  FRAGMENT_ID: 5,
  FRAGMENT_NUMBER: 6,
  INIT_VECTOR: 7,
  COMPRESSION: 8,
  CHECKSUM: 9,
} as const;
export type PacketMinor = (typeof PacketMinor)[keyof typeof PacketMinor];

const MINOR_NAMES: Record<number, Record<number, string>> = {
  [ErrorMajor.CONNECTION]: invert(ConnectionMinor),
  [ErrorMajor.DISCONNECT]: invert(DisconnectMinor),
  [ErrorMajor.PACKET]: invert(PacketMinor),
};

function invert(table: Record<string, number>): Record<number, string> {
  return Object.fromEntries(Object.entries(table).map(([name, code]) => [code, name]));
}

/** The seed's symbolic name of a pair, such as `PACKET/CHECKSUM`, for logs and docs/PROTOCOL.md. */
export function errorCodeName(major: number, minor: number): string {
  const majorName = Object.entries(ErrorMajor).find(([, code]) => code === major)?.[0] ?? `MAJOR_${major}`;
  const minorName = MINOR_NAMES[major]?.[minor] ?? `MINOR_${minor}`;
  return `${majorName}/${minorName}`;
}

/**
 * Base of every error an ERROR packet can stand for (PC_WIRE_*, and the core's PC_CORE_*). `code` is the
 * stable string; `major`/`minor` are what an ERROR packet carries; `wireName` is the seed's `MAJOR/MINOR`.
 */
export class PaperclipError extends CodedError {
  declare readonly major: number;
  declare readonly minor: number;
  /** The seed's name of the pair, e.g. `CONNECTION/NO_SPACE`. */
  get wireName(): string {
    return errorCodeName(this.major, this.minor);
  }
}

/** `instanceof` for a family of wire errors: every PaperclipError whose major is `major`, from any catalogue. */
function inFamily(value: unknown, major: ErrorMajor): boolean {
  return value instanceof PaperclipError && value.major === major;
}

/**
 * The handshake could not be completed (major CONNECTION). Not constructed: `instanceof` holds for every
 * PaperclipError with that major (HandshakeError, NoSpaceError, the core's NotConnectedError, unknown minors).
 */
export class ConnectionError extends PaperclipError {
  static override [Symbol.hasInstance](value: unknown): value is ConnectionError {
    return inFamily(value, ErrorMajor.CONNECTION);
  }
}

/** A party is leaving (major DISCONNECT); `instanceof` holds for every PaperclipError with that major. */
export class DisconnectError extends PaperclipError {
  static override [Symbol.hasInstance](value: unknown): value is DisconnectError {
    return inFamily(value, ErrorMajor.DISCONNECT);
  }
}

/** A datagram could not be read (major PACKET): the only error the decoder throws. `instanceof` as above. */
export class PacketError extends PaperclipError {
  static override [Symbol.hasInstance](value: unknown): value is PacketError {
    return inFamily(value, ErrorMajor.PACKET);
  }
}

const { CONNECTION, DISCONNECT, PACKET } = ErrorMajor;

/**
 * One class per v0 major/minor pair (quinn's `errors!{}`): the code, the class name, the pair and the default
 * sentence cannot drift apart. The sentences paraphrase udp/error.py's docstrings.
 */
export const WireErrors = defineErrors(
  'PC_WIRE',
  'Wire codec (@paperclip/protocol)',
  {
    HANDSHAKE: {
      message: 'The handshake could not be finished.',
      major: CONNECTION,
      minor: ConnectionMinor.CONNECTION,
    },
    NO_SPACE: {
      message: 'The server has no room for another client.',
      major: CONNECTION,
      minor: ConnectionMinor.NO_SPACE,
    },
    CERTIFICATE_INVALID: {
      message: 'The certificate is invalid or could not be validated.',
      major: CONNECTION,
      minor: ConnectionMinor.CERTIFICATE_INVALID,
    },
    FINISH_INVALID: {
      message: 'The handshake finished value did not match.',
      major: CONNECTION,
      minor: ConnectionMinor.FINISH_INVALID,
    },
    PEER_DISCONNECT: {
      message: 'The peer is disconnecting.',
      major: DISCONNECT,
      minor: DisconnectMinor.DISCONNECT,
      doc: 'The peer left without saying which side it is.',
    },
    SERVER_DISCONNECT: {
      message: 'The server is closing.',
      major: DISCONNECT,
      minor: DisconnectMinor.SERVER_DISCONNECT,
      doc: 'The server is shutting down or dropped us.',
    },
    CLIENT_DISCONNECT: {
      message: 'The client is closing.',
      major: DISCONNECT,
      minor: DisconnectMinor.CLIENT_DISCONNECT,
    },
    MALFORMED_PACKET: {
      message: 'The packet cannot be read.',
      major: PACKET,
      minor: PacketMinor.PACKET,
      doc: 'Unreadable for a reason no other minor covers.',
    },
    VERSION: {
      message: 'The packet version is missing or not supported.',
      major: PACKET,
      minor: PacketMinor.VERSION,
      doc: 'Empty datagram or a version nibble other than 0.',
    },
    PACKET_TYPE: {
      message: 'The packet type is unknown or its type-specific fields are malformed.',
      major: PACKET,
      minor: PacketMinor.PACKET_TYPE,
      doc: 'Unknown type nibble, or a malformed AUTH, HEARTBEAT or ERROR part.',
    },
    FLAGS: {
      message: 'The packet flags are missing or unknown.',
      major: PACKET,
      minor: PacketMinor.FLAGS,
      doc: 'Truncated flags byte or an undefined flag bit.',
    },
    SEQUENCE_ID: {
      message: 'A sequence id or ack field is missing or out of range.',
      major: PACKET,
      minor: PacketMinor.SEQUENCE_ID,
    },
    FRAGMENT_ID: {
      message: 'The fragment id is missing or out of range.',
      major: PACKET,
      minor: PacketMinor.FRAGMENT_ID,
      doc: 'Truncated fragment id, or id ≥ fragment count.',
    },
    FRAGMENT_NUMBER: {
      message: 'The fragment count is missing, zero, inconsistent or over the limit.',
      major: PACKET,
      minor: PacketMinor.FRAGMENT_NUMBER,
    },
    INIT_VECTOR: {
      message: 'The packet could not be decrypted.',
      major: PACKET,
      minor: PacketMinor.INIT_VECTOR,
      doc: 'Truncated IV, missing key, bad ciphertext length or padding.',
    },
    COMPRESSION: {
      message: 'The packet could not be decompressed within the size limit.',
      major: PACKET,
      minor: PacketMinor.COMPRESSION,
      doc: 'Corrupt DEFLATE stream or inflation over the cap.',
    },
    CHECKSUM: {
      message: 'The packet checksum does not match its payload.',
      major: PACKET,
      minor: PacketMinor.CHECKSUM,
      doc: 'Truncated checksum field or CRC-32 mismatch.',
    },
    UNKNOWN_CODE: {
      message: (d: { major: number; minor: number }) =>
        `Peer reported an unknown error code ${d.major}/${d.minor}.`,
      doc: 'An ERROR packet named a pair outside this table; `major`/`minor` keep its numbers.',
    },
  },
  PaperclipError,
);

/** PC_WIRE_HANDSHAKE (CONNECTION/CONNECTION): the handshake failed for an unspecified reason. */
export const HandshakeError = WireErrors.HANDSHAKE;
export type HandshakeError = InstanceType<typeof HandshakeError>;
/** PC_WIRE_NO_SPACE (CONNECTION/NO_SPACE): the server is full. */
export const NoSpaceError = WireErrors.NO_SPACE;
export type NoSpaceError = InstanceType<typeof NoSpaceError>;
/** PC_WIRE_CERTIFICATE_INVALID (CONNECTION/CERTIFICATE_INVALID): the peer's certificate was refused. */
export const CertificateInvalidError = WireErrors.CERTIFICATE_INVALID;
export type CertificateInvalidError = InstanceType<typeof CertificateInvalidError>;
/** PC_WIRE_FINISH_INVALID (CONNECTION/FINISH_INVALID): the handshake finished value did not verify. */
export const FinishInvalidError = WireErrors.FINISH_INVALID;
export type FinishInvalidError = InstanceType<typeof FinishInvalidError>;
/** PC_WIRE_PEER_DISCONNECT (DISCONNECT/DISCONNECT): the peer left without saying which side it is. */
export const PeerDisconnectError = WireErrors.PEER_DISCONNECT;
export type PeerDisconnectError = InstanceType<typeof PeerDisconnectError>;
/** PC_WIRE_SERVER_DISCONNECT (DISCONNECT/SERVER_DISCONNECT): the server is shutting down or dropped us. */
export const ServerDisconnectError = WireErrors.SERVER_DISCONNECT;
export type ServerDisconnectError = InstanceType<typeof ServerDisconnectError>;
/** PC_WIRE_CLIENT_DISCONNECT (DISCONNECT/CLIENT_DISCONNECT): the client is leaving. */
export const ClientDisconnectError = WireErrors.CLIENT_DISCONNECT;
export type ClientDisconnectError = InstanceType<typeof ClientDisconnectError>;
/** PC_WIRE_MALFORMED_PACKET (PACKET/PACKET): unreadable for a reason no other minor covers. */
export const MalformedPacketError = WireErrors.MALFORMED_PACKET;
export type MalformedPacketError = InstanceType<typeof MalformedPacketError>;
/** PC_WIRE_VERSION (PACKET/VERSION): empty datagram or a version nibble other than 0. */
export const VersionError = WireErrors.VERSION;
export type VersionError = InstanceType<typeof VersionError>;
/** PC_WIRE_PACKET_TYPE (PACKET/PACKET_TYPE): unknown type nibble, or a malformed type-specific part. */
export const PacketTypeError = WireErrors.PACKET_TYPE;
export type PacketTypeError = InstanceType<typeof PacketTypeError>;
/** PC_WIRE_FLAGS (PACKET/FLAGS): truncated flags byte or an undefined flag bit. */
export const FlagsError = WireErrors.FLAGS;
export type FlagsError = InstanceType<typeof FlagsError>;
/** PC_WIRE_SEQUENCE_ID (PACKET/SEQUENCE_ID): truncated or out-of-range sequence id, ack id or ack bits. */
export const SequenceIdError = WireErrors.SEQUENCE_ID;
export type SequenceIdError = InstanceType<typeof SequenceIdError>;
/** PC_WIRE_FRAGMENT_ID (PACKET/FRAGMENT_ID): truncated fragment id, or id ≥ fragment count. */
export const FragmentIdError = WireErrors.FRAGMENT_ID;
export type FragmentIdError = InstanceType<typeof FragmentIdError>;
/** PC_WIRE_FRAGMENT_NUMBER (PACKET/FRAGMENT_NUMBER): truncated, zero, inconsistent or over-limit fragment count. */
export const FragmentNumberError = WireErrors.FRAGMENT_NUMBER;
export type FragmentNumberError = InstanceType<typeof FragmentNumberError>;
/** PC_WIRE_INIT_VECTOR (PACKET/INIT_VECTOR): truncated IV, missing key, bad ciphertext length or padding. */
export const InitVectorError = WireErrors.INIT_VECTOR;
export type InitVectorError = InstanceType<typeof InitVectorError>;
/** PC_WIRE_COMPRESSION (PACKET/COMPRESSION): corrupt DEFLATE stream or inflation over the cap. */
export const CompressionError = WireErrors.COMPRESSION;
export type CompressionError = InstanceType<typeof CompressionError>;
/** PC_WIRE_CHECKSUM (PACKET/CHECKSUM): truncated checksum field or CRC-32 mismatch. */
export const ChecksumError = WireErrors.CHECKSUM;
export type ChecksumError = InstanceType<typeof ChecksumError>;

/** A class of the wire catalogue: `new ChecksumError()` or `new ChecksumError('why')`; `row` has its pair. */
export interface WireErrorClass {
  new (message?: string, options?: ErrorOptions): PaperclipError;
  /** The stable code every instance carries, e.g. `PC_WIRE_CHECKSUM`. */
  readonly code: string;
  /** The catalogue row: sentence, `major`, `minor`. */
  readonly row: ErrorRow<never>;
}

const UnknownCode = WireErrors.UNKNOWN_CODE;

/** PC_WIRE_UNKNOWN_CODE with the pair the peer sent: a family's `instanceof` still sees its major. */
class UnknownCodeError extends UnknownCode {
  override readonly major: number;
  override readonly minor: number;
  constructor(major: number, minor: number, message?: string) {
    super({ major, minor }, message === undefined ? undefined : { message });
    this.major = major;
    this.minor = minor;
  }
}

const KNOWN: readonly WireErrorClass[] = Object.values(WireErrors).filter(
  (made) => made.row.major !== undefined,
) as unknown as WireErrorClass[];

/** The typed class for a major/minor pair, or undefined when the pair is not in the catalogue. */
export function errorClassFor(major: number, minor: number): WireErrorClass | undefined {
  return KNOWN.find((made) => made.row.major === major && made.row.minor === minor);
}

/**
 * Builds the typed error an ERROR packet with these codes stands for (e.g. 0x12 → CertificateInvalidError).
 * Pairs outside the catalogue still keep their numbers: PC_WIRE_UNKNOWN_CODE, `instanceof` its major's family.
 */
export function errorFromCodes(major: number, minor: number, message?: string): PaperclipError {
  const known = errorClassFor(major, minor);
  if (known !== undefined) return new known(message ?? `Peer reported ${errorCodeName(major, minor)}.`);
  return new UnknownCodeError(major, minor, message);
}
