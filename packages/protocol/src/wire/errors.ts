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

/** Builds the typed error an ERROR packet with these codes stands for. */
export function errorFromCodes(major: number, minor: number, message?: string): PaperclipError {
  const text = message ?? `Peer reported ${errorCodeName(major, minor)}.`;
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
