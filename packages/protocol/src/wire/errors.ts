// The v0 error catalogue (udp/error.py): wire major/minor codes mapped to typed error classes.

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

/** Stable symbolic code such as `PACKET/CHECKSUM`, for logs and user messages. */
export function errorCodeName(major: number, minor: number): string {
  const majorName = Object.entries(ErrorMajor).find(([, code]) => code === major)?.[0] ?? `MAJOR_${major}`;
  const minorName = MINOR_NAMES[major]?.[minor] ?? `MINOR_${minor}`;
  return `${majorName}/${minorName}`;
}

/** Base of every Paperclip wire error. `major`/`minor` are what an ERROR packet would carry. */
export class PaperclipError extends Error {
  readonly major: number;
  readonly minor: number;
  constructor(major: number, minor: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.major = major;
    this.minor = minor;
  }
  /** `MAJOR/MINOR`, e.g. `CONNECTION/NO_SPACE`. */
  get code(): string {
    return errorCodeName(this.major, this.minor);
  }
}

/** The handshake could not be completed (major CONNECTION). */
export class ConnectionError extends PaperclipError {
  constructor(minor: ConnectionMinor, message: string, options?: ErrorOptions) {
    super(ErrorMajor.CONNECTION, minor, message, options);
  }
}

/** A party is leaving (major DISCONNECT). */
export class DisconnectError extends PaperclipError {
  constructor(minor: DisconnectMinor, message: string, options?: ErrorOptions) {
    super(ErrorMajor.DISCONNECT, minor, message, options);
  }
}

/** A datagram could not be read (major PACKET). The only error the decoder throws. */
export class PacketError extends PaperclipError {
  constructor(minor: PacketMinor, message: string, options?: ErrorOptions) {
    super(ErrorMajor.PACKET, minor, message, options);
  }
}

type MinorTable = Readonly<Record<string, { code: number; className: string; description: string }>>;

/** A typed error class for one minor code: `new ChecksumError()` or `new ChecksumError('why')`. */
export type MinorErrorClass<Base extends PaperclipError> = {
  new (message?: string, options?: ErrorOptions): Base;
  /** The minor code every instance carries. */
  readonly minor: number;
  /** The sentence used when no message is given. */
  readonly description: string;
};

// One subclass per minor code, built from a table (quinn's `errors!{}` idea) so the code, the class name and
// the default sentence cannot drift apart. The descriptions paraphrase udp/error.py's docstrings.
function minorClasses<Base extends PaperclipError, Minor extends number>(
  base: abstract new (minor: Minor, message: string, options?: ErrorOptions) => Base,
  table: MinorTable,
): Record<string, MinorErrorClass<Base>> {
  const classes: Record<string, MinorErrorClass<Base>> = {};
  for (const { code, className, description } of Object.values(table)) {
    // The class expression is abstract-compatible because `base` is only ever a concrete class here.
    const Concrete = base as unknown as new (
      minor: number,
      message: string,
      options?: ErrorOptions,
    ) => PaperclipError;
    const subclass = class extends Concrete {
      static readonly minor = code;
      static readonly description = description;
      constructor(message: string = description, options?: ErrorOptions) {
        super(code, message, options);
      }
    };
    Object.defineProperty(subclass, 'name', { value: className });
    classes[className] = subclass as unknown as MinorErrorClass<Base>;
  }
  return classes;
}

const connectionClasses = minorClasses<ConnectionError, ConnectionMinor>(ConnectionError, {
  CONNECTION: {
    code: ConnectionMinor.CONNECTION,
    className: 'HandshakeError',
    description: 'The handshake could not be finished.',
  },
  NO_SPACE: {
    code: ConnectionMinor.NO_SPACE,
    className: 'NoSpaceError',
    description: 'The server has no room for another client.',
  },
  CERTIFICATE_INVALID: {
    code: ConnectionMinor.CERTIFICATE_INVALID,
    className: 'CertificateInvalidError',
    description: 'The certificate is invalid or could not be validated.',
  },
  FINISH_INVALID: {
    code: ConnectionMinor.FINISH_INVALID,
    className: 'FinishInvalidError',
    description: 'The handshake finished value did not match.',
  },
});

const disconnectClasses = minorClasses<DisconnectError, DisconnectMinor>(DisconnectError, {
  DISCONNECT: {
    code: DisconnectMinor.DISCONNECT,
    className: 'PeerDisconnectError',
    description: 'The peer is disconnecting.',
  },
  SERVER_DISCONNECT: {
    code: DisconnectMinor.SERVER_DISCONNECT,
    className: 'ServerDisconnectError',
    description: 'The server is closing.',
  },
  CLIENT_DISCONNECT: {
    code: DisconnectMinor.CLIENT_DISCONNECT,
    className: 'ClientDisconnectError',
    description: 'The client is closing.',
  },
});

