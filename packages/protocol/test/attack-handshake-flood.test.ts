// Issue 14, findings 8 (protocol half), 9 and 10: v0 handshake floods and reflection, in virtual time.
import { describe, expect, it } from 'vitest';
import { encodeAuth } from '../src/core/control-packets.ts';
import type { EndpointOptions } from '../src/core/index.ts';
import { sourceOf } from '../src/core/source-address.ts';
import type { HandshakeSuite } from '../src/crypto/handshake-suite.ts';
import { v0HandshakeSuite } from '../src/crypto/v0-handshake.ts';
import { seededRandomBytes } from '../src/testing/seeded-random.ts';
import { SimNetwork } from '../src/testing/sim-network.ts';
import { PacketType } from '../src/wire/constants.ts';
import { fakeCertificate, makeClient, makeServer } from './support/endpoints.ts';

const S = '10.0.0.1:40100';
const LEGIT = '10.9.9.9:50000';

/** One well-formed AUTH (a real P-384 key, so the server does the full ECDH work), replayed by the attacker. */
const spoofedAuth = encodeAuth(
  0,
  v0HandshakeSuite.generateKeyPair(seededRandomBytes(99)).publicKey,
  fakeCertificate(99, 200),
);

type Overrides = Partial<Omit<EndpointOptions, 'role'>>;

/**
 * The flood tests are about admission, not cryptography: this suite swaps P-384 for a XOR of the two public
 * keys (symmetric, so both sides agree), keeping v0's Finished. Thousands of handshakes then cost milliseconds.
 */
const cheapSuite: HandshakeSuite = {
  ...v0HandshakeSuite,
  generateKeyPair(randomBytes) {
    const publicKey = randomBytes(120).slice();
    return {
      publicKey,
      deriveSessionKey: (peer) =>
        peer.length === 120 ? Uint8Array.from({ length: 32 }, (_, i) => publicKey[i]! ^ peer[i]!) : undefined,
    };
  },
};
const cheap = { handshakeSuite: cheapSuite };

function serverNet(seed: number, overrides: Overrides = {}) {
  const net = new SimNetwork({ seed });
  const server = makeServer(1, overrides);
  net.add(S, server);
  const sent: { to: string; bytes: number; type: number }[] = [];
  net.onSend = (from, to, bytes) => {
    if (from === S) sent.push({ to, bytes: bytes.length, type: bytes[0]! });
  };
  return { net, server, sent };
}

/** `count` addresses (distinct IPs, fixed ports), each sending `perSecond` AUTHs for `seconds` from `start`. */
function flood(net: SimNetwork, count: number, perSecond: number, seconds: number, start = 0): void {
  const gap = 1_000 / perSecond;
  for (let round = 0; round < perSecond * seconds; round++) {
    for (let i = 0; i < count; i++) {
      const at = start + round * gap + (i * gap) / count;
      net.inject(`172.${16 + (i >> 16)}.${(i >> 8) & 0xff}.${i & 0xff}:4000`, S, spoofedAuth, at - net.now);
    }
  }
}

function joinedAt(net: SimNetwork, peer: string): boolean {
  return net.eventsOf(S, 'clientJoin').some((event) => event.peer === peer);
}

