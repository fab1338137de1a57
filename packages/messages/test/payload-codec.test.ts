// Payload limits: every msgpack bound is an option with a safe default, and each one is enforced.
import { encode } from '@msgpack/msgpack';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { defineMessage } from '../src/define-message.ts';
import { DEFAULT_PAYLOAD_LIMITS, PayloadCodec } from '../src/payload-codec.ts';

const tight = new PayloadCodec({
  maxStrLength: 8,
  maxBinLength: 8,
  maxArrayLength: 4,
  maxMapLength: 4,
  maxExtLength: 4,
  maxDepth: 3,
});

describe('PayloadCodec limits', () => {
  it.each([
    ['maxStrLength', 'x'.repeat(9)],
    ['maxBinLength', new Uint8Array(9)],
    ['maxArrayLength', [1, 2, 3, 4, 5]],
    ['maxMapLength', { a: 1, b: 2, c: 3, d: 4, e: 5 }],
    ['maxDepth', [[[['deep']]]]],
  ])('%s rejects a payload over the bound with INVALID_PAYLOAD', (_limit, value) => {
    expect(() => tight.decode(encode(value))).toThrowError(
      expect.objectContaining({ code: 'PC_MSG_INVALID_PAYLOAD' }),
    );
  });

  it('accepts payloads at the bound', () => {
    expect(tight.decode(encode({ a: [[1]], s: 'x'.repeat(8), b: new Uint8Array(8) }))).toBeTruthy();
  });

  it('refuses __proto__ keys, trailing bytes and garbage', () => {
    const proto = Uint8Array.from([0x81, 0xa9, ...Buffer.from('__proto__'), 0x01]);
    for (const bytes of [proto, Uint8Array.from([0xc0, 0xc0]), Uint8Array.from([0xc1])]) {
      expect(() => tight.decode(bytes)).toThrowError(
        expect.objectContaining({ code: 'PC_MSG_INVALID_PAYLOAD' }),
      );
    }
  });

  it('checks the schema and names the failing path', () => {
    const type = defineMessage('test:point', Type.Object({ x: Type.Integer(), y: Type.Integer() }));
    const codec = new PayloadCodec(DEFAULT_PAYLOAD_LIMITS);
    expect(codec.decodeChecked(type, encode({ x: 1, y: 2 }))).toEqual({ x: 1, y: 2 });
    expect(() => codec.decodeChecked(type, encode({ x: 1, y: 'two' }))).toThrowError(/test:point.*\/y/);
  });

  it('has safe defaults', () => {
    expect(DEFAULT_PAYLOAD_LIMITS).toEqual({
      maxStrLength: 65_536,
      maxBinLength: 65_536,
      maxArrayLength: 4096,
      maxMapLength: 1024,
      maxExtLength: 64,
      maxDepth: 32,
    });
  });
});
