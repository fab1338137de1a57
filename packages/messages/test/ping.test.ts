// Ping codec: the answer is never larger than the query (no amplification), truncation, and malformed input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerPingQuery,
  decodePingAnswer,
  encodePingQuery,
  MAX_PING_QUERY_BYTES,
  MIN_PING_QUERY_BYTES,
} from '../src/ping.ts';

const status = { name: 'Arena', version: '1.0.0', players: 3, games: 1 };

describe('ping', () => {
  it('round-trips status through query and answer', () => {
    const answer = answerPingQuery(encodePingQuery(42, 256), status)!;
    expect(decodePingAnswer(answer, 42)).toEqual({ status, truncated: false });
  });

  it('never answers with more bytes than the query carried, whatever the status (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.string({ maxLength: 400 }),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 100 }), { maxKeys: 8 }),
        (size, name, extra) => {
          const query = encodePingQuery(7, size);
          const answer = answerPingQuery(query, { ...extra, name, version: '1', players: 1, games: 0 });
          if (answer) expect(answer.length).toBeLessThanOrEqual(query.length);
        },
      ),
    );
  });

  it('clamps query sizes to the accepted range and refuses short or foreign queries', () => {
    expect(encodePingQuery(1, 1).length).toBe(MIN_PING_QUERY_BYTES);
    expect(encodePingQuery(1, 1e6).length).toBe(MAX_PING_QUERY_BYTES);
    const short = encodePingQuery(1, 64).subarray(0, 63);
    expect(answerPingQuery(short, status)).toBeUndefined();
    expect(answerPingQuery(new Uint8Array(100), status)).toBeUndefined();
    const wrongVersion = encodePingQuery(1, 100);
    wrongVersion[4] = 9;
    expect(answerPingQuery(wrongVersion, status)).toBeUndefined();
  });

  it('cuts a status that does not fit down to name and version, flagged truncated', () => {
    const big = { ...status, motd: 'x'.repeat(500) };
    const answer = answerPingQuery(encodePingQuery(5, 64), big)!;
    expect(answer.length).toBeLessThanOrEqual(64);
    expect(decodePingAnswer(answer, 5)).toEqual({
      status: { name: 'Arena', version: '1.0.0', players: 0, games: 0 },
      truncated: true,
    });
  });

  it('rejects answers for another nonce or with garbage', () => {
    const answer = answerPingQuery(encodePingQuery(5, 128), status)!;
    expect(() => decodePingAnswer(answer, 6)).toThrowError(/another query/);
    expect(() => decodePingAnswer(new Uint8Array([1, 2, 3]), 6)).toThrowError(
      /not a Paperclip status answer/,
    );
  });
});