describe('finding 9: handshake floods', () => {
  it('per-source rate limit: one IP gets a burst of 5 handshakes, then 20/s', () => {
    const { net, server } = serverNet(1);
    // 50 AUTHs at once from one IP (different ports, so none is a repeat).
    for (let port = 0; port < 50; port++) net.inject(`192.0.2.7:${2000 + port}`, S, spoofedAuth);
    net.runUntilTime(1);
    expect(server.stats.handshakesStarted, 'burst of 5 per source').toBe(5);
    expect(server.stats.authRateLimited).toBe(45);
    // One second later the bucket holds 5 again (20/s, capped at the burst).
    net.runUntilTime(1_000);
    for (let port = 100; port < 150; port++) net.inject(`192.0.2.7:${2000 + port}`, S, spoofedAuth);
    net.runUntilTime(1_001);
    expect(server.stats.handshakesStarted).toBe(10);
    // Another source is not affected.
    net.inject('192.0.2.8:2000', S, spoofedAuth);
    net.runUntilTime(1_002);
    expect(server.stats.handshakesStarted).toBe(11);
  });

  it('the per-source table is bounded and its entries expire', () => {
    const { net, server } = serverNet(2, { ...cheap, maxTrackedSources: 64, handshakeTimeoutMs: 500 });
    flood(net, 1_000, 1, 1);
    net.runUntilTime(2_000);
    expect(server.trackedSources).toBeLessThanOrEqual(64);
    net.runUntilTime(30_000);
    net.inject('192.0.2.9:2000', S, spoofedAuth);
    net.runUntilTime(30_001);
    expect(server.trackedSources).toBeLessThanOrEqual(2);
  });

  it('a legitimate client connects during a scaled spoofed flood (2,000 AUTHs/s from 400 addresses)', () => {
    const { net, server } = serverNet(3, { ...cheap, maxHalfOpen: 64 });
    flood(net, 400, 5, 3);
    const client = makeClient(7, cheap);
    net.add(LEGIT, client);
    net.runUntilTime(500);
    client.connect(net.now, S);
    net.runUntil(() => joinedAt(net, LEGIT), 2_500);
    expect(joinedAt(net, LEGIT), 'legit client joined during the flood').toBe(true);
    expect(server.halfOpenCount).toBeLessThanOrEqual(64);
  });

  it('a legitimate client connects while the half-open table is full of spoofed handshakes', () => {
    const { net, server } = serverNet(4, {
      ...cheap,
      maxHalfOpen: 32,
      handshakeRatePerSecond: 1_000_000,
      handshakeBurst: 1_000_000,
    });
    flood(net, 200, 1, 1);
    net.runUntilTime(900);
    expect(server.halfOpenCount).toBe(32);
    const client = makeClient(8, cheap);
    net.add(LEGIT, client);
    client.connect(net.now, S);
    net.runUntil(() => joinedAt(net, LEGIT), 2_000);
    expect(joinedAt(net, LEGIT), 'legit client joined with a full half-open table').toBe(true);
    expect(server.stats.halfOpenEvicted).toBeGreaterThan(0);
  });
});

describe('finding 10: reflection', () => {
  it('repeated AUTHs from one source within the half-open lifetime are answered at most once', () => {
    const { net, server, sent } = serverNet(5);
    const spoofed = '198.51.100.1:4000';
    for (let i = 0; i < 10; i++) net.inject(spoofed, S, spoofedAuth, i * 200);
    net.runUntilTime(2_000);
    const toSpoofed = sent.filter((s) => s.to === spoofed);
    expect(
      toSpoofed.map((s) => s.type),
      'one AUTH + Finished, no more',
    ).toEqual([PacketType.AUTH, PacketType.ACK]);
    expect(server.stats.authRepeatsIgnored).toBe(9);
    // After the half-open lifetime (handshakeTimeoutMs) the source is answered again: a lost reply strands no one.
    net.inject(spoofed, S, spoofedAuth, 10_500 - net.now);
    net.runUntilTime(10_600);
    expect(sent.filter((s) => s.to === spoofed)).toHaveLength(4);
  });

  it('a client whose server reply was lost connects with a retry after the half-open lifetime', () => {
    const { net } = serverNet(6);
    const client = makeClient(9, { handshakeTimeoutMs: 30_000 });
    net.add(LEGIT, client);
    let dropped = 0;
    net.dropIf = (from, to) => from === S && to === LEGIT && dropped++ < 2; // the first AUTH + Finished
    client.connect(net.now, S);
    expect(net.runUntil(() => joinedAt(net, LEGIT), 30_000)).toBe(true);
  });

  it('bytes sent to unvalidated addresses stay within unvalidatedSendBytesPerSecond', () => {
    const { net, server, sent } = serverNet(7, { ...cheap, unvalidatedSendBytesPerSecond: 20_000 });
    flood(net, 200, 1, 2);
    net.runUntilTime(1_999);
    const bytes = sent.reduce((sum, s) => sum + s.bytes, 0);
    // A full bucket (one second's worth) plus two seconds of refill.
    expect(bytes, 'bytes to spoofed addresses in two seconds').toBeLessThanOrEqual(3 * 20_000);
    expect(server.stats.authBudgetDropped).toBeGreaterThan(0);
  });
});

