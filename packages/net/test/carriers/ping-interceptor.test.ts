// pingInterceptor: answers ping queries before the v0 core, never larger than the query, rate-limited per source.
import {
  decodePingAnswer,
  encodePingQuery,
  MessageErrorCode,
  MessageRegistry,
  MessageServer,
  type ServerStatus,
} from '@paperclip/messages';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PING_BURST,
  DEFAULT_PING_RATE_PER_SECOND,
  pingInterceptor,
} from '../../src/carriers/ping-interceptor.ts';
import { UdpAcceptor } from '../../src/carriers/udp-carrier.ts';
import { pingUdp } from '../../src/carriers/udp-ping.ts';
import { acceptAnyCertificate } from '../../src/certs/validators.ts';

const STATUS: ServerStatus = { name: 'Test server', version: '1.2.3', players: 2, games: 1 };

/** Runs one datagram through the interceptor; returns whether it was consumed and what was sent back. */
function offer(intercept: ReturnType<typeof pingInterceptor>, datagram: Uint8Array, from = '192.0.2.1:4000') {
  const replies: Uint8Array[] = [];
  const consumed = intercept(datagram, from, (answer) => replies.push(answer));
  return { consumed, replies };
}

describe('pingInterceptor', () => {
  it('answers a query with the status, and leaves every other datagram to the core', () => {
    const intercept = pingInterceptor(() => STATUS);
    const { consumed, replies } = offer(intercept, encodePingQuery(7, 128));
    expect(consumed).toBe(true);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.length).toBeLessThanOrEqual(128);
    expect(decodePingAnswer(replies[0]!, 7).status).toEqual(STATUS);
    expect(offer(intercept, new Uint8Array([0x01, 0x02, 0x03])).consumed).toBe(false);
  });

  it('takes its answer from a MessageServer-like source, and never sends one longer than the query', () => {
    const long = new Uint8Array(200).fill(1);
    const intercept = pingInterceptor({ answerPing: () => long });
    const { consumed, replies } = offer(intercept, encodePingQuery(1, 64));
    expect(consumed).toBe(true);
    expect(replies).toHaveLength(0);
  });

  it(`answers a burst of ${DEFAULT_PING_BURST} per source by default, then ${DEFAULT_PING_RATE_PER_SECOND} per second`, () => {
    let now = 0;
    const intercept = pingInterceptor(() => STATUS, { now: () => now });
    const query = encodePingQuery(3, 128);
    let answered = 0;
    for (let i = 0; i < DEFAULT_PING_BURST + 5; i++) answered += offer(intercept, query).replies.length;
    expect(answered).toBe(DEFAULT_PING_BURST);
    // Over the limit the query is still consumed: it must never reach the core as a v0 datagram.
    expect(offer(intercept, query)).toEqual({ consumed: true, replies: [] });
    // Another source has its own bucket (an IPv6 source counts per /64).
    expect(offer(intercept, query, '192.0.2.2:4000').replies).toHaveLength(1);
    now += 1000;
    answered = 0;
    for (let i = 0; i < DEFAULT_PING_RATE_PER_SECOND + 5; i++)
      answered += offer(intercept, query).replies.length;
    expect(answered).toBe(DEFAULT_PING_RATE_PER_SECOND);
  });

  it('takes its rate and burst as options', () => {
    let now = 0;
    const intercept = pingInterceptor(() => STATUS, { ratePerSecond: 1, burst: 2, now: () => now });
    const query = encodePingQuery(4, 128);
    const count = (n: number, from?: string) =>
      Array.from({ length: n }, () => offer(intercept, query, from).replies.length).reduce(
        (a, b) => a + b,
        0,
      );
    expect(count(5)).toBe(2);
    expect(count(3, '[2001:db8::1]:1')).toBe(2);
    expect(count(3, '[2001:db8::2]:1')).toBe(0); // same /64
    now += 1000;
    expect(count(5)).toBe(1);
  });

  it("UdpAcceptor's pingRateLimit option reaches its interceptor", async () => {
    const server = new MessageServer({ registry: new MessageRegistry([]), status: STATUS });
    // One answer, then (at one token per ~3 hours) none for the rest of the test.
    const udp = new UdpAcceptor({
      server: { validator: acceptAnyCertificate },
      pingRateLimit: { ratePerSecond: 0.0001, burst: 1 },
    });
    await server.listen(udp);
    try {
      expect((await pingUdp(udp.address)).status).toEqual(STATUS);
      await expect(pingUdp(udp.address, { timeoutMs: 200 })).rejects.toMatchObject({
        code: MessageErrorCode.TIMEOUT,
      });
    } finally {
      await server.close();
    }
  });
});
