// The v0 error catalogue: one typed PC_WIRE_* class per minor, carrying the seed's wire codes.
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
        expect(error.wireName).toBe(
          `${Object.entries(ErrorMajor).find(([, code]) => code === major)![0]}/${name}`,
        );
        expect(error.code).toMatch(/^PC_WIRE_[A-Z_]+$/);
        expect(error.code).toBe(errorClassFor(major, minor)!.code);
        expect(error.name).toMatch(/Error$/);
        expect(error.name).not.toBe(base.name);
      });
    }
  }

  it('has sentence defaults and keeps given messages', () => {
    expect(new NoSpaceError().message).toBe('The server has no room for another client.');
    expect(new ChecksumError('bad crc').message).toBe('bad crc');
    expect(new CertificateInvalidError()).toBeInstanceOf(ConnectionError);
    expect(new ClientDisconnectError().code).toBe('PC_WIRE_CLIENT_DISCONNECT');
    expect(new ClientDisconnectError().wireName).toBe('DISCONNECT/CLIENT_DISCONNECT');
    expect(ChecksumError.row.minor).toBe(PacketMinor.CHECKSUM);
    expect(new ChecksumError()).not.toBeInstanceOf(ConnectionError);
  });

  it('keeps unknown codes instead of guessing', () => {
    const unknownMinor = errorFromCodes(ErrorMajor.PACKET, 12);
    expect(unknownMinor).toBeInstanceOf(PacketError);
    expect(unknownMinor.minor).toBe(12);
    expect(unknownMinor.code).toBe('PC_WIRE_UNKNOWN_CODE');
    const unknownMajor = errorFromCodes(7, 1);
    expect(unknownMajor).toBeInstanceOf(PaperclipError);
    expect(unknownMajor).not.toBeInstanceOf(PacketError);
    expect([unknownMajor.major, unknownMajor.minor]).toEqual([7, 1]);
    expect(unknownMajor.wireName).toBe('MAJOR_7/MINOR_1');
    expect(unknownMajor.message).toBe('Peer reported an unknown error code 7/1.');
  });
});
