// The seed's JSON payloads: byte-exact replies (Python json.dumps), tolerant choice parsing, detection.
import { describe, expect, it } from 'vitest';
import {
  decodeSeedChoice,
  encodeSeedChoice,
  encodeSeedReply,
  looksLikeSeedJson,
  MAX_SEED_PAYLOAD_BYTES,
} from '../src/seed-json.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

describe('seed JSON', () => {
  it('encodes the reply exactly as the seed server json.dumps it', () => {
    const reply = encodeSeedReply({
      outcome: 1,
      choice: 0,
      otherChoice: 2,
      score: { score: 1, accountId: '5' },
      otherScore: { score: 0, accountId: null },
    });
    expect(text(reply)).toBe(
      '{"outcome": 1, "choice": 0, "otherChoice": 2, "score": {"score": 1, "accountId": "5"}, ' +
        '"otherScore": {"score": 0, "accountId": null}}',
    );
    expect(
      text(
        encodeSeedReply({
          outcome: 2,
          choice: 1,
          otherChoice: 1,
          score: { score: 0, accountId: 'é' },
          otherScore: { score: 3, accountId: 12 },
        }),
      ),
    ).toContain('"accountId": "\\u00e9"}, "otherScore": {"score": 3, "accountId": 12}}');
  });

  it('encodes and decodes the seed client choice', () => {
    expect(text(encodeSeedChoice(2))).toBe('{"choice": 2}');
    expect(decodeSeedChoice(bytes('{"choice": 1}'))).toBe(1);
    expect(decodeSeedChoice(bytes('{"choice": 3}'))).toBeUndefined();
    expect(decodeSeedChoice(bytes('{"choice": "1"}'))).toBeUndefined();
    expect(decodeSeedChoice(bytes('[1]'))).toBeUndefined();
    expect(decodeSeedChoice(bytes('{"choice":'))).toBeUndefined();
    expect(decodeSeedChoice(new Uint8Array([0x7b, 0xff, 0x7d]))).toBeUndefined();
  });

  it('refuses payloads over the size limit before parsing', () => {
    const padded = `{"choice": 1${' '.repeat(MAX_SEED_PAYLOAD_BYTES)}}`;
    expect(decodeSeedChoice(bytes(padded))).toBeUndefined();
    expect(decodeSeedChoice(bytes(padded), MAX_SEED_PAYLOAD_BYTES * 2)).toBe(1);
    expect(decodeSeedChoice(bytes('{"choice": 2}'), 12)).toBeUndefined();
    expect(decodeSeedChoice(bytes('{"choice": 2}'), 13)).toBe(2);
  });

  it('tells seed JSON from message-layer frames', () => {
    expect(looksLikeSeedJson(bytes('{"choice": 0}'))).toBe(true);
    expect(looksLikeSeedJson(bytes(' \n{"choice": 0}'))).toBe(true);
    expect(looksLikeSeedJson(new Uint8Array([0x00, 0x05, 0x00, 0x00]))).toBe(false);
    expect(looksLikeSeedJson(new Uint8Array([]))).toBe(false);
  });
});