const packetClasses = minorClasses<PacketError, PacketMinor>(PacketError, {
  PACKET: {
    code: PacketMinor.PACKET,
    className: 'MalformedPacketError',
    description: 'The packet cannot be read.',
  },
  VERSION: {
    code: PacketMinor.VERSION,
    className: 'VersionError',
    description: 'The packet version is missing or not supported.',
  },
  PACKET_TYPE: {
    code: PacketMinor.PACKET_TYPE,
    className: 'PacketTypeError',
    description: 'The packet type is unknown or its type-specific fields are malformed.',
  },
  FLAGS: {
    code: PacketMinor.FLAGS,
    className: 'FlagsError',
    description: 'The packet flags are missing or unknown.',
  },
  SEQUENCE_ID: {
    code: PacketMinor.SEQUENCE_ID,
    className: 'SequenceIdError',
    description: 'A sequence id or ack field is missing or out of range.',
  },
  FRAGMENT_ID: {
    code: PacketMinor.FRAGMENT_ID,
    className: 'FragmentIdError',
    description: 'The fragment id is missing or out of range.',
  },
  FRAGMENT_NUMBER: {
    code: PacketMinor.FRAGMENT_NUMBER,
    className: 'FragmentNumberError',
    description: 'The fragment count is missing, zero, inconsistent or over the limit.',
  },
  INIT_VECTOR: {
    code: PacketMinor.INIT_VECTOR,
    className: 'InitVectorError',
    description: 'The packet could not be decrypted.',
  },
  COMPRESSION: {
    code: PacketMinor.COMPRESSION,
    className: 'CompressionError',
    description: 'The packet could not be decompressed within the size limit.',
  },
  CHECKSUM: {
    code: PacketMinor.CHECKSUM,
    className: 'ChecksumError',
    description: 'The packet checksum does not match its payload.',
  },
});

/** CONNECTION/CONNECTION: the handshake failed for an unspecified reason. */
export const HandshakeError = connectionClasses['HandshakeError']!;
/** CONNECTION/NO_SPACE: the server is full. */
export const NoSpaceError = connectionClasses['NoSpaceError']!;
/** CONNECTION/CERTIFICATE_INVALID: the peer's certificate was refused. */
export const CertificateInvalidError = connectionClasses['CertificateInvalidError']!;
/** CONNECTION/FINISH_INVALID: the handshake finished value did not verify. */
export const FinishInvalidError = connectionClasses['FinishInvalidError']!;
/** DISCONNECT/DISCONNECT: the peer left without saying which side it is. */
export const PeerDisconnectError = disconnectClasses['PeerDisconnectError']!;
/** DISCONNECT/SERVER_DISCONNECT: the server is shutting down or dropped us. */
export const ServerDisconnectError = disconnectClasses['ServerDisconnectError']!;
/** DISCONNECT/CLIENT_DISCONNECT: the client is leaving. */
export const ClientDisconnectError = disconnectClasses['ClientDisconnectError']!;
/** PACKET/PACKET: unreadable for a reason no other minor covers. */
export const MalformedPacketError = packetClasses['MalformedPacketError']!;
/** PACKET/VERSION: empty datagram or a version nibble other than 0. */
export const VersionError = packetClasses['VersionError']!;
/** PACKET/PACKET_TYPE: unknown type nibble, or a malformed type-specific part (AUTH, HEARTBEAT, ERROR). */
export const PacketTypeError = packetClasses['PacketTypeError']!;
/** PACKET/FLAGS: truncated flags byte or an undefined flag bit. */
export const FlagsError = packetClasses['FlagsError']!;
/** PACKET/SEQUENCE_ID: truncated or out-of-range sequence id, ack id or ack bits. */
export const SequenceIdError = packetClasses['SequenceIdError']!;
/** PACKET/FRAGMENT_ID: truncated fragment id, or id ≥ fragment count. */
export const FragmentIdError = packetClasses['FragmentIdError']!;
/** PACKET/FRAGMENT_NUMBER: truncated, zero, inconsistent or over-limit fragment count. */
export const FragmentNumberError = packetClasses['FragmentNumberError']!;
/** PACKET/INIT_VECTOR: truncated IV, missing key, bad ciphertext length or padding. */
export const InitVectorError = packetClasses['InitVectorError']!;
/** PACKET/COMPRESSION: corrupt DEFLATE stream or inflation over the cap. */
export const CompressionError = packetClasses['CompressionError']!;
/** PACKET/CHECKSUM: truncated checksum field or CRC-32 mismatch. */
export const ChecksumError = packetClasses['ChecksumError']!;

const CLASSES_BY_MAJOR: Record<number, Record<string, MinorErrorClass<PaperclipError>>> = {
  [ErrorMajor.CONNECTION]: connectionClasses,
  [ErrorMajor.DISCONNECT]: disconnectClasses,
  [ErrorMajor.PACKET]: packetClasses,
};

/** The typed class for a major/minor pair, or undefined when the pair is not in the catalogue. */
export function errorClassFor(major: number, minor: number): MinorErrorClass<PaperclipError> | undefined {
  const classes = CLASSES_BY_MAJOR[major];
  if (classes === undefined) return undefined;
  return Object.values(classes).find((candidate) => candidate.minor === minor);
}

/**
 * Builds the typed error an ERROR packet with these codes stands for (e.g. 0x12 → CertificateInvalidError).
 * Pairs outside the catalogue still keep their codes: the major's base class, or PaperclipError.
 */
export function errorFromCodes(major: number, minor: number, message?: string): PaperclipError {
  const text = message ?? `Peer reported ${errorCodeName(major, minor)}.`;
  const known = errorClassFor(major, minor);
  if (known !== undefined) return new known(text);
  switch (major) {
    case ErrorMajor.CONNECTION:
      return new ConnectionError(minor as ConnectionMinor, text);
    case ErrorMajor.DISCONNECT:
      return new DisconnectError(minor as DisconnectMinor, text);
    case ErrorMajor.PACKET:
      return new PacketError(minor as PacketMinor, text);
    default:
      return new PaperclipError(major, minor, text);
  }
}
