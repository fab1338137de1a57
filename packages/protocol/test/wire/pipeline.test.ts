// The receive pipeline's failure modes: missing/wrong keys, bad ciphertext, decompression bombs, CRC mismatch.
import { createCipheriv } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ChecksumError,
  CompressionError,
  DEFAULT_MAX_INFLATED_BYTES,
  Flag,
  FlagsError,
  FragmentIdError,
  FragmentNumberError,
  InitVectorError,
  openMessage,
  type Packet,
  PacketType,
  sealMessage,
} from '../../src/index.ts';

const key = new Uint8Array(32).fill(7);
const iv = new Uint8Array(16).fill(9);
const randomBytes = () => iv;
const packet = (flags: number, data: Uint8Array, extra: Partial<Packet> = {}): Packet =>
  ({ type: PacketType.DEFAULT, version: 0, flags, sequenceId: 1, data, ...extra }) as Packet;

describe('openMessage', () => {
  it('treats a decompression bomb as a COMPRESSION error without inflating it (64 MiB of zeros, 1 MiB cap)', () => {
    const bomb = deflateRawSync(new Uint8Array(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(128 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => openMessage(packet(Flag.COMPRESSED, bomb))).toThrow(CompressionError);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * DEFAULT_MAX_INFLATED_BYTES);
  });

  it('honours maxInflatedBytes exactly', () => {
    const data = deflateRawSync(new Uint8Array(1000));
    expect(openMessage(packet(Flag.COMPRESSED, data), { maxInflatedBytes: 1000 })).toHaveLength(1000);
    expect(() => openMessage(packet(Flag.COMPRESSED, data), { maxInflatedBytes: 999 })).toThrow(
      CompressionError,
    );
  });

  it('rejects corrupt and truncated DEFLATE streams as COMPRESSION', () => {
    const data = deflateRawSync(new TextEncoder().encode('hello hello hello hello'));
    expect(() => openMessage(packet(Flag.COMPRESSED, data.subarray(0, 3)))).toThrow(CompressionError);
    expect(() => openMessage(packet(Flag.COMPRESSED, Uint8Array.of(0xff, 0xff, 0xff)))).toThrow(
      CompressionError,
    );
  });

  it('reports a CRC mismatch as a CHECKSUM error (the seed only logs it and delivers)', () => {
    const [sealed] = sealMessage({ type: PacketType.DEFAULT, sequenceId: 1 }, Uint8Array.of(1, 2, 3), {
      flags: Flag.CHECKSUM,
      randomBytes,
    });
    expect(openMessage(sealed!)).toEqual(Uint8Array.of(1, 2, 3));
    expect(() => openMessage({ ...sealed!, checksum: sealed!.checksum! ^ 0x8000_0000 })).toThrow(
      ChecksumError,
    );
    expect(() => openMessage({ ...sealed!, data: Uint8Array.of(1, 2, 4) })).toThrow(ChecksumError);
  });

  it('fails ENCRYPTED packets with INIT_VECTOR: no key, short key, bad length, bad padding, wrong key', () => {
    const [sealed] = sealMessage({ type: PacketType.DEFAULT, sequenceId: 1 }, new Uint8Array(20), {
      flags: Flag.ENCRYPTED,
      sessionKey: key,
      randomBytes,
    });
    expect(openMessage(sealed!, { sessionKey: key })).toEqual(new Uint8Array(20));
    expect(() => openMessage(sealed!)).toThrow(InitVectorError);
    expect(() => openMessage(sealed!, { sessionKey: key.subarray(0, 16) })).toThrow(InitVectorError);
    expect(() =>
      openMessage({ ...sealed!, data: sealed!.data.subarray(0, 17) }, { sessionKey: key }),
    ).toThrow(InitVectorError);
    // A block whose plaintext ends in 0x00 is never valid PKCS#7 padding.
    const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    const badPadding = new Uint8Array(Buffer.concat([cipher.update(new Uint8Array(16)), cipher.final()]));
    expect(() =>
      openMessage(packet(Flag.ENCRYPTED, badPadding, { initVector: iv }), { sessionKey: key }),
    ).toThrow(InitVectorError);
    const otherKey = new Uint8Array(32).fill(8);
    expect(() => openMessage(sealed!, { sessionKey: otherKey })).toThrow(InitVectorError);
  });

  it('refuses a packet that is still a fragment', () => {
    expect(() =>
      openMessage(packet(Flag.FRAG, new Uint8Array(1), { fragmentId: 0, fragmentNumber: 2 })),
    ).toThrow(FragmentIdError);
  });
});

describe('sealMessage', () => {
  it('needs a 32-byte key and a 16-byte IV for ENCRYPTED', () => {
    const template = { type: PacketType.DEFAULT, sequenceId: 1 } as const;
    expect(() => sealMessage(template, new Uint8Array(1), { flags: Flag.ENCRYPTED, randomBytes })).toThrow(
      InitVectorError,
    );
    expect(() =>
      sealMessage(template, new Uint8Array(1), {
        flags: Flag.ENCRYPTED,
        sessionKey: key,
        randomBytes: () => new Uint8Array(8),
      }),
    ).toThrow(InitVectorError);
  });

  it('refuses undefined flag bits and messages needing more than 255 fragments', () => {
    const template = { type: PacketType.DEFAULT, sequenceId: 1 } as const;
    expect(() => sealMessage(template, new Uint8Array(1), { flags: 0x01, randomBytes })).toThrow(FlagsError);
    expect(() => sealMessage(template, new Uint8Array(255 * 988 + 1), { flags: 0, randomBytes })).toThrow(
      FragmentNumberError,
    );
  });

  it('draws exactly one IV per message from the injected randomBytes, shared by all fragments', () => {
    const calls: number[] = [];
    const fragments = sealMessage({ type: PacketType.DEFAULT, sequenceId: 3 }, new Uint8Array(3000), {
      flags: Flag.ENCRYPTED | Flag.CHECKSUM,
      sessionKey: key,
      randomBytes: (length) => {
        calls.push(length);
        return iv;
      },
    });
    expect(calls).toEqual([16]);
    expect(fragments).toHaveLength(4);
    for (const fragment of fragments) {
      expect(fragment.initVector).toEqual(iv);
      expect(fragment.checksum).toBe(fragments[0]!.checksum);
      expect(fragment.sequenceId).toBe(3);
    }
  });
});
