// The v0 error catalogue: one typed class per minor, carrying the seed's wire codes.
import { describe, expect, it } from 'vitest';
import {
  CertificateInvalidError,
  ChecksumError,
  ClientDisconnectError,
  ConnectionError,
  ConnectionMinor,
  DisconnectError,
  DisconnectMinor,
  ErrorMajor,
  errorClassFor,
  errorFromCodes,
  NoSpaceError,
  PacketError,
  PacketMinor,
  PaperclipError,
} from '../../src/index.ts';

const tables = [
  [ErrorMajor.CONNECTION, ConnectionMinor, ConnectionError],
  [ErrorMajor.DISCONNECT, DisconnectMinor, DisconnectError],
  [ErrorMajor.PACKET, PacketMinor, PacketError],
] as const;

describe('error catalogue', () => {
  for (const [major, minors, base] of tables) {
    for (const [name, minor] of Object.entries(minors)) {
      it(`${major}/${minor} (${name}) maps to its own typed class`, () => {
        const error = errorFromCodes(major, minor);
        expect(error).toBeInstanceOf(base);
        expect(error).toBeInstanceOf(errorClassFor(major, minor)!);
        expect(error.major).toBe(major);
        expect(error.minor).toBe(minor);
        expect(error.code).toBe(
          `${Object.entries(ErrorMajor).find(([, code]) => code === major)![0]}/${name}`,
        );
        expect(error.name).toMatch(/Error$/);
        expect(error.name).not.toBe(base.name);
      });
    }
  }

  it('has sentence defaults and keeps given messages', () => {
    expect(new NoSpaceError().message).toBe('The server has no room for another client.');
    expect(new ChecksumError('bad crc').message).toBe('bad crc');
    expect(new CertificateInvalidError()).toBeInstanceOf(ConnectionError);
    expect(new ClientDisconnectError().code).toBe('DISCONNECT/CLIENT_DISCONNECT');
    expect(ChecksumError.minor).toBe(PacketMinor.CHECKSUM);
  });

  it('keeps unknown codes instead of guessing', () => {
    const unknownMinor = errorFromCodes(ErrorMajor.PACKET, 12);
    expect(unknownMinor).toBeInstanceOf(PacketError);
    expect(unknownMinor.minor).toBe(12);
    const unknownMajor = errorFromCodes(7, 1);
    expect(unknownMajor).toBeInstanceOf(PaperclipError);
    expect(unknownMajor.code).toBe('MAJOR_7/MINOR_1');
  });
});
