// Address keys and flag parsing used by the UDP driver and the CLI.
import { Flag } from '@paperclip/protocol';
import { describe, expect, it } from 'vitest';
import { AddressFormatError, formatAddress, parseAddress } from '../../src/udp/address.ts';
import { FlagFormatError, flagNames, parseFlags } from '../../src/udp/flags.ts';

describe('addresses', () => {
  it('formats IPv4 as host:port and IPv6 bracketed, and parses both back', () => {
    expect(formatAddress('127.0.0.1', 40100)).toBe('127.0.0.1:40100');
    expect(formatAddress('::1', 40100)).toBe('[::1]:40100');
    expect(parseAddress('127.0.0.1:40100')).toEqual({ host: '127.0.0.1', port: 40100 });
    expect(parseAddress('[::1]:5')).toEqual({ host: '::1', port: 5 });
    expect(parseAddress('localhost:7')).toEqual({ host: 'localhost', port: 7 });
  });

  it.each([
    '',
    '127.0.0.1',
    ':80',
    'host:',
    'host:65536',
    'host:-1',
    'host:1e3',
    '::1:80',
    '[x]:80',
  ])('rejects %j with a sentence', (text) => {
    expect(() => parseAddress(text)).toThrow(AddressFormatError);
  });
});

describe('flags', () => {
  it('accepts names (list, comma or pipe text, any case) and bits', () => {
    const reliableEncrypted = Flag.RELIABLE | Flag.ENCRYPTED;
    expect(parseFlags('RELIABLE,ENCRYPTED')).toBe(reliableEncrypted);
    expect(parseFlags('reliable | encrypted')).toBe(reliableEncrypted);
    expect(parseFlags(['RELIABLE', 'ENCRYPTED'])).toBe(reliableEncrypted);
    expect(parseFlags('CHECKSUM')).toBe(Flag.CHECKSUM);
    expect(parseFlags(reliableEncrypted)).toBe(reliableEncrypted);
    expect(parseFlags('')).toBe(0);
    expect(parseFlags(undefined)).toBe(0);
    expect(flagNames(Flag.RELIABLE | Flag.COMPRESSED | Flag.FRAG)).toEqual([
      'RELIABLE',
      'COMPRESSED',
      'FRAG',
    ]);
  });

  it('rejects unknown names and bits outside the v0 mask', () => {
    expect(() => parseFlags('RELIABLE,FAST')).toThrow(FlagFormatError);
    expect(() => parseFlags(0x01)).toThrow(/not a Paperclip flag/);
    expect(() => parseFlags(1.5)).toThrow(FlagFormatError);
  });
});
