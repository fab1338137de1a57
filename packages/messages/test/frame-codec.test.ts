// Frame codec: byte layout, round trips, limits, and a fuzz property (hostile bytes only ever raise MessageError).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageError } from '../src/errors.ts';
import { decodeFrames, encodeFrame } from '../src/frame-codec.ts';

const limits = { maxMessageBytes: 1024, maxFramesPerPacket: 64 };
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('frame codec', () => {
  it('lays out head varint, length varint, u16 sequence or varint frame number, payload', () => {
    // id 16, reliable-ordered (0): head 64 = 0x40; length 2; sequence 0x0102; payload a1 b2
    expect(hex(encodeFrame(16, 0, 0x0102, new Uint8Array([0xa1, 0xb2])))).toBe('40020102a1b2');
    // id 16, unreliable (2): head 66 = 0x42; length 1; frame number 0; payload c0
    expect(hex(encodeFrame(16, 2, 0, new Uint8Array([0xc0])))).toBe('420100c0');
    // id 40, reliable-unordered (1): head 161 = 0xa1 0x01 (LEB128); length 0; frame number 300 = 0xac 0x02
    expect(hex(encodeFrame(40, 1, 300, new Uint8Array(0)))).toBe('a10100ac02');
  });

  it('round-trips several frames packed in one packet', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.integer({ min: 0, max: 100_000 }),
            wire: fc.integer({ min: 0, max: 3 }),
            seq: fc.integer({ min: 0, max: 0xffff }), // also a valid frame number (below 2^28)
            payload: fc.uint8Array({ maxLength: 300 }),
          }),
          { maxLength: 20 },
        ),
        (frames) => {
          const encoded = frames.map((f) => encodeFrame(f.id, f.wire, f.seq, f.payload));
          const packet = new Uint8Array(Buffer.concat(encoded));
          const decoded = decodeFrames(packet, limits);
          expect(decoded.map((f) => [f.messageId, f.deliveryWire, f.sequence, hex(f.payload)])).toEqual(
            frames.map((f) => [f.id, f.wire, f.seq, hex(f.payload)]),
          );
        },
      ),
    );
  });

  it('never throws anything but MessageError and never reads past the packet (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          for (const frame of decodeFrames(bytes, limits)) {
            expect(frame.payload.byteOffset + frame.payload.length).toBeLessThanOrEqual(
              bytes.byteOffset + bytes.length,
            );
          }
        } catch (error) {
          expect(error).toBeInstanceOf(MessageError);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('enforces maxMessageBytes and maxFramesPerPacket', () => {
    const big = encodeFrame(16, 2, undefined, new Uint8Array(1025));
    expect(() => decodeFrames(big, limits)).toThrowError(
      expect.objectContaining({ code: 'PC_MSG_LIMIT_EXCEEDED' }),
    );
    const many = new Uint8Array(
      Buffer.concat(Array.from({ length: 65 }, () => encodeFrame(16, 2, undefined, new Uint8Array(0)))),
    );
    expect(() => decodeFrames(many, limits)).toThrowError(
      expect.objectContaining({ code: 'PC_MSG_LIMIT_EXCEEDED' }),
    );
  });

  it('rejects truncated frames and over-long varints as MALFORMED_FRAME', () => {
    for (const bad of ['4005aabb', '40', '400201', 'ffffffff7f00', '4201', '4201ffffffff7f00']) {
      expect(() => decodeFrames(Buffer.from(bad, 'hex'), limits)).toThrowError(
        expect.objectContaining({ code: 'PC_MSG_MALFORMED_FRAME' }),
      );
    }
  });
});