describe('finding 8 (protocol half): half-open handshakes never take a seat', () => {
  function squat(net: SimNetwork, from: string): void {
    net.inject(from, S, spoofedAuth);
  }

  it('AUTHs that never finish do not fill maxClients', () => {
    const { net, server } = serverNet(8, { maxClients: 1 });
    squat(net, '203.0.113.1:4000');
    squat(net, '203.0.113.2:4000');
    net.runUntilTime(10);
    expect(server.halfOpenCount).toBe(2);
    const client = makeClient(10);
    net.add(LEGIT, client);
    client.connect(net.now, S);
    expect(
      net.runUntil(() => joinedAt(net, LEGIT), 5_000),
      'the seat is free for a real client',
    ).toBe(true);
    expect(server.connectedPeers).toEqual([LEGIT]);
  });

  it('two clients racing for the last seat: the first Finished wins, the other gets NO_SPACE', () => {
    const { net, server } = serverNet(9, { maxClients: 1 });
    const first = makeClient(11);
    const second = makeClient(12);
    net.add(LEGIT, first);
    net.add('10.9.9.10:50000', second);
    first.connect(net.now, S);
    second.connect(net.now, S);
    net.runUntil(() => net.eventsOf('10.9.9.10:50000', 'disconnect').length === 1, 5_000);
    expect(server.connectedPeers).toHaveLength(1);
    expect(net.eventsOf('10.9.9.10:50000', 'disconnect')[0]!.reason.message).toMatch(/full|space/i);
  });
});

describe('lobby seats: one account, one seat (maxPeersPerAccount)', () => {
  it('a second peer of the same account is refused with NO_SPACE; another account gets in', () => {
    const net = new SimNetwork({ seed: 10 });
    const server = makeServer(1, { maxPeersPerAccount: 1 });
    // The validator reads the account from the peer's address: two peers of account 5, one of account 6.
    net.add(S, server, {
      validate: (_, peer) => ({ valid: true, accountId: peer.startsWith('10.5.') ? 5 : 6 }),
    });
    const first = makeClient(21);
    const second = makeClient(22);
    const other = makeClient(23);
    net.add('10.5.0.1:50000', first);
    net.add('10.5.0.2:50000', second);
    net.add('10.6.0.1:50000', other);
    first.connect(net.now, S);
    expect(net.runUntil(() => joinedAt(net, '10.5.0.1:50000'), 5_000)).toBe(true);
    second.connect(net.now, S);
    other.connect(net.now, S);
    net.runUntil(
      () => net.eventsOf('10.5.0.2:50000', 'disconnect').length === 1 && joinedAt(net, '10.6.0.1:50000'),
      5_000,
    );
    expect(net.eventsOf('10.5.0.2:50000', 'disconnect')[0]!.reason.message).toMatch(/already holds a seat/);
    expect(server.stats.accountSeatRefused).toBe(1);
    expect(server.connectedPeers.sort()).toEqual(['10.5.0.1:50000', '10.6.0.1:50000']);
  });

  it('two handshakes of one account racing: only one joins', () => {
    const net = new SimNetwork({ seed: 11 });
    const server = makeServer(1, { maxPeersPerAccount: 1 });
    net.add(S, server, { validate: () => ({ valid: true, accountId: 5 }) });
    const first = makeClient(24);
    const second = makeClient(25);
    net.add('10.5.0.1:50000', first);
    net.add('10.5.0.2:50000', second);
    first.connect(net.now, S);
    second.connect(net.now, S);
    net.runUntil(() => net.eventsOf(S, 'clientJoin').length === 1 && server.halfOpenCount === 0, 5_000);
    net.runUntilTime(net.now + 2_000);
    expect(server.connectedPeers).toHaveLength(1);
    expect(server.stats.accountSeatRefused).toBe(1);
  });
});

describe('finding 9: garbage-certificate floods spend little of the byte budget', () => {
  it('refused certificates cost a short ERROR each, not a full reply', () => {
    const net = new SimNetwork({ seed: 12 });
    const server = makeServer(1, { unvalidatedSendBytesPerSecond: 20_000 });
    net.add(S, server, { validate: () => ({ valid: false, accountId: null }) });
    let bytes = 0;
    net.onSend = (from, _to, datagram) => {
      if (from === S) bytes += datagram.length;
    };
    flood(net, 200, 1, 1);
    net.runUntilTime(999);
    expect(server.stats.handshakesStarted).toBe(200);
    expect(server.stats.authBudgetDropped).toBe(0);
    expect(bytes).toBeLessThanOrEqual(200 * 64);
  });
});

describe('per-source keys', () => {
  it('IPv4 by host, IPv6 by /64, IPv4-mapped IPv6 as IPv4', () => {
    expect(sourceOf('192.0.2.1:4000')).toBe('192.0.2.1');
    expect(sourceOf('[2001:db8::1]:4000')).toBe('2001:db8:0:0::/64');
    expect(sourceOf('[2001:0db8:0001:0002:aaaa::9]:1')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('[2001:db8:1:2:ffff:1:2:3]:1')).toBe(sourceOf('[2001:db8:1:2::7]:9'));
    expect(sourceOf('[::1]:4000')).toBe('0:0:0:0::/64');
    expect(sourceOf('[::ffff:192.0.2.1]:4000')).toBe('192.0.2.1');
  });
});
